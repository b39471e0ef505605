/**
 * planBatches (src/domain/planner.ts): splitting discovered records into deletion requests.
 * Property-based: for any mix of kinds, duplicate ids and limits, every (kind, id) pair lands in exactly
 * one batch, batches hold one kind and at most `limit` unique ids, follow the platform's kind order, and
 * only the last batch of a kind may be partial. Plus worked examples and argument validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PlannedBatch, packMessages, planBatches } from '../../src/domain/planner';
import type { RecordKind } from '../../src/domain/platforms';

const KINDS: readonly RecordKind[] = ['conversation', 'engagement', 'consumer', 'ticketing'];

const pairKey = (kind: string, id: string): string => `${kind}\u0000${id}`;

/** Ids from a small alphabet (so duplicates are common) but wide enough for several batches per kind. */
const idArb = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'd'),
  fc.integer({ min: 0, max: 249 }).map((n) => `id-${n}`),
);
/** `size: 'large'` so arrays really reach hundreds of records and kinds span several batches. */
const recordsArb = fc.array(fc.record({ kind: fc.constantFrom(...KINDS), id: idArb }), {
  maxLength: 600,
  size: 'large',
});
const limitArb = fc.integer({ min: 1, max: 150 });
/** Any permutation of the four kinds. */
const kindOrderArb = fc.shuffledSubarray([...KINDS], { minLength: KINDS.length, maxLength: KINDS.length });

const batchesOfKind = (batches: PlannedBatch[], kind: RecordKind): PlannedBatch[] =>
  batches.filter((b) => b.kind === kind);

describe('planBatches properties', () => {
  it('puts only input pairs of a single kind in each batch, 1..limit unique ids each', () => {
    fc.assert(
      fc.property(recordsArb, limitArb, kindOrderArb, (records, limit, kindOrder) => {
        const input = new Set(records.map((r) => pairKey(r.kind, r.id)));
        for (const batch of planBatches(records, limit, kindOrder)) {
          expect(KINDS).toContain(batch.kind);
          expect(batch.ids.length).toBeGreaterThanOrEqual(1);
          expect(batch.ids.length).toBeLessThanOrEqual(limit);
          expect(new Set(batch.ids).size).toBe(batch.ids.length);
          // One kind per batch: every id must have been given with this batch's kind.
          for (const id of batch.ids) expect(input.has(pairKey(batch.kind, id))).toBe(true);
        }
      }),
    );
  });

  it('covers exactly the set of input (kind, id) pairs, each pair in exactly one batch', () => {
    fc.assert(
      fc.property(recordsArb, limitArb, kindOrderArb, (records, limit, kindOrder) => {
        const input = new Set(records.map((r) => pairKey(r.kind, r.id)));
        const planned = planBatches(records, limit, kindOrder).flatMap((b) =>
          b.ids.map((id) => pairKey(b.kind, id)),
        );
        // No pair appears twice (within or across batches) ...
        expect(planned.length).toBe(new Set(planned).size);
        // ... nothing lost and nothing added.
        expect(new Set(planned)).toEqual(input);
      }),
    );
  });

  it('emits batches in kindOrder, each kind contiguous', () => {
    fc.assert(
      fc.property(recordsArb, limitArb, kindOrderArb, (records, limit, kindOrder) => {
        const positions = planBatches(records, limit, kindOrder).map((b) => kindOrder.indexOf(b.kind));
        for (let i = 1; i < positions.length; i++) {
          expect(positions[i]).toBeGreaterThanOrEqual(positions[i - 1] ?? -1);
        }
      }),
    );
  });

  it('fills every batch but the last of each kind, so the batch count is minimal', () => {
    fc.assert(
      fc.property(recordsArb, limitArb, kindOrderArb, (records, limit, kindOrder) => {
        const batches = planBatches(records, limit, kindOrder);
        for (const kind of KINDS) {
          const ofKind = batchesOfKind(batches, kind);
          ofKind.slice(0, -1).forEach((b) => {
            expect(b.ids.length).toBe(limit);
          });
          const unique = new Set(records.filter((r) => r.kind === kind).map((r) => r.id)).size;
          expect(ofKind.length).toBe(Math.ceil(unique / limit));
        }
      }),
    );
  });

  it('keeps ids of a kind in first-seen order', () => {
    fc.assert(
      fc.property(recordsArb, limitArb, kindOrderArb, (records, limit, kindOrder) => {
        const batches = planBatches(records, limit, kindOrder);
        for (const kind of KINDS) {
          const firstSeen = [...new Set(records.filter((r) => r.kind === kind).map((r) => r.id))];
          expect(batchesOfKind(batches, kind).flatMap((b) => b.ids)).toEqual(firstSeen);
        }
      }),
    );
  });
});

describe('planBatches examples', () => {
  const conversations = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ kind: 'conversation' as const, id: `c${i}` }));

  it('splits 250 conversation ids into 100, 100 and 50', () => {
    const batches = planBatches(conversations(250), 100, KINDS);
    expect(batches.map((b) => b.ids.length)).toEqual([100, 100, 50]);
    expect(batches.every((b) => b.kind === 'conversation')).toBe(true);
    expect(batches[0]?.ids[0]).toBe('c0');
    expect(batches[2]?.ids.at(-1)).toBe('c249');
  });

  it('sends exactly `limit` ids in one full batch and nothing for an empty input', () => {
    expect(planBatches(conversations(100), 100, KINDS).map((b) => b.ids.length)).toEqual([100]);
    expect(planBatches([], 100, KINDS)).toEqual([]);
  });

  it('de-duplicates ids per kind but keeps the same id under different kinds', () => {
    const batches = planBatches(
      [
        { kind: 'consumer', id: 'x' },
        { kind: 'conversation', id: 'x' },
        { kind: 'conversation', id: 'x' },
        { kind: 'conversation', id: 'y' },
      ],
      100,
      KINDS,
    );
    expect(batches).toEqual([
      { kind: 'conversation', ids: ['x', 'y'] },
      { kind: 'consumer', ids: ['x'] },
    ]);
  });

  it('orders conversations before engagements before the consumer profile (LivePerson order)', () => {
    const batches = planBatches(
      [
        { kind: 'consumer', id: 'p' },
        { kind: 'ticketing', id: 't' },
        { kind: 'engagement', id: 'e' },
        { kind: 'conversation', id: 'c' },
      ],
      10,
      KINDS,
    );
    expect(batches.map((b) => b.kind)).toEqual(['conversation', 'engagement', 'consumer', 'ticketing']);
  });

  it.each([0, 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'rejects limit %s with a RangeError',
    (limit) => {
      expect(() => planBatches(conversations(3), limit, KINDS)).toThrow(RangeError);
    },
  );

  it('rejects a record whose kind is not in kindOrder with a RangeError', () => {
    expect(() => planBatches([{ kind: 'consumer', id: 'p' }], 100, ['conversation'])).toThrow(RangeError);
    expect(() => planBatches([{ kind: 'mailbox' as unknown as RecordKind, id: 'm' }], 100, KINDS)).toThrow(
      /record kind "mailbox"/,
    );
  });
});

describe('packMessages', () => {
  const batch = (kind: 'conversation' | 'engagement' | 'consumer', n: number) => ({
    kind,
    ids: Array.from({ length: n }, (_, i) => `${kind}-${i}`),
  });

  it('puts every kind of a small subject in one message, in order', () => {
    const batches = [batch('conversation', 5), batch('engagement', 1), batch('consumer', 1)];
    expect(packMessages(batches, 500)).toEqual([batches]);
  });

  it('starts a new message when the next batch would pass the limit, never splitting a batch', () => {
    const batches = [batch('conversation', 300), batch('conversation', 300), batch('engagement', 100)];
    const messages = packMessages(batches, 500);
    expect(messages.map((m) => m.map((b) => b.ids.length))).toEqual([[300], [300, 100]]);
    expect(messages.flat()).toEqual(batches);
    expect(packMessages([], 500)).toEqual([]);
  });
});
