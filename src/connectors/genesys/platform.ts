import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';

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
});
