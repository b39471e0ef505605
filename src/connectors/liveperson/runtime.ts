import type { z } from 'zod';
import type { ConnectorDeps, PlatformRuntime } from '../platform-deps';
import { LivePersonConnector } from './connector';
import type { LivePersonSchema } from './platform';

export type LivePersonSettings = z.output<typeof LivePersonSchema>;

/** The LivePerson connector of a configuration's `liveperson` block. */
export function livepersonConnector(settings: LivePersonSettings, deps: ConnectorDeps): LivePersonConnector {
  return new LivePersonConnector({ auth: settings, ...deps });
}

/** What the connector registry loads for this platform (by its folder's name). */
export const runtime: PlatformRuntime<LivePersonSettings> = { connector: livepersonConnector };
