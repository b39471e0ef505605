/**
 * Identifiers (src/domain/identifiers.ts): normalisation and validation of the subject's identifiers
 * (emails trimmed and lower-cased, phones reduced to E.164), the de-duplication key, and
 * mergeIdentifiers keeping the first provenance seen, and IdentifierListSchema (1 to 1000 identifiers,
 * each normalised).
 */
import { describe, expect, it } from 'vitest';
import {
  IdentifierListSchema,
  IdentifierSchema,
  identifierKey,
  mergeIdentifiers,
  type ResolvedIdentifier,
} from '../../src/domain/identifiers';

const parsedValue = (input: unknown): string | undefined => {
  const parsed = IdentifierSchema.safeParse(input);
  return parsed.success ? parsed.data.value : undefined;
};

describe('IdentifierSchema: email', () => {
  it.each([
    ['  Alice.Smith@Example.COM  ', 'alice.smith@example.com'],
    ['BOB@EXAMPLE.ORG', 'bob@example.org'],
    ['carol+tag@sub.example.co.uk', 'carol+tag@sub.example.co.uk'],
  ])('normalises %j to %j', (raw, normalised) => {
    expect(IdentifierSchema.parse({ kind: 'email', value: raw })).toEqual({
      kind: 'email',
      value: normalised,
    });
  });

  it.each(['not-an-email', 'alice@', '@example.com', 'alice example@example.com', '', '   '])(
    'rejects %j with "must be an email address"',
    (raw) => {
      const parsed = IdentifierSchema.safeParse({ kind: 'email', value: raw });
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues[0]?.path).toEqual(['value']);
      expect(parsed.error?.issues[0]?.message).toBe('must be an email address');
    },
  );
});

describe('IdentifierSchema: phone', () => {
  it.each([
    ['+44 7700 900123', '+447700900123'],
    ['+44 (7700) 900-123', '+447700900123'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+1.415.555.0100', '+14155550100'],
    ['  +33 6 12 34 56 78 ', '+33612345678'],
  ])('normalises %j to E.164 %j', (raw, e164) => {
    expect(parsedValue({ kind: 'phone', value: raw })).toBe(e164);
  });

  it.each([
    '07700 900123', // national format, no country code
    '+0 7700 900123', // country codes never start with 0
    '+12345', // too short
    '+1234567890123456', // 16 digits: too long
    '+44 77OO 900123', // letters
    '',
  ])('rejects %j', (raw) => {
    const parsed = IdentifierSchema.safeParse({ kind: 'phone', value: raw });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['value']);
    expect(parsed.error?.issues[0]?.message).toMatch(/international number/);
  });
});

describe('IdentifierSchema: opaque and platform ids', () => {
  it('trims opaque ids and rejects empty or over-long ones', () => {
    expect(parsedValue({ kind: 'customerId', value: '  C-42 ' })).toBe('C-42');
    expect(parsedValue({ kind: 'name', value: 'Alice Smith' })).toBe('Alice Smith');
    expect(parsedValue({ kind: 'livepersonConsumerId', value: '   ' })).toBeUndefined();
    expect(parsedValue({ kind: 'livepersonConversationId', value: 'x'.repeat(200) })).toBe('x'.repeat(200));
    expect(parsedValue({ kind: 'livepersonConversationId', value: 'x'.repeat(201) })).toBeUndefined();
  });

  it('accepts LivePerson engagement ids of letters, digits and underscores only', () => {
    expect(parsedValue({ kind: 'livepersonEngagementId', value: ' 12345678_3456 ' })).toBe('12345678_3456');
    expect(parsedValue({ kind: 'livepersonEngagementId', value: '1234-56' })).toBeUndefined();
    expect(parsedValue({ kind: 'livepersonEngagementId', value: 'x'.repeat(61) })).toBeUndefined();
  });

  it('rejects an unknown identifier kind', () => {
    expect(IdentifierSchema.safeParse({ kind: 'passport', value: 'X1' }).success).toBe(false);
  });
});

describe('IdentifierListSchema', () => {
  it('normalises every identifier of the list', () => {
    expect(
      IdentifierListSchema.parse([
        { kind: 'email', value: ' Jane@Example.COM ' },
        { kind: 'phone', value: '+44 (7700) 900-123' },
      ]),
    ).toEqual([
      { kind: 'email', value: 'jane@example.com' },
      { kind: 'phone', value: '+447700900123' },
    ]);
  });

  it('requires at least one identifier', () => {
    const parsed = IdentifierListSchema.safeParse([]);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['must name at least one identifier']);
  });

  it('accepts 1000 identifiers and refuses 1001', () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ kind: 'customerId', value: `cust-${i}` }));
    expect(IdentifierListSchema.safeParse(ids(1000)).success).toBe(true);
    expect(IdentifierListSchema.safeParse(ids(1001)).success).toBe(false);
  });

  it('reports a bad identifier by its index', () => {
    const parsed = IdentifierListSchema.safeParse([
      { kind: 'customerId', value: 'c1' },
      { kind: 'email', value: 'not-an-email' },
    ]);
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([[1, 'value']]);
  });
});

describe('identifierKey and mergeIdentifiers', () => {
  const id = (kind: ResolvedIdentifier['kind'], value: string, provenance: string): ResolvedIdentifier => ({
    kind,
    value,
    provenance,
  });

  it('keys by kind and value', () => {
    expect(identifierKey({ kind: 'email', value: 'a@example.com' })).toBe('email:a@example.com');
    expect(identifierKey({ kind: 'customerId', value: 'a@example.com' })).not.toBe(
      identifierKey({ kind: 'email', value: 'a@example.com' }),
    );
  });

  it('de-duplicates across and within lists, keeping the first provenance and first-seen order', () => {
    const merged = mergeIdentifiers(
      [id('email', 'a@example.com', 'request'), id('phone', '+447700900123', 'request')],
      [
        id('email', 'a@example.com', 'liveperson:phone'),
        id('livepersonConsumerId', 'c-1', 'liveperson:email'),
        id('livepersonConsumerId', 'c-1', 'liveperson:phone'),
      ],
      [id('customerId', 'a@example.com', 'liveperson:email')],
    );
    expect(merged).toEqual([
      id('email', 'a@example.com', 'request'),
      id('phone', '+447700900123', 'request'),
      id('livepersonConsumerId', 'c-1', 'liveperson:email'),
      id('customerId', 'a@example.com', 'liveperson:email'),
    ]);
  });

  it('keeps a later given or own tie over one found through a shared identifier or in free text', () => {
    const through = { via: 'phone:+447700900123' };
    const shared = {
      ...id('livepersonConsumerId', 'c-1', 'liveperson:phone'),
      ...through,
      link: 'shared' as const,
    };
    const own = {
      ...id('livepersonConsumerId', 'c-1', 'liveperson:email'),
      via: 'email:a@example.com',
      link: 'own' as const,
    };
    const typed = {
      ...id('email', 'b@example.com', 'liveperson:livepersonConsumerId'),
      link: 'free-text' as const,
    };
    const sharedAgain = { ...shared, provenance: 'genesys:phone' };
    expect(mergeIdentifiers([shared], [own])).toEqual([own]);
    expect(mergeIdentifiers([own], [shared])).toEqual([own]);
    expect(mergeIdentifiers([shared], [sharedAgain])).toEqual([shared]);
    expect(mergeIdentifiers([typed], [id('email', 'b@example.com', 'update:ops')])).toEqual([
      id('email', 'b@example.com', 'update:ops'),
    ]);
    // Order stays first-seen when a stronger tie replaces a weaker one.
    const first = id('email', 'a@example.com', 'request');
    expect(mergeIdentifiers([shared, first], [own]).map((i) => i.provenance)).toEqual([
      'liveperson:email',
      'request',
    ]);
  });

  it('returns an empty list for no input', () => {
    expect(mergeIdentifiers()).toEqual([]);
    expect(mergeIdentifiers([], [])).toEqual([]);
  });
});
