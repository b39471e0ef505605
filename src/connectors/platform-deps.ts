import type { Dispatcher } from 'undici';
import type { RetryPolicy } from './retry';
import type { Connector } from './types';

/** What every connector is built with besides its own settings: the HTTP stack and its platform's clock. */
export interface ConnectorDeps {
  readonly dispatcher: Dispatcher;
  /** Timeout of one platform call. */
  readonly timeoutMs: number;
  /** The platform's clock: search windows, dates sent, token expiry. */
  readonly now: () => number;
  /** How reads are retried inside a call, waiting on the same clock. */
  readonly retry: RetryPolicy;
}

/**
 * What a platform's folder gives Lethe at run time (`src/connectors/<platform>/runtime.ts`, loaded by
 * the registry by the platform's id): how to build its connector from its settings.
 */
export interface PlatformRuntime<S> {
  readonly connector: (settings: S, deps: ConnectorDeps) => Connector;
}
