import type { z } from 'zod';
import type { ConnectorDeps, PlatformRuntime } from '../platform-deps';
import { GenesysConnector, genesysTelephonyRetention } from './connector';
import type { GenesysSchema } from './platform';

export type GenesysSettings = z.output<typeof GenesysSchema>;

/** The Genesys Cloud connector of a configuration's `genesys` block. */
export function genesysConnector(g: GenesysSettings, deps: ConnectorDeps): GenesysConnector {
  return new GenesysConnector({
    auth: { apiUrl: g.apiUrl, loginUrl: g.loginUrl, clientId: g.clientId, clientSecret: g.clientSecret },
    ...deps,
    mode: g.mode,
    replacementTerm: g.replacementTerm,
    lookbackDays: g.lookbackDays,
    ratePerMinute: g.ratePerMinute,
    ...(g.telephonyRetentionReason
      ? { retained: [{ ...genesysTelephonyRetention, reason: g.telephonyRetentionReason }] }
      : {}),
  });
}

/** What the connector registry loads for this platform (by its folder's name). */
export const runtime: PlatformRuntime<GenesysSettings> = { connector: genesysConnector };
