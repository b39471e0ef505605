/**
 * Derived matches (src/domain/derived-matches.ts): a household's records sorted under the policy into
 * those that proceed and those that wait, grouped by the identifier that reached them, decided by an
 * operator (confirmed records released to their ledgers, excluded ones never), and carried as data.
 */
import { describe, expect, it } from 'vitest';
import { DerivedMatches } from '../../src/domain/derived-matches';
import { indexIdentifiers } from '../../src/domain/expansion';
import { identifierKey, type ResolvedIdentifier } from '../../src/domain/identifiers';
import type { PlatformRecord } from '../../src/domain/platforms';

const email: ResolvedIdentifier = { kind: 'email', value: 'ada@example.com', provenance: 'request' };
const phone: ResolvedIdentifier = { kind: 'phone', value: '+447700900123', provenance: 'request' };
const own: ResolvedIdentifier = {
  kind: 'livepersonConsumerId',
  value: 'c-ada',
  provenance: 'liveperson:email',
  via: identifierKey(email),
  link: 'own',
};
const relative: ResolvedIdentifier = {
  kind: 'livepersonConsumerId',
  value: 'c-son',
  provenance: 'liveperson:phone',
  via: identifierKey(phone),
  link: 'shared',
};
const index = indexIdentifiers([email, phone, own, relative]);
const conv = (id: string, lead: ResolvedIdentifier, active = false): PlatformRecord => ({
  kind: 'conversation',
  id,
  active,
  leads: [identifierKey(lead)],
});
const found = [conv('a1', own), conv('a2', own), conv('s1', relative), conv('s2', relative, true)];
const nothingKnown = () => false;

describe('derived matches', () => {
  it("by default lets the requester's own records proceed and holds what a shared phone reached", () => {
    const m = new DerivedMatches();
    const sorted = m.sort('liveperson', found, index, undefined, nothingKnown);
    expect(sorted.proceed.map((r) => r.id)).toEqual(['a1', 'a2']);
    expect(sorted.waiting).toBe(2);
    // Both kinds of derived match are named: the own consumer (auto) and the shared one (waiting).
    expect(m.all().map((g) => [g.ref, g.reach, g.counts, g.records.map((r) => r.id)])).toEqual([
      // Records erased with the rest live in the ledger: the group keeps only their count.
      ['m1', 'auto', { conversation: 2 }, []],
      ['m2', 'confirm', { conversation: 2 }, ['s1', 's2']],
    ]);
    expect(m.pending().map((g) => g.ref)).toEqual(['m2']);
    expect(m.pending()[0]?.chain).toEqual([
      { kind: 'phone', source: 'request', shared: true },
      { kind: 'livepersonConsumerId', source: 'liveperson', link: 'shared' },
    ]);
    expect(m.waitingLeads()).toEqual(new Set([identifierKey(relative)]));
  });

  it("erases every derived match under 'auto', holds every one under 'confirm', uses none under 'off'", () => {
    expect(new DerivedMatches().sort('liveperson', found, index, 'auto', nothingKnown).proceed).toHaveLength(
      4,
    );
    const confirm = new DerivedMatches().sort('liveperson', found, index, 'confirm', nothingKnown);
    expect([confirm.proceed.length, confirm.waiting]).toEqual([0, 4]);
    const off = new DerivedMatches().sort('liveperson', found, index, 'off', nothingKnown);
    expect([off.proceed.map((r) => r.id), off.waiting, off.unused]).toEqual([['a1', 'a2'], 0, 2]);
  });

  it('releases confirmed groups with their records as found, and never the excluded ones', () => {
    const m = new DerivedMatches();
    m.sort('liveperson', found, index, 'confirm', nothingKnown);
    const at = Date.UTC(2026, 11, 6);
    const released = m.decide({ by: 'ops', reason: 'same person', exclude: ['m2'] }, at);
    expect(released).toEqual([{ platform: 'liveperson', records: [found[0], found[1]] }]);
    expect(m.all().map((g) => g.decision)).toEqual([
      { confirmed: true, by: 'ops', reason: 'same person', at: '2026-12-06T00:00:00.000Z' },
      { confirmed: false, by: 'ops', reason: 'same person', at: '2026-12-06T00:00:00.000Z' },
    ]);
    expect(m.pending()).toEqual([]);
    expect(m.excludedLeads()).toEqual(new Set([identifierKey(relative)]));
    // Found again later through the same leads: the decisions stand.
    const again = m.sort(
      'liveperson',
      [conv('a3', own), conv('s3', relative)],
      index,
      'confirm',
      nothingKnown,
    );
    expect([again.proceed.map((r) => r.id), again.waiting]).toEqual([['a3'], 0]);
  });

  it('decides only the groups named in confirm, and refuses refs that wait under nothing', () => {
    const m = new DerivedMatches();
    m.sort('liveperson', found, index, 'confirm', nothingKnown);
    expect(() => m.decide({ by: 'ops', exclude: ['m9'] }, 0)).toThrow(/no derived match waits under m9/);
    expect(() => m.decide({ by: 'ops', exclude: ['m1'], confirm: ['m1'] }, 0)).toThrow(/both/);
    expect(m.pending()).toHaveLength(2);
    expect(m.decide({ by: 'ops', confirm: ['m2'] }, 0).map((r) => r.records.length)).toEqual([2]);
    expect(m.pending().map((g) => g.ref)).toEqual(['m1']);
    expect(() => m.decide({ by: 'ops', confirm: ['m2'] }, 0)).toThrow(/m2/);
  });

  it('leaves records already in the ledger where they are, and carries everything as data', () => {
    const m = new DerivedMatches();
    const sorted = m.sort('liveperson', found, index, undefined, (r) => r.id === 's1');
    expect(sorted.proceed.map((r) => r.id)).toEqual(['a1', 'a2', 's1']);
    expect(sorted.waiting).toBe(1);
    const copy = new DerivedMatches(JSON.parse(JSON.stringify(m.snapshot())));
    expect(copy.all()).toEqual(m.all());
    expect(copy.sort('liveperson', found, index, undefined, (r) => r.id === 's1').waiting).toBe(0);
  });
});
