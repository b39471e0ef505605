import type { PlannedBatch } from './planner';

/** FNV-1a, 32 bits, hex: a stable fingerprint of a batch (not a security measure). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * The idempotency key of one submission: the same on every retry of the activity that sends it, and
 * different for a later re-submission of the same ids (its `sequence` differs). Holds no identifier.
 */
export function submissionKey(workflowId: string, sequence: number, batch: PlannedBatch): string {
  return `${workflowId}:${sequence}:${batch.kind}:${fnv1a(`${batch.kind}\n${batch.ids.join('\n')}`)}`;
}
