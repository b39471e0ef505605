import { Secret } from '../config/secret';

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Thrown when a keyring is given in a form it cannot be used in; names the entry, never the key. */
export class KeyringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyringError';
  }
}

/**
 * The AES-256 keys of the payload codec, by id: one to encrypt with (the newest), all to decrypt with,
 * so history written under an older key stays readable after rotation.
 */
export class Keyring {
  private constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    readonly currentId: string,
  ) {}

  /**
   * From `id:base64key,id:base64key` (newest first, as LETHE_CODEC_KEYS holds them); `currentId`
   * picks another one to encrypt with.
   */
  static parse(spec: Secret | string, currentId?: string): Keyring {
    const text = typeof spec === 'string' ? spec : spec.reveal();
    const keys = new Map<string, Buffer>();
    for (const [i, entry] of text
      .split(',')
      .map((e) => e.trim())
      .entries()) {
      if (entry === '') continue;
      const at = entry.indexOf(':');
      const id = at > 0 ? entry.slice(0, at) : '';
      if (!KEY_ID.test(id))
        throw new KeyringError(`key ${i + 1}: must be <id>:<base64 key>, the id of letters, digits, . _ -`);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (key.length !== 32) throw new KeyringError(`key ${id}: must be 32 bytes (AES-256), base64-encoded`);
      if (keys.has(id)) throw new KeyringError(`key ${id}: listed twice`);
      keys.set(id, key);
    }
    const first = keys.keys().next().value;
    if (first === undefined) throw new KeyringError('no key given');
    const current = currentId ?? first;
    if (!keys.has(current)) throw new KeyringError(`key ${current}: named to encrypt with, but not listed`);
    return new Keyring(keys, current);
  }

  /** The key to encrypt with. */
  get current(): Buffer {
    return this.keys.get(this.currentId) as Buffer;
  }

  /** A key by id, for decrypting; undefined when this keyring does not hold it. */
  key(id: string): Buffer | undefined {
    return this.keys.get(id);
  }

  get ids(): string[] {
    return [...this.keys.keys()];
  }
}

/** A fresh keyring spec with one random key: for local runs and tests. */
export function newKeySpec(id: string, key: Buffer): Secret {
  return new Secret(`${id}:${key.toString('base64')}`);
}
