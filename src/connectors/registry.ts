import type { Dispatcher } from 'undici';
import { type Config, platformClockOf } from '../config';
import { platformTimeAt } from '../domain/platform-clock';
import { type PlatformId, platformIds } from '../domain/platforms';
import { chatbotConnector } from './chatbot/from-settings';
import { genesysConnector } from './genesys/from-settings';
import { livepersonConnector } from './liveperson/from-settings';
import type { ConnectorDeps } from './platform-deps';
import { defaultRetryPolicy, type RetryPolicy, realSleep } from './retry';
import type { Connector } from './types';

/** Each platform's settings, as the configuration's block of that name holds them. */
export type PlatformSettings = { readonly [P in PlatformId]?: Config[P] };

/** How each platform's connector is made from its settings: one line per platform. */
const FACTORIES: {
  readonly [P in PlatformId]: (settings: NonNullable<Config[P]>, deps: ConnectorDeps) => Connector;
} = {
  liveperson: livepersonConnector,
  genesys: genesysConnector,
  chatbot: chatbotConnector,
};

/** The clock and retries of one platform's connector. */
export interface PlatformClockDeps {
  readonly now: () => number;
  readonly retry: RetryPolicy;
}

/**
 * The composition root of the connectors: one for every platform with settings, built the same way for
 * a worker, the local stack, the tests and the benchmarks. Only the clock differs (`clockOf`).
 */
export function buildConnectors(
  settings: PlatformSettings,
  deps: {
    readonly dispatcher: Dispatcher;
    readonly timeoutMs: number;
    readonly clockOf: (platform: PlatformId) => PlatformClockDeps;
  },
): Partial<Record<PlatformId, Connector>> {
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  for (const platform of platformIds) {
    const own = settings[platform];
    if (own === undefined) continue;
    const make = FACTORIES[platform] as (s: typeof own, d: ConnectorDeps) => Connector;
    connectors[platform] = make(own, {
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
): Partial<Record<PlatformId, Connector>> {
  const clock = platformClockOf(config);
  const clockDeps: PlatformClockDeps = {
    now: () => platformTimeAt(clock, Date.now()),
    retry: { ...defaultRetryPolicy, sleep: realSleep(clock ? 1 / clock.rate : 1) },
  };
  return buildConnectors(config, { dispatcher, timeoutMs: config.httpTimeoutMs, clockOf: () => clockDeps });
}
