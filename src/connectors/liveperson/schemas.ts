import { z } from 'zod';

/** Domain API (CSDS): every service's host for the account. */
export const BaseUrisSchema = z.object({
  baseURIs: z.array(
    z.object({ service: z.string(), account: z.string().optional(), baseURI: z.string().min(1) }),
  ),
});

/** OAuth 2.0 client-credentials token (Sentinel). */
export const TokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

const ParticipantSchema = z.looseObject({
  participantId: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  email: z.string().nullish(),
  phone: z.string().nullish(),
  consumerName: z.string().nullish(),
});

const PagingSchema = z.looseObject({ count: z.number().int().nonnegative() });

/** Messaging Interactions: one conversation record (only the fields Lethe reads; the rest pass through). */
export const ConversationRecordSchema = z.looseObject({
  info: z.looseObject({ conversationId: z.string().min(1), status: z.enum(['OPEN', 'CLOSE']) }),
  // The docs spell this array both ways; accept either.
  consumerParticipants: z.array(ParticipantSchema).optional(),
  consumerParticipant: z.array(ParticipantSchema).optional(),
  messageRecords: z
    .array(
      z.looseObject({
        // `Consumer` or `Agent` in the docs; anything else is read as not the consumer's.
        sentBy: z.string().nullish(),
        messageData: z
          .looseObject({ msg: z.looseObject({ text: z.string().nullish() }).optional() })
          .optional(),
      }),
    )
    .optional(),
  summary: z.looseObject({ text: z.string().nullish() }).nullish(),
  sdes: z.unknown().optional(),
});
export type ConversationRecord = z.infer<typeof ConversationRecordSchema>;

export const ConversationSearchSchema = z.looseObject({
  _metadata: PagingSchema,
  conversationHistoryRecords: z.array(ConversationRecordSchema).default([]),
});

/** Engagement History: one chat engagement record. */
export const EngagementRecordSchema = z.looseObject({
  info: z.looseObject({
    engagementId: z.string().min(1),
    ended: z.boolean().optional(),
    visitorName: z.string().nullish(),
  }),
  transcript: z
    .looseObject({
      lines: z
        .array(z.looseObject({ text: z.string().nullish(), source: z.string().optional() }))
        .default([]),
    })
    .nullish(),
  sdes: z.unknown().optional(),
});
export type EngagementRecord = z.infer<typeof EngagementRecordSchema>;

export const EngagementSearchSchema = z.looseObject({
  _metadata: PagingSchema,
  interactionHistoryRecords: z.array(EngagementRecordSchema).default([]),
});

const RequestIdSchema = z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String);

/** Personal Data Deletion: the 201 body of a created request. */
export const DeletionCreatedSchema = z.looseObject({
  request_id: RequestIdSchema,
  request_time: z.string().optional(),
  requested_by: z.string().nullish(),
  is_canceled: z.boolean().optional(),
});

/** A row of the request list and of the by-id read: the documented fields only (no ids, no body). */
const DeletionStatusRowSchema = z.looseObject({
  request_id: RequestIdSchema,
  status: z.enum(['NOT_STARTED', 'IN_PROGRESS', 'CANCELED', 'DONE']),
  request_time: z.string().optional(),
  requested_by: z.string().optional(),
});

/** Personal Data Deletion: get by id answers an array of one (documented) or a bare object (tolerated). */
export const DeletionStatusSchema = z.union([
  z.array(DeletionStatusRowSchema),
  DeletionStatusRowSchema.transform((r) => [r]),
]);

/** Personal Data Deletion: the cancel answer, an array with one element. */
export const DeletionCancelledSchema = z.union([
  z.array(z.looseObject({ request_id: RequestIdSchema, is_canceled: z.boolean() })),
  z.looseObject({ request_id: RequestIdSchema, is_canceled: z.boolean() }).transform((r) => [r]),
]);
