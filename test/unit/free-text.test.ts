/**
 * Identifiers read from free text (src/domain/free-text.ts): emails and international phones only,
 * normalised like a requested identifier; nothing that merely looks like a number.
 */
import { describe, expect, it } from 'vitest';
import { FREE_TEXT_MAX, identifiersInText } from '../../src/domain/free-text';

describe('identifiers in free text', () => {
  it('reads emails, lower-cased, without the punctuation that ends a sentence', () => {
    expect(identifiersInText('Please also write to my son at Sam.Home@Example.org.')).toEqual([
      { kind: 'email', value: 'sam.home@example.org' },
    ]);
    expect(identifiersInText('mail (a.b+tag@mail.example.co.uk), thanks')).toEqual([
      { kind: 'email', value: 'a.b+tag@mail.example.co.uk' },
    ]);
  });

  it('reads a phone written in international form, separators removed', () => {
    expect(identifiersInText('call +44 7700 900-321 after six')).toEqual([
      { kind: 'phone', value: '+447700900321' },
    ]);
    expect(identifiersInText('or +1 (555) 010.4477')).toEqual([{ kind: 'phone', value: '+15550104477' }]);
  });

  it('does not read local numbers, order numbers, or a plus glued to a word', () => {
    expect(identifiersInText('order 07700900123, ref 123456789012, C++17, a+44770090032 b')).toEqual([]);
    // Too few or too many digits for E.164.
    expect(identifiersInText('+12345 and +1234567890123456789')).toEqual([]);
  });

  it('reads each identifier once, emails then phones', () => {
    expect(identifiersInText('a@example.com +447700900321 A@example.com +44 7700 900321')).toEqual([
      { kind: 'email', value: 'a@example.com' },
      { kind: 'phone', value: '+447700900321' },
    ]);
  });

  it('finds nothing in masked text and reads a hostile text only up to its bound', () => {
    expect(identifiersInText('*** LP deleted data *** ** LP deleted data **')).toEqual([]);
    const late = `${'x'.repeat(FREE_TEXT_MAX)} late@example.com`;
    expect(identifiersInText(late)).toEqual([]);
    // A long run of address-like characters yields nothing invalid (the candidates are bounded).
    expect(identifiersInText(`${'a.'.repeat(9_000)}@`)).toEqual([]);
  });
});
