/** Discovery results cross into workflow history grouped by kind: the round trip loses nothing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactRecords, expandRecords } from '../../src/domain/compact-records';
import type { PlatformRecord, RecordKind } from '../../src/domain/platforms';

const kinds: RecordKind[] = ['conversation', 'engagement', 'consumer', 'ticketing'];

const LEAD_KEYS = ['email:a@example.com', 'livepersonConsumerId:c-1', 'phone:+447700900123'];

/** Records with distinct kind and id; with `withLeads`, each names one or more identifiers that led to it. */
const distinctRecords = (withLeads: boolean): fc.Arbitrary<PlatformRecord[]> =>
  fc.uniqueArray(
    fc
      .record({
        kind: fc.constantFrom(...kinds),
        id: fc.string({ minLength: 1, maxLength: 8 }),
        active: fc.boolean(),
        leads: withLeads ? fc.uniqueArray(fc.constantFrom(...LEAD_KEYS), { minLength: 1 }) : fc.constant([]),
      })
      .map(({ leads, ...r }): PlatformRecord => (leads.length > 0 ? { ...r, leads } : r)),
    { selector: (r) => `${r.kind}:${r.id}` },
  );

describe('compact records', () => {
  it('expands back to exactly the records it was made from', () => {
    fc.assert(
      fc.property(distinctRecords(false), (records: PlatformRecord[]) => {
        const key = (r: PlatformRecord) => `${r.kind}:${r.id}:${r.active}`;
        expect(expandRecords(compactRecords(records)).map(key).sort()).toEqual(records.map(key).sort());
      }),
    );
  });

  it('keeps which identifiers led to each record', () => {
    fc.assert(
      fc.property(distinctRecords(true), (records: PlatformRecord[]) => {
        const key = (r: PlatformRecord) => `${r.kind}:${r.id}:${[...(r.leads ?? [])].sort().join(',')}`;
        expect(expandRecords(compactRecords(records)).map(key).sort()).toEqual(records.map(key).sort());
      }),
    );
    // Records found without leads come back without them.
    expect(expandRecords(compactRecords([{ kind: 'consumer', id: 'c', active: false }]))).toEqual([
      { kind: 'consumer', id: 'c', active: false },
    ]);
  });

  it('is smaller than the list of objects it replaces', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'conversation' as const,
      id: `conv-${i}`,
      active: false,
      leads: ['livepersonConsumerId:c-1'],
    }));
    expect(JSON.stringify(compactRecords(records)).length).toBeLessThan(JSON.stringify(records).length / 2);
  });
});
