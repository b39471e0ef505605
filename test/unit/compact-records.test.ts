/** Discovery results cross into workflow history grouped by kind: the round trip loses nothing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactRecords, expandRecords } from '../../src/domain/compact-records';
import type { PlatformRecord, RecordKind } from '../../src/domain/platforms';

const kinds: RecordKind[] = ['conversation', 'engagement', 'consumer', 'ticketing'];

describe('compact records', () => {
  it('expands back to exactly the records it was made from', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.record({
            kind: fc.constantFrom(...kinds),
            id: fc.string({ minLength: 1, maxLength: 8 }),
            active: fc.boolean(),
          }),
          { selector: (r) => `${r.kind}:${r.id}` },
        ),
        (records: PlatformRecord[]) => {
          const key = (r: PlatformRecord) => `${r.kind}:${r.id}:${r.active}`;
          expect(expandRecords(compactRecords(records)).map(key).sort()).toEqual(records.map(key).sort());
        },
      ),
    );
  });

  it('is smaller than the list of objects it replaces', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'conversation' as const,
      id: `conv-${i}`,
      active: false,
    }));
    expect(JSON.stringify(compactRecords(records)).length).toBeLessThan(JSON.stringify(records).length / 2);
  });
});
