import { z } from 'zod';

/**
 * Response shapes of the Zendesk calls Lethe makes (docs/zendesk-api.md): only the fields it reads,
 * the rest pass through. Support ids are integers; messaging ids strings.
 */

const id = z.number().int().nonnegative();
const nullableText = z.string().nullable().optional();

/** A Support user (§2.4). */
export const UserSchema = z.looseObject({
  id,
  name: z.string().nullable(),
  email: nullableText,
  phone: nullableText,
  external_id: nullableText,
  /** Whether the phone is shared by several users (§2.4): a match on it is nobody's in particular. */
  shared_phone_number: z.boolean().nullable().optional(),
  role: z.string().optional(),
  active: z.boolean().optional(),
});
export type ZendeskUser = z.infer<typeof UserSchema>;

/** Offset pages (§3.4): the next page's URL, or null on the last. */
const offsetPage = { next_page: z.string().nullable().optional(), count: z.number().int().optional() };

export const UserAnswerSchema = z.looseObject({ user: UserSchema });
export const UserPageSchema = z.looseObject({ users: z.array(UserSchema), ...offsetPage });

/** A ticket (§3.3): whose it is, who is CC'd, its status and tags. */
export const TicketSchema = z.looseObject({
  id,
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']),
  requester_id: id,
  collaborator_ids: z.array(id).optional(),
  tags: z.array(z.string()).optional(),
});
export type ZendeskTicket = z.infer<typeof TicketSchema>;

export const TicketAnswerSchema = z.looseObject({ ticket: TicketSchema });
export const TicketPageSchema = z.looseObject({ tickets: z.array(TicketSchema), ...offsetPage });

/** A soft-deleted ticket's row in `GET /api/v2/deleted_tickets` (§4). */
export const DeletedTicketPageSchema = z.looseObject({
  deleted_tickets: z.array(z.looseObject({ id })),
  ...offsetPage,
});

/** A ticket comment (§7.1) and its attachments. */
export const CommentSchema = z.looseObject({
  id,
  author_id: id,
  body: nullableText,
  html_body: nullableText,
  plain_body: nullableText,
  attachments: z
    .array(z.looseObject({ id, file_name: z.string(), content_url: z.string().nullable().optional() }))
    .optional(),
});
export type ZendeskComment = z.infer<typeof CommentSchema>;

export const CommentPageSchema = z.looseObject({ comments: z.array(CommentSchema), ...offsetPage });
export const CommentAnswerSchema = z.looseObject({ comment: CommentSchema });

/** A background job (§5): `results` is `{success}` for permanent ticket deletion, a list for others. */
export const JobStatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  results: z
    .union([z.looseObject({ success: z.boolean() }), z.array(z.unknown())])
    .nullable()
    .optional(),
});
export type ZendeskJobStatus = z.infer<typeof JobStatusSchema>;
export const JobStatusAnswerSchema = z.looseObject({ job_status: JobStatusSchema });

/** A user as the deleted-users endpoints show it (§6): permanently deleted ones have no email or phone. */
export const DeletedUserAnswerSchema = z.looseObject({
  deleted_user: z.looseObject({ id, name: z.string().nullable(), email: nullableText, phone: nullableText }),
});

/** `GET /api/v2/deleted_users/count` (§6): read only to see that the API answers. */
export const DeletedUserCountSchema = z.looseObject({ count: z.looseObject({ value: z.number() }) });

/** Any answer whose body Lethe does not read (a soft delete's `{user}`). */
export const AnyObjectSchema = z.looseObject({});

/** A Sunshine Conversations user (§9). */
export const MessagingUserAnswerSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1), externalId: z.string().nullable().optional() }),
});
