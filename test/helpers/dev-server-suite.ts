import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import type { PlatformId } from '../../src/domain/platforms';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import type { StartOptions } from '../../src/simulator/liveperson/server';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { type ErasureHarness, startErasureHarness } from './erasure-harness';
import { quietRuntime } from './temporal';

/** A compressed day for end-to-end runs: the 30-day schedule takes 6 s. */
export const E2E_DAY_MS = 200;

/** What an end-to-end test file gets: the dev server and one harness on it. */
export interface DevServerSuite {
  readonly env: TestWorkflowEnvironment;
  readonly x: ErasureHarness;
}

/**
 * Registers the hooks of an end-to-end file: one dev server (with `extraArgs`) and one governed harness
 * on the compressed clock for the whole file, torn down even on failure.
 */
export function devServerSuite(
  options: {
    extraArgs?: string[];
    simulator?: StartOptions;
    platforms?: readonly PlatformId[];
    warehouse?: () => Promise<Warehouse>;
    logSink?: (line: string) => void;
  } = {},
): DevServerSuite {
  let env: TestWorkflowEnvironment | undefined;
  let x: ErasureHarness | undefined;
  let warehouse: Warehouse | undefined;
  beforeAll(async () => {
    quietRuntime();
    warehouse = await options.warehouse?.();
    env = await startDevServer({ extraArgs: options.extraArgs ?? [] });
    x = await startErasureHarness(env, {
      timing: timingForDay(E2E_DAY_MS),
      clock: 'real',
      governed: true,
      ...(options.platforms ? { platforms: options.platforms } : {}),
      ...(warehouse ? { warehouse } : {}),
      ...(options.logSink ? { logSink: options.logSink } : {}),
      simulator: { graceMs: 5 * E2E_DAY_MS, processingMs: 20 * E2E_DAY_MS, ...options.simulator },
    });
  });
  afterAll(async () => {
    await x?.close();
    await warehouse?.close();
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the dev server is not started yet');
      return env;
    },
    get x() {
      if (!x) throw new Error('the harness is not started yet');
      return x;
    },
  };
}
