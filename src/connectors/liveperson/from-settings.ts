import type { z } from 'zod';
import type { ConnectorDeps } from '../platform-deps';
import { LivePersonConnector } from './connector';
import type { LivePersonSchema } from './platform';

export type LivePersonSettings = z.output<typeof LivePersonSchema>;

/** The LivePerson connector of a configuration's `liveperson` block. */
export function livepersonConnector(settings: LivePersonSettings, deps: ConnectorDeps): LivePersonConnector {
  return new LivePersonConnector({ auth: settings, ...deps });
}
