import { z } from 'zod';
import { httpUrl, secret } from '../../config/schema-kit';
import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';
import { sharedSchema } from '../../domain/shared-schemas';

/** Genesys Cloud: the org's API and login hosts (by region), an OAuth client, and how to erase. */
export const GenesysSchema = sharedSchema('settings/genesys', () =>
  z.object({
    apiUrl: httpUrl.default('https://api.mypurecloud.com'),
    loginUrl: httpUrl.default('https://login.mypurecloud.com'),
    clientId: z.string().min(1),
    clientSecret: secret,
    /** `delete`: GDPR_DELETE; `update`: GDPR_UPDATE replacing every identifier with `replacementTerm`. */
    mode: z.enum(['delete', 'update']).default('delete'),
    replacementTerm: z.string().trim().min(1).default('[erased]'),
    /** How far back interactions are searched (analytics retention; default 13 months). */
    lookbackDays: z.coerce.number().int().positive().max(3650).default(396),
    /** Calls a minute each worker allows itself (Genesys: 300 per client-credentials token). */
    ratePerMinute: z.coerce.number().int().positive().default(300),
    /** Why telephony metadata outlives the erasure, as the controller's disclosure words it. */
    telephonyRetentionReason: z.string().trim().min(1).optional(),
  }),
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Genesys Cloud: conversations (interactions), their recordings, external contacts. One subject per GDPR
 * request, requests grouped by 100 records to verify (the seed guide's bulk size), no period quota (a
 * per-token rate limit answered with 429 and Retry-After), no cancel.
 */
export const genesysPlatform = definePlatform({
  id: 'genesys',
  name: 'Genesys Cloud',
  recordKinds: ['conversation', 'recording', 'externalContact'],
  limits: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'recording', 'externalContact'],
    requestScope: 'subject',
    waitsForOpenConversations: ['externalContact'],
    deletionWithinMs: 30 * DAY_MS,
    cancellable: false,
    // Seed 004, "Legal Hold": a recording can outlive its COMPLETED request; the API publishes no hold field.
    keptAfterDone: {
      recording:
        'kept by Genesys Cloud after its GDPR request completed (a legal hold or a retention policy; the API does not say which)',
    },
  },
  identifierKinds: {
    /**
     * Genesys ids are UUIDs in every example, but the format is not documented: any opaque id is taken,
     * a UUID in lower case (Genesys answers them so).
     */
    genesysExternalContactId: (v) => v.opaqueId.transform((id) => (UUID.test(id) ? id.toLowerCase() : id)),
  },
  settings: {
    schema: GenesysSchema,
    variables: {
      apiUrl: 'LETHE_GENESYS_API_URL',
      loginUrl: 'LETHE_GENESYS_LOGIN_URL',
      clientId: 'LETHE_GENESYS_CLIENT_ID',
      clientSecret: 'LETHE_GENESYS_CLIENT_SECRET',
      mode: 'LETHE_GENESYS_MODE',
      replacementTerm: 'LETHE_GENESYS_REPLACEMENT_TERM',
      lookbackDays: 'LETHE_GENESYS_LOOKBACK_DAYS',
      ratePerMinute: 'LETHE_GENESYS_RATE_PER_MINUTE',
      telephonyRetentionReason: 'LETHE_GENESYS_TELEPHONY_RETENTION_REASON',
    },
  },
});
