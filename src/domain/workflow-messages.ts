import { z } from 'zod';
import { allRecordKinds, platformIds } from './platforms';
import { sharedSchema } from './shared-schemas';

/**
 * The messages the erasure and the quota governor send each other, as schemas. Each side checks what
 * it receives before touching its state: anyone with access to the namespace can send a signal by
 * hand, and a signal that throws in its handler would fail the workflow task again on every retry.
 * Loose objects: a newer sender's extra field is carried, not a reason to drop the message.
 */

const platform = sharedSchema('workflow-messages/platform', () => z.enum(platformIds));
const kind = sharedSchema('workflow-messages/kind', () => z.enum(allRecordKinds));
const ids = sharedSchema('workflow-messages/ids', () => z.array(z.string().min(1).max(1000)).max(100_000));

const enqueued = sharedSchema('workflow-messages/enqueued', () => ({
  subject: z.string().min(1).max(300),
  deadline: z.number().finite(),
  /** The hand-over's own key, the same on every retry of the activity that sends it. */
  key: z.string().min(1).max(300).optional(),
}));
const OneKindSchema = sharedSchema('workflow-messages/OneKindSchema', () =>
  z.looseObject({ ...enqueued, kind, ids: ids.min(1) }),
);
const AllKindsSchema = sharedSchema('workflow-messages/AllKindsSchema', () =>
  z.looseObject({
    ...enqueued,
    entries: z
      .array(z.looseObject({ kind, ids: ids.min(1) }))
      .min(1)
      .max(100),
  }),
);

/** One kind's ids (the first form), or every kind at once (`entries`). */
export const EnqueueSchema = sharedSchema('workflow-messages/EnqueueSchema', () =>
  z.union([OneKindSchema, AllKindsSchema]),
);

/** The entries of an enqueue message, whichever form it came in. */
export function enqueuedEntries(
  m: z.output<typeof EnqueueSchema>,
): Array<{ kind: z.output<typeof kind>; ids: string[] }> {
  const all = AllKindsSchema.safeParse(m);
  if (all.success) return all.data.entries.map((e) => ({ kind: e.kind, ids: e.ids }));
  const one = m as z.output<typeof OneKindSchema>;
  return [{ kind: one.kind, ids: one.ids }];
}

export const WithdrawSchema = sharedSchema('workflow-messages/WithdrawSchema', () =>
  z.looseObject({
    subject: z.string().min(1).max(300),
    /** Answer with `released`: the subject waits to learn which of its ids never went out. */
    ack: z.boolean().optional(),
  }),
);

export const ReceiptSchema = sharedSchema('workflow-messages/ReceiptSchema', () =>
  z.looseObject({
    platform,
    requestId: z.string().min(1).max(1000),
    kind,
    ids,
    shared: z.boolean(),
  }),
);

export const RejectionSchema = sharedSchema('workflow-messages/RejectionSchema', () =>
  z.looseObject({
    platform,
    kind,
    ids,
    errorType: z.string().max(200),
    message: z.string().max(10_000),
  }),
);

export const ReleasedSchema = sharedSchema('workflow-messages/ReleasedSchema', () =>
  z.looseObject({
    platform,
    /** The subject's ids the governor dropped from its queue: never sent. */
    entries: z.array(z.looseObject({ kind, ids })).max(10_000),
  }),
);

/**
 * A one-line account of what is wrong with a message, by field path and zod's issue code: never the
 * message's values, nor its unknown keys' names (either could be personal data).
 */
export function messageIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(input)'}: ${i.code}`)
    .join('; ');
}
