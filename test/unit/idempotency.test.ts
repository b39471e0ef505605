/**
 * submissionKey (src/domain/idempotency.ts): the idempotency key of one deletion request. The same on
 * every retry of the same submission, different for another sequence number, kind or set of ids, and
 * never carrying an identifier (ids may be personal data) while naming the workflow it belongs to.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { submissionKey } from '../../src/domain/idempotency';
import type { PlannedBatch } from '../../src/domain/planner';

const WORKFLOW = 'erasure-TICKET-1-3f9a';
const EMAIL_ID = 'jane.doe.secret@example.com';
const batch: PlannedBatch = { kind: 'consumer', ids: [EMAIL_ID, 'cons-42'] };

describe('submissionKey', () => {
  it('is the same for equal inputs, including a copy of the batch', () => {
    const key = submissionKey(WORKFLOW, 3, batch);
    expect(submissionKey(WORKFLOW, 3, batch)).toBe(key);
    expect(submissionKey(WORKFLOW, 3, { kind: 'consumer', ids: [...batch.ids] })).toBe(key);
  });

  it('differs for another sequence number (a later re-submission of the same ids)', () => {
    expect(submissionKey(WORKFLOW, 4, batch)).not.toBe(submissionKey(WORKFLOW, 3, batch));
    expect(submissionKey(WORKFLOW, 0, batch)).not.toBe(submissionKey(WORKFLOW, 1, batch));
  });

  it('differs for another kind with the same ids', () => {
    expect(submissionKey(WORKFLOW, 3, { ...batch, kind: 'conversation' })).not.toBe(
      submissionKey(WORKFLOW, 3, batch),
    );
  });

  it('differs when the ids differ', () => {
    const key = submissionKey(WORKFLOW, 3, batch);
    expect(submissionKey(WORKFLOW, 3, { kind: 'consumer', ids: [EMAIL_ID] })).not.toBe(key);
    expect(submissionKey(WORKFLOW, 3, { kind: 'consumer', ids: [EMAIL_ID, 'cons-43'] })).not.toBe(key);
    expect(submissionKey(WORKFLOW, 3, { kind: 'consumer', ids: [...batch.ids, 'cons-1'] })).not.toBe(key);
  });

  it('differs for another workflow', () => {
    expect(submissionKey('erasure-TICKET-2', 3, batch)).not.toBe(submissionKey(WORKFLOW, 3, batch));
  });

  it('contains the workflow id but no id value', () => {
    const key = submissionKey(WORKFLOW, 3, batch);
    expect(key).toContain(WORKFLOW);
    expect(key).not.toContain(EMAIL_ID);
    expect(key).not.toContain('jane');
    expect(key).not.toContain('@');
    expect(key).not.toContain('cons-42');
  });

  it('never contains any id of the batch, and is deterministic, for any ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z0-9._-]{6,20}@example\.com$/), { minLength: 1, maxLength: 20 }),
        fc.nat(1000),
        (ids, sequence) => {
          const b: PlannedBatch = { kind: 'conversation', ids };
          const key = submissionKey(WORKFLOW, sequence, b);
          expect(submissionKey(WORKFLOW, sequence, { kind: 'conversation', ids: [...ids] })).toBe(key);
          expect(key.startsWith(`${WORKFLOW}:`)).toBe(true);
          for (const id of ids) expect(key).not.toContain(id);
        },
      ),
    );
  });

  it('tells many distinct single-id batches apart', () => {
    const keys = new Set<string>();
    for (let i = 0; i < 2000; i++)
      keys.add(submissionKey(WORKFLOW, 0, { kind: 'conversation', ids: [`c-${i}`] }));
    expect(keys.size).toBe(2000);
  });
});
