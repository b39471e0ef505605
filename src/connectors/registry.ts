import type { Dispatcher } from 'undici';
import { type Config, platformClockOf } from '../config';
import { platformTimeAt } from '../domain/platform-clock';
import { type PlatformId, platformIds } from '../domain/platforms';
import type { PlatformRuntime } from './platform-deps';
import { defaultRetryPolicy, type RetryPolicy, realSleep } from './retry';
import type { Connector } from './types';

/** Each platform's settings, as the configuration's block of that name holds them. */
export type PlatformSettings = { readonly [P in PlatformId]?: Config[P] };

/**
 * A platform's run-time parts, from its own folder: `src/connectors/<id>/runtime.ts`. Loaded by the
 * platform's id, so that no file here names a platform (a platform is its folders plus its line in
 * src/domain/platforms.ts), and only when it is configured.
 */
export async function platformRuntime<P extends PlatformId>(
  platform: P,
): Promise<PlatformRuntime<NonNullable<Config[P]>>> {
  // Not a pattern for the test runner's bundler to expand: resolved at run time, like Node does.
  const loaded = (await import(/* @vite-ignore */ `./${platform}/runtime.js`)) as {
    runtime?: PlatformRuntime<NonNullable<Config[P]>>;
  };
  if (!loaded.runtime) throw new Error(`src/connectors/${platform}/runtime.ts exports no runtime`);
  return loaded.runtime;
}

/** The clock and retries of one platform's connector. */
export interface PlatformClockDeps {
  readonly now: () => number;
  readonly retry: RetryPolicy;
}

/**
 * The composition root of the connectors: one for every platform with settings, built the same way for
 * a worker, the local stack, the tests and the benchmarks. Only the clock differs (`clockOf`).
 */
export async function buildConnectors(
  settings: PlatformSettings,
  deps: {
    readonly dispatcher: Dispatcher;
    readonly timeoutMs: number;
    readonly clockOf: (platform: PlatformId) => PlatformClockDeps;
  },
): Promise<Partial<Record<PlatformId, Connector>>> {
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  for (const platform of platformIds) {
    const own = settings[platform];
    if (own === undefined) continue;
    const { connector } = await platformRuntime(platform);
    connectors[platform] = connector(own, {
      dispatcher: deps.dispatcher,
      timeoutMs: deps.timeoutMs,
      ...deps.clockOf(platform),
    });
  }
  return connectors;
}

/**
 * A worker's connectors: every platform the configuration names, on the platforms' clock of the time
 * profile (real time, or compressed from its epoch), their retries waiting on its scale.
 */
export function createConnectors(
  config: Config,
  dispatcher: Dispatcher,
): Promise<Partial<Record<PlatformId, Connector>>> {
  const clock = platformClockOf(config);
  const clockDeps: PlatformClockDeps = {
    now: () => platformTimeAt(clock, Date.now()),
    retry: { ...defaultRetryPolicy, sleep: realSleep(clock ? 1 / clock.rate : 1) },
  };
  return buildConnectors(config, { dispatcher, timeoutMs: config.httpTimeoutMs, clockOf: () => clockDeps });
}
