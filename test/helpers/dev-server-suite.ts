import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll } from 'vitest';
import type { PlatformId } from '../../src/domain/platforms';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import type { StartOptions } from '../../src/simulator/liveperson/server';
import type { Warehouse } from '../../src/warehouse/warehouse';
import { type ErasureHarness, startErasureHarness } from './erasure-harness';
import { freePort } from './ports';
import { privacySweep } from './privacy-sweep';
import { quietRuntime } from './temporal';

/** A compressed day for end-to-end runs: the 30-day schedule takes 6 s. */
export const E2E_DAY_MS = 200;

/** What an end-to-end test file gets: the dev server and one harness on it. */
export interface DevServerSuite {
  readonly env: TestWorkflowEnvironment;
  readonly x: ErasureHarness;
  /** Personal values a test seeded: after the file, no history, search attribute, memo or log line may hold one. */
  remember(values: readonly string[]): void;
  /** Every log line the activities wrote. */
  readonly logLines: readonly string[];
  /** The Web UI's port, when the suite serves one (`webUi`). */
  readonly uiPort: number;
}

/** The dev server's Web UI, served on a free port. */
export interface WebUiOptions {
  /** Starts whatever the UI should decode payloads with (its origins need the port) and returns its URL. */
  codecEndpoint?: (uiPort: number) => Promise<string>;
}

/**
 * Registers the hooks of an end-to-end file: one dev server (with `extraArgs`, and its Web UI with
 * `webUi`) and one governed harness on the compressed clock for the whole file, torn down even on failure.
 */
export function devServerSuite(
  options: {
    extraArgs?: string[];
    simulator?: StartOptions;
    platforms?: readonly PlatformId[];
    warehouse?: () => Promise<Warehouse>;
    webUi?: WebUiOptions;
    /** A longer compressed day, for a file whose recovery waits (real seconds) must fit the hard stop. */
    dayMs?: number;
  } = {},
): DevServerSuite {
  let env: TestWorkflowEnvironment | undefined;
  let x: ErasureHarness | undefined;
  let warehouse: Warehouse | undefined;
  const seeded: string[] = [];
  const logLines: string[] = [];
  let uiPort: number | undefined;
  beforeAll(async () => {
    quietRuntime();
    warehouse = await options.warehouse?.();
    const extraArgs = [...(options.extraArgs ?? [])];
    if (options.webUi) {
      uiPort = await freePort();
      const codec = await options.webUi.codecEndpoint?.(uiPort);
      if (codec) extraArgs.push('--ui-codec-endpoint', codec);
    }
    env = await startDevServer({ extraArgs, ...(uiPort !== undefined ? { uiPort } : {}) });
    x = await startErasureHarness(env, {
      timing: timingForDay(options.dayMs ?? E2E_DAY_MS),
      clock: 'real',
      governed: true,
      ...(options.platforms ? { platforms: options.platforms } : {}),
      ...(warehouse ? { warehouse } : {}),
      logSink: (line) => logLines.push(line),
      ...(options.simulator ? { simulator: options.simulator } : {}),
    });
  });
  afterAll(async () => {
    // The privacy sweep of everything this file ran (DESIGN §5): a finding fails the file.
    const sweep = env && seeded.length > 0 ? await privacySweep(env.client, seeded, logLines) : undefined;
    await x?.close();
    await warehouse?.close();
    await env?.teardown();
    if (sweep && sweep.findings.length > 0)
      throw new Error(
        `personal data left behind: ${sweep.findings.map((f) => `${f.value} in ${f.where}`).join('; ')}`,
      );
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
    get uiPort() {
      if (uiPort === undefined) throw new Error('the suite serves no Web UI (webUi option)');
      return uiPort;
    },
    remember(values) {
      seeded.push(...values);
    },
    logLines,
  };
}
