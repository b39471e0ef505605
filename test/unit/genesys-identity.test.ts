/**
 * Genesys identity helpers (src/connectors/genesys/identity.ts): search hits as normalised identifiers,
 * corroboration of name and address hits, and the GDPR subject a request names.
 */
import { describe, expect, it } from 'vitest';
import { corroborated, identifiersOf, namesSomeone, subjectOf } from '../../src/connectors/genesys/identity';
import { given } from '../helpers/identifiers';

const CONTACT = '3f6c1e8a-2b7d-4c1e-9a5f-1d2e3f4a5b6c';

describe('identifiersOf', () => {
  it('normalises every identifier of a hit and names where it came from', () => {
    expect(
      identifiersOf(
        {
          name: 'Ann Example',
          externalContactId: CONTACT.toUpperCase(),
          emailAddresses: ['Ann@Example.COM'],
          phoneNumbers: ['+44 7700 900123'],
          addresses: ['1 High Street'],
        },
        'genesys:email',
      ),
    ).toEqual([
      { kind: 'email', value: 'ann@example.com', provenance: 'genesys:email' },
      { kind: 'phone', value: '+447700900123', provenance: 'genesys:email' },
      { kind: 'address', value: '1 High Street', provenance: 'genesys:email' },
      { kind: 'genesysExternalContactId', value: CONTACT, provenance: 'genesys:email' },
      { kind: 'name', value: 'Ann Example', provenance: 'genesys:email' },
    ]);
  });

  it('keeps values in a format Lethe did not expect as Genesys wrote them, never drops them', () => {
    expect(
      identifiersOf(
        {
          phoneNumbers: ['07700 900123'],
          emailAddresses: ['not an email'],
          externalContactId: 'contact-42-not-a-uuid',
        },
        'genesys:phone',
      ),
    ).toEqual([
      { kind: 'email', value: 'not an email', provenance: 'genesys:phone' },
      // A phone without its country code: separators removed, as a requested phone is.
      { kind: 'phone', value: '07700900123', provenance: 'genesys:phone' },
      { kind: 'genesysExternalContactId', value: 'contact-42-not-a-uuid', provenance: 'genesys:phone' },
    ]);
  });

  it('leaves out only what is empty', () => {
    expect(identifiersOf({ phoneNumbers: ['  '], emailAddresses: [''] }, 'genesys:phone')).toEqual([]);
  });
});

describe('corroborated', () => {
  const known = [given('email', 'ann@example.com'), given('name', 'Ann Example')];
  it('takes a hit that shares an email, phone or contact with what is known', () => {
    expect(corroborated([given('email', 'ann@example.com'), given('phone', '+447700900123')], known)).toBe(
      true,
    );
  });
  it('refuses a hit that shares only a name (a namesake) or nothing', () => {
    expect(corroborated([given('name', 'Ann Example'), given('email', 'other@example.com')], known)).toBe(
      false,
    );
    expect(corroborated([], known)).toBe(false);
  });
});

describe('subjectOf', () => {
  it('names every email, phone and address once, the first name and the first contact', () => {
    const subject = subjectOf([
      given('email', 'a@example.com'),
      given('email', 'b@example.com'),
      given('email', 'a@example.com'),
      given('phone', '+447700900123'),
      given('address', '1 High Street'),
      given('name', 'Ann'),
      given('genesysExternalContactId', CONTACT),
      given('livepersonConsumerId', 'consumer-1'),
    ]);
    expect(subject).toEqual({
      name: 'Ann',
      externalContactId: CONTACT,
      emailAddresses: ['a@example.com', 'b@example.com'],
      phoneNumbers: ['+447700900123'],
      addresses: ['1 High Street'],
    });
    expect(namesSomeone(subject)).toBe(true);
  });

  it('does not count a name alone as naming someone (it would match every namesake)', () => {
    expect(namesSomeone(subjectOf([given('name', 'Ann'), given('chatbotUci', 'member-1')]))).toBe(false);
  });
});
