/** RFC 8785 canonical JSON (src/domain/canonical-json.ts), with the RFC's own examples. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/domain/canonical-json';

describe('canonicalize (RFC 8785)', () => {
  it('serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3 examples)', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [1e30, '1e+30'],
      [4.5, '4.5'],
      [0.002, '0.002'],
      [1e-7, '1e-7'],
      [333333333.3333333, '333333333.3333333'],
      [9007199254740992, '9007199254740992'],
      [-1.7976931348623157e308, '-1.7976931348623157e+308'],
    ];
    for (const [n, text] of cases) expect(canonicalize(n)).toBe(text);
  });

  it('sorts members by UTF-16 code units, recursively, with no whitespace (RFC 8785 §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const text = canonicalize(input);
    const order = [
      'Carriage Return',
      'One',
      'Control',
      'Latin Small Letter O With Diaeresis',
      'Euro Sign',
      'Emoji: Grinning Face',
      'Hebrew Letter Dalet With Dagesh',
    ].map((v) => text.indexOf(v));
    expect(order.every((at, i) => at > (order[i - 1] ?? -1))).toBe(true);
    expect(canonicalize({ b: [3, { z: 1, a: null }], a: 'x' })).toBe('{"a":"x","b":[3,{"a":null,"z":1}]}');
  });

  it('escapes strings as JSON.stringify does, and leaves out undefined members', () => {
    expect(canonicalize({ s: 'a"b\\c\n\u0001é', u: undefined })).toBe('{"s":"a\\"b\\\\c\\n\\u0001é"}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalize(Number.NaN)).toThrow(RangeError);
    expect(() => canonicalize({ f: () => 1 })).toThrow(TypeError);
  });

  it('is the same for the same data, whatever the order it was built in, and parses back to it', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        const parsed: unknown = JSON.parse(text);
        expect(canonicalize(parsed)).toBe(text);
      }),
    );
  });
});
