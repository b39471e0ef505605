import { z } from 'zod';
import { httpUrl, secret } from '../../config/schema-kit';
import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';
import { sharedSchema } from '../../domain/shared-schemas';

/** The `liveperson` block of the configuration. */
export const LivePersonSchema = sharedSchema('settings/liveperson', () =>
  z.object({
    accountId: z
      .string()
      .regex(/^[a-zA-Z0-9_]{1,20}$/, 'must be a LivePerson site id (1-20 letters, digits, _)'),
    domainApiUrl: httpUrl.default('https://api.liveperson.net'),
    clientId: z.string().min(1),
    clientSecret: secret,
    /** Deletion requests per calendar month, if the account team changed LivePerson's default of 100. */
    monthlyQuota: z.coerce.number().int().positive().optional(),
  }),
);

/**
 * LivePerson: chat engagements, messaging conversations, consumer profiles, tickets. 100 unique ids of
 * one kind per request, 100 requests a calendar month; conversations before the consumer profile
 * (messaging flow 2), engagements for chat; a request can be withdrawn during its 5-day grace period,
 * and the deletion is done 20 days after it.
 */
export const livepersonPlatform = definePlatform({
  id: 'liveperson',
  name: 'LivePerson',
  recordKinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
  limits: {
    maxIdsPerRequest: 100,
    kinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
    requestScope: 'records',
    waitsForOpenConversations: ['consumer'],
    monthlyRequestQuota: 100,
    deletionWithinMs: 25 * DAY_MS,
    cancellable: true,
  },
  identifierKinds: {
    livepersonConsumerId: (v) => v.opaqueId,
    livepersonConversationId: (v) => v.opaqueId,
    livepersonEngagementId: () =>
      z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_]{1,60}$/, 'must be an account id followed by a chat id'),
  },
  settings: {
    schema: LivePersonSchema,
    variables: {
      accountId: 'LETHE_LIVEPERSON_ACCOUNT_ID',
      domainApiUrl: 'LETHE_LIVEPERSON_DOMAIN_API_URL',
      clientId: 'LETHE_LIVEPERSON_CLIENT_ID',
      clientSecret: 'LETHE_LIVEPERSON_CLIENT_SECRET',
      monthlyQuota: 'LETHE_LIVEPERSON_MONTHLY_QUOTA',
    },
  },
});
