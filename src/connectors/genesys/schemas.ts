import { z } from 'zod';

/** Response shapes of the Genesys Cloud calls Lethe makes (only the fields it reads; others pass). */

export const TokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive().optional(),
});

/** GDPRSubject: the same shape a subject search returns and a request takes, so a hit goes back as is. */
export const GdprSubjectSchema = z.object({
  name: z.string().optional(),
  userId: z.string().optional(),
  externalContactId: z.string().optional(),
  externalId: z.string().optional(),
  addresses: z.array(z.string()).optional(),
  phoneNumbers: z.array(z.string()).optional(),
  emailAddresses: z.array(z.string()).optional(),
});
export type GdprSubject = z.infer<typeof GdprSubjectSchema>;

const listing = <T extends z.ZodType>(entity: T) =>
  z.object({
    entities: z.array(entity).default([]),
    pageNumber: z.number().int().optional(),
    pageCount: z.number().int().optional(),
    total: z.number().int().optional(),
  });

export const SubjectListingSchema = listing(GdprSubjectSchema);

export const gdprStatuses = [
  'INITIATED',
  'SEARCHING',
  'UPDATING',
  'DELETING',
  'FINALIZING',
  'COMPLETED',
  'ERROR',
] as const;

export const GdprRequestSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  requestType: z.enum(['GDPR_EXPORT', 'GDPR_UPDATE', 'GDPR_DELETE']).optional(),
  status: z.enum(gdprStatuses),
  createdDate: z.string().optional(),
});
export const GdprRequestListingSchema = listing(GdprRequestSchema);

const SessionSchema = z.object({
  mediaType: z.string().optional(),
  ani: z.string().optional(),
  dnis: z.string().optional(),
  addressFrom: z.string().optional(),
  addressTo: z.string().optional(),
});

const ParticipantSchema = z.object({
  participantId: z.string().optional(),
  participantName: z.string().optional(),
  purpose: z.string(),
  externalContactId: z.string().optional(),
  sessions: z.array(SessionSchema).default([]),
});

/** An interaction as the analytics details endpoints describe it; `conversationEnd` only once ended. */
export const AnalyticsConversationSchema = z.object({
  conversationId: z.string().min(1),
  conversationStart: z.string(),
  conversationEnd: z.string().optional(),
  participants: z.array(ParticipantSchema).default([]),
});
export type AnalyticsConversation = z.infer<typeof AnalyticsConversationSchema>;

/** The details query answer. Genesys omits `conversations` altogether when nothing matched. */
export const DetailsQueryResultSchema = z.object({
  totalHits: z.number().int().nonnegative().optional(),
  conversations: z.array(AnalyticsConversationSchema).default([]),
});

export const RecordingMetadataSchema = z.array(
  z.object({
    id: z.string().min(1),
    conversationId: z.string().optional(),
    /** Not in Genesys' published RecordingMetadata: the simulator's stand-in for a recording legal hold. */
    legalHold: z.boolean().optional(),
  }),
);

const PhoneSchema = z.object({ e164: z.string().optional(), display: z.string().optional() }).optional();
export const ExternalContactSchema = z.object({
  id: z.string().min(1),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  workEmail: z.string().optional(),
  personalEmail: z.string().optional(),
  otherEmail: z.string().optional(),
  workPhone: PhoneSchema,
  cellPhone: PhoneSchema,
  homePhone: PhoneSchema,
  otherPhone: PhoneSchema,
});
export type ExternalContact = z.infer<typeof ExternalContactSchema>;
