import type { RecordKind } from './platforms';

/** One deletion request to send: ids of a single kind, de-duplicated, at most the platform's limit. */
export interface PlannedBatch {
  readonly kind: RecordKind;
  readonly ids: string[];
}

/**
 * Splits records into deletion requests: one kind per request, at most `limit` unique ids each, kinds in
 * `kindOrder` (the platform's order: for LivePerson conversations, then engagements, then the consumer
 * profile), ids in first-seen order. Pure and linear in the input.
 */
export function planBatches(
  records: Iterable<{ readonly kind: RecordKind; readonly id: string }>,
  limit: number,
  kindOrder: readonly RecordKind[],
): PlannedBatch[] {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  const byKind = new Map<RecordKind, Set<string>>(kindOrder.map((k) => [k, new Set<string>()]));
  for (const { kind, id } of records) {
    const ids = byKind.get(kind);
    if (!ids) throw new RangeError(`record kind "${kind}" is not one of ${kindOrder.join(', ')}`);
    ids.add(id);
  }
  const batches: PlannedBatch[] = [];
  for (const [kind, ids] of byKind) {
    const all = [...ids];
    for (let start = 0; start < all.length; start += limit) {
      batches.push({ kind, ids: all.slice(start, start + limit) });
    }
  }
  return batches;
}

/**
 * Packs batches into messages of at most `limit` ids in all, kinds mixed, in order: a subject hands
 * its governor every kind in one signal (a few kilobytes), not one signal per kind.
 */
export function packMessages(batches: readonly PlannedBatch[], limit: number): PlannedBatch[][] {
  const messages: PlannedBatch[][] = [];
  let current: PlannedBatch[] = [];
  let size = 0;
  for (const batch of batches) {
    if (size > 0 && size + batch.ids.length > limit) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(batch);
    size += batch.ids.length;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}
