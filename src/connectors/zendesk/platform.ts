import { z } from 'zod';
import { httpUrl, listOf, secret } from '../../config/schema-kit';
import { DAY_MS, definePlatform } from '../../domain/platform-descriptor';
import { sharedSchema } from '../../domain/shared-schemas';

/**
 * Zendesk: the Support API of one account (`https://{subdomain}.zendesk.com`, an agent's or admin's
 * email with an API token), and optionally its messaging users through the Sunshine Conversations API
 * (its own host and key; docs/zendesk-api.md §1, §9).
 */
export const ZendeskSchema = sharedSchema('settings/zendesk', () =>
  z
    .object({
      baseUrl: httpUrl,
      /** The email of the agent or admin the API token belongs to (`{email}/token:{api_token}`). */
      email: z.string().trim().min(3).max(254).includes('@', { message: 'must be an email address' }),
      apiToken: secret,
      /**
       * What happens to the person's tickets: `delete` (soft, then permanent deletion) or `redact` (the
       * person's own comments redacted, the tickets kept).
       */
      ticketAction: z.enum(['delete', 'redact']).default('delete'),
      /** Tickets carrying any of these tags are kept and redacted whatever `ticketAction` says. */
      keepTicketsTagged: listOf(z.string().trim().min(1).max(80)).default([]),
      /** Requests a minute each worker allows itself: the account's plan (Team 200, Professional 400, Enterprise 700). */
      ratePerMinute: z.coerce.number().int().positive().max(2500).default(200),
      /** Sunshine Conversations (messaging users), all four or none: its host (US `https://api.smooch.io`). */
      messagingUrl: httpUrl.optional(),
      messagingAppId: z.string().trim().min(1).optional(),
      messagingKeyId: z.string().trim().min(1).optional(),
      messagingKeySecret: secret.optional(),
    })
    .superRefine((s, ctx) => {
      const messaging = ['messagingUrl', 'messagingAppId', 'messagingKeyId', 'messagingKeySecret'] as const;
      const set = messaging.filter((k) => s[k] !== undefined);
      if (set.length === 0 || set.length === messaging.length) return;
      for (const k of messaging.filter((m) => s[m] === undefined))
        ctx.addIssue({ code: 'custom', path: [k], message: `is required when ${set.join(', ')} is set` });
    }),
);

/**
 * Zendesk Support and its messaging (docs/zendesk-api.md). Tickets go first (their deletion, or the
 * person's comments redacted), then the messaging user, then the Support user, who cannot be deleted
 * while they request a ticket that is not closed. Requests carry at most 100 ids (`destroy_many`); no
 * period quota (a per-minute rate, 429 with Retry-After; 700 permanent user deletions per 10 minutes);
 * nothing can be withdrawn once sent.
 */
export const zendeskPlatform = definePlatform({
  id: 'zendesk',
  name: 'Zendesk',
  recordKinds: ['ticket', 'ticketComment', 'messagingUser', 'endUser'],
  limits: {
    maxIdsPerRequest: 100,
    kinds: ['ticket', 'ticketComment', 'messagingUser', 'endUser'],
    requestScope: 'records',
    // A profile deleted while its owner still has a ticket being worked on comes back with the next reply.
    waitsForOpenConversations: ['messagingUser', 'endUser'],
    // Soft-deleted tickets are scrubbed and soft-deleted users permanently deleted by Zendesk within 30
    // days (docs/zendesk-api.md §10), whatever became of Lethe's own permanent step.
    deletionWithinMs: 30 * DAY_MS,
    cancellable: false,
  },
  identifierKinds: {
    /** A Support user id (an integer). */
    zendeskUserId: (v) =>
      v.opaqueId.refine((id) => /^\d{1,20}$/.test(id), 'must be a Zendesk user id (digits)'),
    /** A Sunshine Conversations user id. */
    zendeskMessagingUserId: (v) => v.opaqueId,
  },
  settings: {
    schema: ZendeskSchema,
    variables: {
      baseUrl: 'LETHE_ZENDESK_BASE_URL',
      email: 'LETHE_ZENDESK_EMAIL',
      apiToken: 'LETHE_ZENDESK_API_TOKEN',
      ticketAction: 'LETHE_ZENDESK_TICKET_ACTION',
      keepTicketsTagged: 'LETHE_ZENDESK_KEEP_TICKETS_TAGGED',
      ratePerMinute: 'LETHE_ZENDESK_RATE_PER_MINUTE',
      messagingUrl: 'LETHE_ZENDESK_MESSAGING_URL',
      messagingAppId: 'LETHE_ZENDESK_MESSAGING_APP_ID',
      messagingKeyId: 'LETHE_ZENDESK_MESSAGING_KEY_ID',
      messagingKeySecret: 'LETHE_ZENDESK_MESSAGING_KEY_SECRET',
    },
  },
});
