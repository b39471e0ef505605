import type { Dispatcher } from 'undici';
import type { Config } from '../config';
import type { PlatformId } from '../domain/platforms';
import { LivePersonConnector } from './liveperson/connector';
import type { Connector } from './types';

/** Builds a connector for every platform the configuration names. */
export function createConnectors(
  config: Config,
  dispatcher: Dispatcher,
  now: () => number = Date.now,
): Partial<Record<PlatformId, Connector>> {
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  if (config.liveperson) {
    connectors.liveperson = new LivePersonConnector({
      auth: config.liveperson,
      dispatcher,
      timeoutMs: config.httpTimeoutMs,
      now,
    });
  }
  return connectors;
}

/** The platforms a configuration has connectors for. */
export function configuredPlatforms(config: Config): PlatformId[] {
  return config.liveperson ? ['liveperson'] : [];
}
