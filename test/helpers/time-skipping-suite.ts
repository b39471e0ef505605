import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { standardTiming } from '../../src/domain/timing';
import type { StartOptions } from '../../src/simulator/liveperson/server';
import { type ErasureHarness, type HarnessOptions, startErasureHarness } from './erasure-harness';
import { timeSkippingEnv } from './temporal';
import { finishOn, syncClocks } from './time-skipping';

/** What a time-skipping test file gets: the environment, and a fresh harness per test. */
export interface TimeSkippingSuite {
  readonly env: TestWorkflowEnvironment;
  /** A harness with the real 30-day defaults whose simulator follows the test server's clock. */
  harness(
    simulator?: StartOptions,
    options?: Pick<
      HarnessOptions,
      | 'governed'
      | 'governorMonthlyQuota'
      | 'governorMaxSignalsPerRun'
      | 'platforms'
      | 'webhooks'
      | 'warehouse'
      | 'apiBasePath'
      | 'genesys'
      | 'httpTimeoutMs'
    >,
  ): Promise<ErasureHarness>;
  /** Moves the harness's simulator clocks (every platform's) to the test server's time and returns it. */
  syncClock(x: ErasureHarness): Promise<number>;
  /**
   * Skips time a day at a time until the workflow closes, then returns its result. Awaiting `result()`
   * alone does not always unlock the test server's clock when a second workflow (a governor) is in
   * play; explicit sleeps always do.
   */
  // biome-ignore lint/suspicious/noExplicitAny: a handle of any workflow type, whatever its arguments
  finish<T>(handle: WorkflowHandle<(...args: any[]) => Promise<T>>, maxDays?: number): Promise<T>;
}

/**
 * Registers the hooks of a time-skipping test file: one server for the file (time skipping is global to
 * it, so its tests run one after another), a harness per test, everything torn down even on failure.
 */
export function timeSkippingSuite(): TimeSkippingSuite {
  let env: TestWorkflowEnvironment | undefined;
  let current: ErasureHarness | undefined;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await env?.teardown();
  });
  const ready = (): TestWorkflowEnvironment => {
    if (!env) throw new Error('the time-skipping environment is not started yet');
    return env;
  };
  return {
    get env() {
      return ready();
    },
    async harness(simulator = {}, options = {}) {
      current = await startErasureHarness(ready(), {
        timing: standardTiming,
        clock: 'follow',
        simulator,
        ...options,
      });
      return current;
    },
    syncClock: (x) => syncClocks(ready(), x),
    finish: (handle, maxDays) => finishOn(ready(), handle, maxDays),
  };
}
