/**
 * The payload codec (src/codec): AES-256-GCM over the whole payload, the key id in the metadata,
 * rotation (encrypt with the newest, decrypt with any listed), clear errors that never quote content.
 */
import { randomBytes } from 'node:crypto';
import type { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { DecryptionError, ENCODING, EncryptionCodec } from '../../src/codec/encryption-codec';
import { Keyring, KeyringError } from '../../src/codec/keyring';

const key = (): string => randomBytes(32).toString('base64');
const text = (b: Uint8Array | null | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());
const payloadOf = (value: unknown): Payload => defaultPayloadConverter.toPayload(value) as Payload;

describe('EncryptionCodec', () => {
  const ring = Keyring.parse(`k1:${key()}`);
  const codec = new EncryptionCodec(ring);

  it('round-trips payloads, leaving no plaintext and naming the key id', async () => {
    const original = [
      payloadOf({ email: 'ada@example.com' }),
      payloadOf(null),
      payloadOf('x'.repeat(10_000)),
    ];
    const sealed = await codec.encode(original);
    for (const p of sealed) {
      expect(text(p.metadata?.encoding)).toBe(ENCODING);
      expect(text(p.metadata?.['encryption-key-id'])).toBe('k1');
      expect(Buffer.from(p.data ?? []).toString('latin1')).not.toContain('ada@example.com');
    }
    const opened = await codec.decode(sealed);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { email: 'ada@example.com' },
      null,
      'x'.repeat(10_000),
    ]);
  });

  it('encrypts the same value differently each time (a fresh IV per payload)', async () => {
    const [a, b] = await codec.encode([payloadOf('same'), payloadOf('same')]);
    expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []))).toBe(false);
  });

  it('passes payloads it did not encrypt through decode unchanged', async () => {
    const plain = payloadOf({ a: 1 });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('reads history written under the old key after a new key is added (rotation)', async () => {
    const oldKey = key();
    const before = new EncryptionCodec(Keyring.parse(`2026-05:${oldKey}`));
    const sealed = await before.encode([payloadOf('written in May')]);
    const rotated = new EncryptionCodec(Keyring.parse(`2026-11:${key()},2026-05:${oldKey}`));
    expect(defaultPayloadConverter.fromPayload((await rotated.decode(sealed))[0] as Payload)).toBe(
      'written in May',
    );
    const fresh = await rotated.encode([payloadOf('written in November')]);
    expect(text(fresh[0]?.metadata?.['encryption-key-id'])).toBe('2026-11');
  });

  it('refuses a payload under a key it does not hold, or altered, naming the key id only', async () => {
    const sealed = await codec.encode([payloadOf('secret value')]);
    const stranger = new EncryptionCodec(Keyring.parse(`k2:${key()}`));
    await expect(stranger.decode(sealed)).rejects.toThrow(
      new DecryptionError('payload encrypted with key k1, which is not in the keyring'),
    );
    const data = Buffer.from(sealed[0]?.data ?? []);
    data[20] = (data[20] ?? 0) ^ 1;
    const altered = [{ ...sealed[0], data: new Uint8Array(data) }];
    await expect(codec.decode(altered)).rejects.toThrow(/fails authentication/);
  });
});

describe('Keyring', () => {
  it('encrypts with the first key listed unless another is named', () => {
    expect(Keyring.parse(`a:${key()},b:${key()}`).currentId).toBe('a');
    expect(Keyring.parse(`a:${key()},b:${key()}`, 'b').currentId).toBe('b');
  });

  it.each([
    ['no key', ''],
    ['an entry without an id', key()],
    ['a key of the wrong length', `a:${randomBytes(16).toString('base64')}`],
    ['an id listed twice', `a:${key()},a:${key()}`],
  ])('refuses %s', (_what, spec) => {
    expect(() => Keyring.parse(spec)).toThrow(KeyringError);
  });

  it('never quotes a key in its errors', () => {
    const short = randomBytes(16).toString('base64');
    try {
      Keyring.parse(`a:${short}`);
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
      return;
    }
    throw new Error('expected a KeyringError');
  });
});
