import { z } from 'zod';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** A ticket's statuses (§3.3); only `closed` lets its requester be deleted (R10). */
export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

const UserSeed = z.object({
  id,
  name: z.string().min(1),
  email: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
  external_id: z.string().min(1).optional(),
  role: z.enum(['end-user', 'agent', 'admin']).default('end-user'),
  notes: z.string().optional(),
  /** The account owner: never deletable (R11). */
  owner: z.boolean().default(false),
});

const CommentSeed = z.object({
  id,
  author_id: id,
  body: z.string(),
  public: z.boolean().default(true),
  attachments: z
    .array(
      z.object({
        id,
        file_name: z.string().min(1),
        content_type: z.string().default('application/octet-stream'),
      }),
    )
    .default([]),
});

/** A ticket; its description is its first comment's body, as Zendesk's is. */
const TicketSeed = z.object({
  id,
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  requester_id: id,
  collaborator_ids: z.array(id).default([]),
  tags: z.array(z.string()).default([]),
  /** Epoch ms on the simulator's clock; default: the seed's now. */
  created_at: z.number().int().optional(),
  comments: z.array(CommentSeed).min(1),
});

const ConversationSeed = z.object({ id: z.string().min(1), displayName: z.string().optional() });
const MessagingUserSeed = z.object({
  id: z.string().min(1),
  externalId: z.string().min(1).optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  email: z.string().optional(),
  conversations: z.array(ConversationSeed).default([]),
});

/** Admin seed body: Support users and tickets (integer ids), messaging users (string ids). */
export const ZendeskSeedSchema = z.object({
  users: z.array(UserSeed).default([]),
  tickets: z.array(TicketSeed).default([]),
  messaging: z.object({ users: z.array(MessagingUserSeed).default([]) }).default({ users: [] }),
});
export type ZendeskSeed = z.input<typeof ZendeskSeedSchema>;
export type UserSeedData = z.output<typeof UserSeed>;
export type TicketSeedData = z.output<typeof TicketSeed>;
export type MessagingUserSeedData = z.output<typeof MessagingUserSeed>;
