import { z } from 'zod';
import { hasControl, IdentifierListSchema, NO_CONTROL } from './identifiers';
import { sharedSchema } from './shared-schemas';

/**
 * What operators and other services send to a running erasure (signals and updates), as schemas. The
 * workflow checks every message with these before it touches its state: a signal sent by hand with no
 * input, `{}` or the wrong types is ignored, an update is refused naming the field. Strictly objects:
 * an unknown field is a mistake worth saying, not something to carry into the evidence.
 */

/** Who asked: an operator's or a service's name, as it goes into the evidence. */
export const ActorSchema = sharedSchema('operator-input/ActorSchema', () =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200, 'must be at most 200 characters')
    .refine((v) => !hasControl(v), NO_CONTROL),
);

/** Why: free text that goes into the evidence. */
export const ReasonSchema = sharedSchema('operator-input/ReasonSchema', () =>
  z
    .string()
    .trim()
    .min(1, 'is required')
    .max(2000, 'must be at most 2000 characters')
    .refine((v) => !hasControl(v, true), NO_CONTROL),
);

/** A cancel with fields it does not know still stops the erasure: the intent is plain (they are dropped). */
export const CancelInputSchema = sharedSchema('operator-input/CancelInputSchema', () =>
  z.object({ by: ActorSchema, reason: ReasonSchema }),
);

export const LegalHoldInputSchema = sharedSchema('operator-input/LegalHoldInputSchema', () =>
  z.strictObject({
    on: z.boolean(),
    by: ActorSchema,
    reason: ReasonSchema,
  }),
);

export const AddIdentifiersInputSchema = sharedSchema('operator-input/AddIdentifiersInputSchema', () =>
  z.strictObject({
    identifiers: IdentifierListSchema,
    by: ActorSchema,
    /** The caller's reference for the request that brought these identifiers (a joined request). */
    requestId: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters').optional(),
  }),
);

/** A derived match's name, as progress shows it (`m1`, `m2`, …): never a personal value. */
const MatchRefsSchema = sharedSchema('operator-input/MatchRefsSchema', () =>
  z
    .array(
      z
        .string()
        .trim()
        .regex(/^m[1-9]\d{0,5}$/, 'must name derived matches as progress does (m1, m2, …)'),
    )
    .max(1000, 'must name at most 1000 derived matches'),
);

/**
 * An operator's decision on the derived matches waiting (issue 15): those in `exclude` are excluded,
 * the others confirmed, or only those in `confirm` when it is given.
 */
export const ConfirmMatchesInputSchema = sharedSchema('operator-input/ConfirmMatchesInputSchema', () =>
  z.strictObject({
    by: ActorSchema,
    reason: ReasonSchema.optional(),
    exclude: MatchRefsSchema.optional(),
    confirm: MatchRefsSchema.optional(),
  }),
);

export const RetryInputSchema = sharedSchema('operator-input/RetryInputSchema', () =>
  z.strictObject({ by: ActorSchema }),
);

/**
 * Why an operator's message is refused, by field: `by: is required; reason: must be at most 2000
 * characters`. Never the values, nor the names of unknown fields (either may be personal data).
 */
export function operatorIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const field = issue.path.length > 0 ? issue.path.join('.') : '(input)';
      if (issue.code === 'unrecognized_keys') return `${field}: has fields it does not know`;
      // zod's own words for a wrong type name the type received, never the value.
      if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message))
        return `${field}: is required`;
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
