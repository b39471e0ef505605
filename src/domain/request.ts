import { z } from 'zod';
import { expandPolicies } from './expansion';
import { hasControl, IdentifierListSchema, NO_CONTROL } from './identifiers';
import { ActorSchema } from './operator-input';
import { PlatformClockSchema } from './platform-clock';
import { allRecordKinds, platformIds } from './platforms';
import { sharedSchema } from './shared-schemas';
import { DAY_MS, TimingSchema } from './timing';

/**
 * The bounds of a request, and why. A request is refused at the edge naming the field, never echoing it.
 */
export const REQUEST_BOUNDS = {
  /**
   * The request as JSON (UTF-8), once normalised. It becomes the workflow's start payload and is
   * carried into every continue-as-new: Temporal refuses a payload over 2 MB and warns from 512 KB,
   * so a request stays at half the warning, whatever its identifiers.
   */
  maxBytes: 256 * 1024,
  /** GDPR applies from 25 May 2018 (Art. 99(2)): a request received earlier is not an Art. 17 request. */
  earliestReceipt: '2018-05-25T00:00:00Z',
  /** How far ahead of this clock a caller's clock may be, for a receipt stamped "now" elsewhere. */
  clockSkewMs: 5 * 60_000,
  /**
   * The latest deadline after receipt. Art. 12(3): one month, extended by at most two further months;
   * the longest three calendar months are 92 days (July to September), and two days more absorb a
   * deadline stated at the end of a day in another time zone.
   */
  maxDeadlineAfterReceiptMs: 94 * DAY_MS,
} as const;

const EARLIEST_RECEIPT_MS = Date.parse(REQUEST_BOUNDS.earliestReceipt);

/** A caller's reference: one line, trimmed, bounded. */
const reference = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine((v) => !hasControl(v), NO_CONTROL);

const dateTime = () =>
  z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time such as 2026-05-01T09:00:00Z' });

/** Each platform once: a platform named twice would be sent the subject's deletion twice. */
const SystemsSchema = sharedSchema('request/SystemsSchema', () =>
  z
    .array(z.enum(platformIds))
    .min(1, 'must name at least one platform')
    .superRefine((systems, ctx) => {
      systems.forEach((s, i) => {
        if (systems.indexOf(s) !== i) ctx.addIssue({ code: 'custom', path: [i], message: 'is listed twice' });
      });
    }),
);

const optionsShape = sharedSchema('request/optionsShape', () => ({
  /** When the erasure is due; default one calendar month after receipt (GDPR Art. 12(3)). */
  deadline: dateTime().optional(),
  /** Plan everything, delete nothing. */
  dryRun: z.boolean().optional(),
  /**
   * How far identifiers the requester never gave may reach (src/domain/expansion.ts): `auto`, `confirm`
   * or `off`; unset, the deployment's setting, else each link decides.
   */
  expand: z.enum(expandPolicies).optional(),
}));

/** The fields a request and the workflow input share. */
const carriedShape = sharedSchema('request/carriedShape', () => ({
  /** The caller's reference for the request (their ticket). */
  requestId: reference(200),
  identifiers: IdentifierListSchema,
  /** Who asks, as it goes into the evidence: the same bounds as every operator's name. */
  requestedBy: ActorSchema,
  /** Why: free text for the evidence; it may span lines. */
  reason: z
    .string()
    .trim()
    .max(2000, 'must be at most 2000 characters')
    .refine((v) => !hasControl(v, true), NO_CONTROL)
    .optional(),
  /** When the controller received the request (ISO-8601); defaults to now. */
  receivedAt: dateTime()
    .refine(
      // A date that does not parse is reported by the format check alone.
      (v) => !(Date.parse(v) < EARLIEST_RECEIPT_MS),
      'must not be before 2018-05-25, when the GDPR began to apply',
    )
    .optional(),
}));

/** Deadline against receipt, when both are known: after it, and within what Art. 12(3) allows. */
function deadlineIssue(receivedMs: number, deadline: string | undefined): string | undefined {
  if (deadline === undefined) return undefined;
  const due = Date.parse(deadline);
  if (!Number.isFinite(due) || !Number.isFinite(receivedMs)) return undefined; // the format is reported
  if (due <= receivedMs) return 'must be after the request was received';
  if (due - receivedMs > REQUEST_BOUNDS.maxDeadlineAfterReceiptMs)
    return 'must be at most 94 days after the request was received (GDPR Art. 12(3): one month, extended by at most two)';
  return undefined;
}

const checkDeadline = (
  value: { receivedAt?: string | undefined; options?: { deadline?: string | undefined } | undefined },
  ctx: z.RefinementCtx,
): void => {
  if (value.receivedAt === undefined) return; // against "now": checkRequestDates
  const issue = deadlineIssue(Date.parse(value.receivedAt), value.options?.deadline);
  if (issue) ctx.addIssue({ code: 'custom', path: ['options', 'deadline'], message: issue });
};

/**
 * An erasure request as another service submits it. Validated by the client before anything starts
 * (then `checkRequestDates` against the clock), and again at the top of the workflow. Strict: an
 * unknown field is refused, since a misspelt option (`dryrun`) must not be silently ignored.
 */
export const ErasureRequestSchema = sharedSchema('request/ErasureRequestSchema', () =>
  z
    .strictObject({
      ...carriedShape,
      /** The caller's key for the subject (their customer id, or the primary identifier). Never stored raw. */
      subjectKey: reference(500),
      /** Platforms in scope; default: every configured platform. */
      systems: SystemsSchema.optional(),
      options: z.strictObject(optionsShape).optional(),
    })
    .superRefine(checkDeadline)
    .superRefine((request, ctx) => {
      const bytes = requestBytes(request);
      if (bytes > REQUEST_BOUNDS.maxBytes)
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `is ${Math.ceil(bytes / 1024)} KiB, more than the ${REQUEST_BOUNDS.maxBytes / 1024} KiB a request may be: send fewer identifiers, and add the rest to the running erasure`,
        });
    }),
);
export type ErasureRequest = z.input<typeof ErasureRequestSchema>;
export type ValidErasureRequest = z.output<typeof ErasureRequestSchema>;

/** The size of a value as JSON in UTF-8: what Temporal counts against its payload limits. */
export function requestBytes(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

/**
 * The checks of a request's dates that need the clock, so they run where "now" is known (the client,
 * the CLI) and never in workflow code: `receivedAt` not in the future beyond clock skew; the deadline
 * after receipt (`receivedAt`, else now) and at most 94 days after it. Call it once the schema accepted
 * the request; it returns no issue when all is well.
 */
export function checkRequestDates(
  request: { readonly receivedAt?: string; readonly options?: { readonly deadline?: string } },
  now: Date,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const received = request.receivedAt === undefined ? now.getTime() : Date.parse(request.receivedAt);
  if (received > now.getTime() + REQUEST_BOUNDS.clockSkewMs)
    issues.push({ field: 'receivedAt', message: 'must not be in the future' });
  const deadline = deadlineIssue(received, request.options?.deadline);
  if (deadline) issues.push({ field: 'options.deadline', message: deadline });
  return issues;
}

/** A quota governor's start input: the account, its limits and Lethe's flush policy (DESIGN §2a). */
export const GovernorInputSchema = sharedSchema('request/GovernorInputSchema', () =>
  z.object({
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
    /**
     * Signals one run takes before it continues as new. The server refuses signals past its own limit per
     * run (10,000 by default): a governor that met it would refuse every subject's ids.
     */
    maxSignalsPerRun: z.number().int().positive().optional(),
  }),
);

export type GovernorInput = z.output<typeof GovernorInputSchema>;

/**
 * What the erasure workflow is started with: the request minus its raw subject key, plus its timing.
 * Checked again inside the workflow, so nothing here may read the clock. Not strict: a field a newer
 * client adds must not fail an erasure already running on an older worker.
 */
export const ErasureWorkflowInputSchema = sharedSchema('request/ErasureWorkflowInputSchema', () =>
  z
    .object({
      ...carriedShape,
      options: z.object(optionsShape).optional(),
      /** HMAC of the subject key: identifies the subject in ids and evidence without revealing it. */
      subjectRef: z.string().regex(/^[0-9a-f]{64}$/),
      systems: SystemsSchema,
      /** Absent: when the workflow started (server time, not the caller's clock). */
      receivedAt: carriedShape.receivedAt,
      timing: TimingSchema,
      /** Platforms whose account quota a governor spends: their ids go through it, not straight out. */
      governors: z.partialRecord(z.enum(platformIds), GovernorInputSchema).optional(),
      /** The platforms' clock in a compressed run: quota months are counted on it. Absent: workflow time. */
      platformClock: PlatformClockSchema.optional(),
    })
    .superRefine(checkDeadline),
);
export type ErasureWorkflowInput = z.output<typeof ErasureWorkflowInputSchema>;

/** One problem with an input, by field path; never quotes the offending value (it may be personal data). */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
}

/** An unknown key is shown when it looks like a field name (a typo to fix); otherwise it may be data. */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;

/** Flattens zod issues into field paths such as `identifiers.0.value`. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue): FieldIssue[] => {
    const at = issue.path.map(String);
    const field = (path: string[]): string => (path.length > 0 ? path.join('.') : '(input)');
    // zod quotes unknown keys in its message; a key may itself be personal data.
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) =>
        FIELD_NAME.test(key)
          ? { field: field([...at, key]), message: 'is not a known field' }
          : { field: field(at), message: 'has a field it does not know' },
      );
    return [
      {
        field: field(at),
        // zod says a missing field has the wrong type; people call it missing.
        message:
          issue.code === 'invalid_type' && / received undefined$/.test(issue.message)
            ? 'is required'
            : issue.message,
      },
    ];
  });
}

/** How many issues a summary spells out: a thousand bad identifiers need not make a thousand lines. */
const SUMMARY_ISSUES = 10;

/** A readable one-line summary: `identifiers.0.value: must be an email address; systems.0: …`. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  const shown = issues.slice(0, SUMMARY_ISSUES).map((i) => `${i.field}: ${i.message}`);
  const more = issues.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join('; ');
}
