import type { z } from 'zod';
import { hasControl, type Identifier, IdentifierListSchema, NO_CONTROL } from '../domain/identifiers';
import { ActorSchema, ReasonSchema } from '../domain/operator-input';
import { describeIssues, type FieldIssue, fieldIssues } from '../domain/request';
import { usageError } from './exit-codes';

/** One flag's value against its schema; issues name the flag (the value may be personal data). */
function issuesOf(flag: string, schema: z.ZodType, value: string, multiline: boolean): FieldIssue[] {
  const parsed = schema.safeParse(value);
  const issues = parsed.success ? [] : fieldIssues(parsed.error).map((i) => ({ ...i, field: flag }));
  // What goes into the evidence is printed and rendered later: no control characters in it.
  if (parsed.success && hasControl(value, multiline)) issues.push({ field: flag, message: NO_CONTROL });
  return issues;
}

/**
 * `--by` and `--reason` checked as the erasure checks them (src/domain/operator-input.ts), before
 * anything connects: a usage error names the flag.
 */
export function checkOperatorText(fields: { readonly by: string; readonly reason?: string }): void {
  const issues = [
    ...issuesOf('--by', ActorSchema, fields.by, false),
    ...(fields.reason === undefined ? [] : issuesOf('--reason', ReasonSchema, fields.reason, true)),
  ];
  if (issues.length > 0) throw usageError(describeIssues(issues));
}

/** Identifiers to add, checked before anything connects; issues name the index and the flags. */
export function checkIdentifiers(identifiers: readonly Identifier[]): void {
  const parsed = IdentifierListSchema.safeParse(identifiers);
  if (!parsed.success)
    throw usageError(
      describeIssues(
        fieldIssues(parsed.error).map((i) => ({
          ...i,
          field: `identifiers${i.field === '(input)' ? '' : `.${i.field}`} (--email/--phone/--identifier)`,
        })),
      ),
    );
}
