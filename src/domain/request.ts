import { z } from 'zod';
import { IdentifierListSchema } from './identifiers';
import { PlatformClockSchema } from './platform-clock';
import { allRecordKinds, platformIds } from './platforms';
import { TimingSchema } from './timing';

/**
 * An erasure request as another service submits it. Validated by the client before anything starts,
 * and again at the top of the workflow.
 */
export const ErasureRequestSchema = z.object({
  /** The caller's reference for the request (their ticket). */
  requestId: z.string().trim().min(1, 'is required').max(200),
  /** The caller's key for the subject (their customer id, or the primary identifier). Never stored raw. */
  subjectKey: z.string().trim().min(1, 'is required').max(500),
  identifiers: IdentifierListSchema,
  /** Platforms in scope; default: every configured platform. */
  systems: z.array(z.enum(platformIds)).min(1).optional(),
  requestedBy: z.string().trim().min(1, 'is required').max(200),
  reason: z.string().max(2000).optional(),
  /** When the controller received the request (ISO-8601); defaults to now. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  options: z
    .object({
      /** When the erasure is due; default one calendar month after receipt (GDPR Art. 12(3)). */
      deadline: z.iso.datetime({ offset: true }).optional(),
      /** Plan everything, delete nothing. */
      dryRun: z.boolean().optional(),
    })
    .optional(),
});
export type ErasureRequest = z.input<typeof ErasureRequestSchema>;
export type ValidErasureRequest = z.output<typeof ErasureRequestSchema>;

/** A quota governor's start input: the account, its limits and Lethe's flush policy (DESIGN §2a). */
export const GovernorInputSchema = z.object({
  platform: z.enum(platformIds),
  account: z.string().min(1),
  policy: z.object({
    maxIdsPerRequest: z.number().int().positive(),
    monthlyQuota: z.number().int().positive(),
    kinds: z.array(z.enum(allRecordKinds)).min(1),
    flushWindowMs: z.number().int().positive(),
    deletionWindowMs: z.number().int().positive(),
  }),
  tickMs: z.number().int().positive(),
  attentionRetryMs: z.number().int().positive(),
  callTimeoutMs: z.number().int().positive(),
  /**
   * When the platform's clock runs faster than workflow time (simulated months in seconds): platform
   * time = epochMs + (workflow time − epochMs) × rate. The policy's durations are then platform time.
   */
  platformClock: PlatformClockSchema.optional(),
});

export type GovernorInput = z.output<typeof GovernorInputSchema>;

/** What the erasure workflow is started with: the request minus its raw subject key, plus its timing. */
export const ErasureWorkflowInputSchema = ErasureRequestSchema.omit({
  subjectKey: true,
  receivedAt: true,
}).extend({
  /** HMAC of the subject key: identifies the subject in ids and evidence without revealing it. */
  subjectRef: z.string().regex(/^[0-9a-f]{64}$/),
  systems: z.array(z.enum(platformIds)).min(1),
  /** Absent: when the workflow started (server time, not the caller's clock). */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  timing: TimingSchema,
  /** Platforms whose account quota a governor spends: their ids go through it, not straight out. */
  governors: z.partialRecord(z.enum(platformIds), GovernorInputSchema).optional(),
  /** The platforms' clock in a compressed run: quota months are counted on it. Absent: workflow time. */
  platformClock: PlatformClockSchema.optional(),
});
export type ErasureWorkflowInput = z.output<typeof ErasureWorkflowInputSchema>;

/** One problem with an input, by field path; never quotes the offending value (it may be personal data). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** Flattens zod issues into field paths such as `identifiers.0.value`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.join('.') : '(input)',
    // zod says a missing field has the wrong type; people call it missing.
    message:
      issue.code === 'invalid_type' && / received undefined$/.test(issue.message)
        ? 'is required'
        : issue.message,
  }));
}

/** A readable one-line summary: `identifiers.0.value: must be an email address; systems.0: …`. */
export const describeIssues = (issues: readonly FieldIssue[]): string =>
  issues.map((i) => `${i.field}: ${i.message}`).join('; ');
