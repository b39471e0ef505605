import { z } from 'zod';
import { identityFormats } from './contract';

/** `POST /admin/endpoint`: where requests are forwarded (the executor's, i.e. Lethe's, endpoint). */
export const EndpointSchema = z.object({ url: z.url() });
export type EndpointInput = z.input<typeof EndpointSchema>;

// Subject: `email`, `firstName` and `lastName` are required on the wire (defaults fill them); other
// documented fields and any "additional properties" are strings (`DataSubject.yaml`).
const SubjectSchema = z
  .object({ email: z.string().optional(), firstName: z.string().optional(), lastName: z.string().optional() })
  .catchall(z.string());

/** `POST /admin/requests`: a deletion to forward; created, not sent. Defaults are Delete.md's example's. */
export const NewRequestSchema = z.object({
  /** Default: a random UUIDv4 ("Will be a unique UUIDv4", Metadata.md), so only a v4 is taken. */
  uid: z.uuidv4().optional(),
  identities: z
    .array(
      z.object({
        identitySpace: z.string().min(1),
        identityValue: z.string().min(1),
        identityFormat: z.enum(identityFormats).default('raw'),
      }),
    )
    .min(1),
  subject: SubjectSchema.optional(),
  /** Sent only when it differs from the tenant (Delete.md). */
  controller: z.string().min(1).optional(),
  property: z.string().min(1).default('website'),
  environment: z.string().min(1).default('production'),
  regulation: z.string().min(1).default('gdpr'),
  jurisdiction: z.string().min(1).default('eugdpr'),
  claims: z.record(z.string(), z.unknown()).optional(),
  /** `dueTimestamp` = `submittedTimestamp` + this many days. */
  dueInDays: z.number().int().positive().default(30),
});
export type NewRequestInput = z.input<typeof NewRequestSchema>;

/** `POST /admin/requests/{uid}/send`: `headerValue` replaces the endpoint header's value (a refusal test). */
export const SendSchema = z.object({ headerValue: z.string().optional() });
export type SendInput = z.input<typeof SendSchema>;
