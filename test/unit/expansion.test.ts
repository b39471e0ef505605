/**
 * Identity expansion under a policy (src/domain/expansion.ts): which identifiers and records are the
 * requester's own, which are derived and erased, which wait for an operator, and which are not used;
 * the chain that led to each, in kinds and platforms only.
 */
import { describe, expect, it } from 'vitest';
import {
  chainOf,
  describeChain,
  type ExpandPolicy,
  indexIdentifiers,
  reachOfIdentifier,
  reachOfRecord,
  recordChain,
  searchable,
} from '../../src/domain/expansion';
import { identifierKey, type LinkKind, type ResolvedIdentifier } from '../../src/domain/identifiers';

const given = (kind: ResolvedIdentifier['kind'], value: string): ResolvedIdentifier => ({
  kind,
  value,
  provenance: 'request',
});
const found = (
  kind: ResolvedIdentifier['kind'],
  value: string,
  through: ResolvedIdentifier,
  platform: string,
  link: LinkKind,
): ResolvedIdentifier => ({
  kind,
  value,
  provenance: `${platform}:${through.kind}`,
  via: identifierKey(through),
  link,
});

// A household: the requester's email and the family's shared phone; the phone leads to the relative's
// LivePerson consumer; a chat holds a relative's email in its text; Genesys lists a second email of
// the requester's own contact.
const email = given('email', 'ada@example.com');
const phone = given('phone', '+447700900123');
const ownConsumer = found('livepersonConsumerId', 'c-ada', email, 'liveperson', 'own');
const sharedConsumer = found('livepersonConsumerId', 'c-relative', phone, 'liveperson', 'shared');
const typedEmail = found('email', 'relative@example.com', ownConsumer, 'liveperson', 'free-text');
const secondEmail = found('email', 'ada@work.example', email, 'genesys', 'own');
const viaSecond = found('livepersonConsumerId', 'c-work', secondEmail, 'liveperson', 'own');
const viaTyped = found('genesysExternalContactId', 'g-relative', typedEmail, 'genesys', 'own');
const operatorPhone: ResolvedIdentifier = { kind: 'phone', value: '+447700900999', provenance: 'update:ops' };
const all = [
  email,
  phone,
  ownConsumer,
  sharedConsumer,
  typedEmail,
  secondEmail,
  viaSecond,
  viaTyped,
  operatorPhone,
];
const index = indexIdentifiers(all);
const reach = (id: ResolvedIdentifier, policy?: ExpandPolicy) => reachOfIdentifier(id, index, policy);

describe('identity expansion: identifiers', () => {
  it('by default follows own links and holds shared and free-text ones, however deep', () => {
    expect(reach(email)).toBe('requested');
    expect(reach(operatorPhone)).toBe('requested');
    expect(reach(ownConsumer)).toBe('auto');
    expect(reach(secondEmail)).toBe('auto');
    expect(reach(viaSecond)).toBe('auto');
    expect(reach(sharedConsumer)).toBe('confirm');
    expect(reach(typedEmail)).toBe('confirm');
    // An own link after a weak one is as weak as the chain's weakest link.
    expect(reach(viaTyped)).toBe('confirm');
  });

  it('holds what a given identifier others share reached, unless the policy erases every match', () => {
    // The household phone was given, and LivePerson holds it for two consumers.
    expect(reach(phone)).toBe('confirm');
    expect(reach(phone, 'confirm')).toBe('confirm');
    expect(reach(phone, 'off')).toBe('confirm');
    expect(reach(phone, 'auto')).toBe('auto');
    expect(chainOf(phone, index)).toEqual([{ kind: 'phone', source: 'request', shared: true }]);
    expect(describeChain(chainOf(phone, index))).toBe('phone (request, held for others too)');
    // A found identifier others share makes everything found through it wait too.
    const household = found('phone', '+447700900777', email, 'genesys', 'own');
    const other = found('genesysExternalContactId', 'g-son', household, 'genesys', 'shared');
    const call = found('email', 'son@example.com', other, 'genesys', 'own');
    const withHousehold = indexIdentifiers([email, household, other, call]);
    expect(reachOfIdentifier(household, withHousehold, undefined)).toBe('confirm');
    expect(reachOfIdentifier(call, withHousehold, undefined)).toBe('confirm');
    expect(reachOfIdentifier(household, withHousehold, 'auto')).toBe('auto');
  });

  it("'auto' erases every derived match, 'confirm' holds every one", () => {
    for (const id of [ownConsumer, sharedConsumer, typedEmail, viaTyped]) {
      expect(reach(id, 'auto')).toBe('auto');
      expect(reach(id, 'confirm')).toBe('confirm');
    }
    expect(reach(email, 'confirm')).toBe('requested');
  });

  it("'off' uses only a platform's own id for a given identifier, nothing further", () => {
    expect(reach(ownConsumer, 'off')).toBe('auto');
    expect(reach(secondEmail, 'off')).toBe('auto');
    expect(reach(viaSecond, 'off')).toBe('unused');
    expect(reach(sharedConsumer, 'off')).toBe('unused');
    expect(reach(typedEmail, 'off')).toBe('unused');
    expect(searchable(all, 'off').map(identifierKey)).toEqual(
      [email, phone, ownConsumer, secondEmail, operatorPhone].map(identifierKey),
    );
    expect(searchable(all, undefined)).toHaveLength(all.length);
  });

  it('gives the chain root first, in kinds, sources and links, never a value', () => {
    expect(chainOf(viaTyped, index)).toEqual([
      { kind: 'email', source: 'request' },
      { kind: 'livepersonConsumerId', source: 'liveperson', link: 'own' },
      { kind: 'email', source: 'liveperson', link: 'free-text' },
      { kind: 'genesysExternalContactId', source: 'genesys', link: 'own' },
    ]);
    const words = describeChain(chainOf(viaTyped, index));
    expect(words).toBe(
      'email (request) → livepersonConsumerId (liveperson, own) → email (liveperson, free-text) → genesysExternalContactId (genesys, own)',
    );
    for (const id of all) expect(words).not.toContain(id.value);
  });

  it('ends a chain at a loop or an unknown identifier, and takes an old derived identifier as its own root', () => {
    const a: ResolvedIdentifier = {
      kind: 'email',
      value: 'a@x.example',
      provenance: 'genesys:email',
      via: 'email:b@x.example',
      link: 'own',
    };
    const b: ResolvedIdentifier = {
      kind: 'email',
      value: 'b@x.example',
      provenance: 'genesys:email',
      via: 'email:a@x.example',
      link: 'own',
    };
    const loop = indexIdentifiers([a, b]);
    expect(chainOf(a, loop)).toHaveLength(2);
    const orphan: ResolvedIdentifier = {
      kind: 'phone',
      value: '+15550000000',
      provenance: 'genesys:email',
      via: 'email:gone@x.example',
      link: 'shared',
    };
    expect(chainOf(orphan, loop)).toEqual([{ kind: 'phone', source: 'genesys', link: 'shared' }]);
    const old: ResolvedIdentifier = {
      kind: 'livepersonConsumerId',
      value: 'c-old',
      provenance: 'liveperson:email',
    };
    expect(chainOf(old, loop)).toEqual([{ kind: 'livepersonConsumerId', source: 'liveperson' }]);
    // Nothing marks it weak: it is erased as it was before the policy existed.
    expect(reachOfIdentifier(old, loop, undefined)).toBe('auto');
  });
});

describe('identity expansion: records', () => {
  const key = identifierKey;
  it('takes the strongest of the identifiers that led to a record', () => {
    expect(reachOfRecord([key(sharedConsumer), key(email)], index, undefined)).toBe('requested');
    expect(reachOfRecord([key(sharedConsumer), key(ownConsumer)], index, undefined)).toBe('auto');
    expect(reachOfRecord([key(sharedConsumer)], index, undefined)).toBe('confirm');
    expect(reachOfRecord([key(sharedConsumer)], index, 'auto')).toBe('auto');
    expect(reachOfRecord([key(viaTyped)], index, 'off')).toBe('unused');
  });

  it('takes a record without leads (found before leads were kept) as the requester’s', () => {
    expect(reachOfRecord(undefined, index, 'confirm')).toBe('requested');
    expect(reachOfRecord([], index, undefined)).toBe('requested');
    expect(reachOfRecord(['email:unknown@x.example'], index, undefined)).toBe('unused');
  });

  it("shows the chain of the record's strongest lead", () => {
    expect(recordChain([key(sharedConsumer), key(ownConsumer)], index, undefined)).toEqual(
      chainOf(ownConsumer, index),
    );
    expect(recordChain([key(sharedConsumer)], index, undefined)).toEqual([
      { kind: 'phone', source: 'request', shared: true },
      { kind: 'livepersonConsumerId', source: 'liveperson', link: 'shared' },
    ]);
  });
});
