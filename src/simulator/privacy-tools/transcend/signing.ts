import { exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** The claims of an `x-sombra-token` (`transcend-io/examples` verifyWebhook: ES384, audience, scope). */
export interface SombraClaims {
  readonly aud: string;
  readonly scope: string;
  /** The request's core identifier, the value the token vouches for. */
  readonly value: string;
  /** Epoch ms on the simulator's clock. */
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** The ways `deliver-forged` breaks a webhook's token, each one a receiver must refuse. */
export const forgeryKinds = [
  'bad-signature',
  'expired',
  'wrong-audience',
  'wrong-scope',
  'no-token',
  'alg-none',
] as const;
export type ForgeryKind = (typeof forgeryKinds)[number];

/** Far enough in the past that no verifier's clock tolerance lets the token through. */
const EXPIRED_FOR_MS = 10 * 60_000;

/**
 * Sombra's general signing key (ES384), made at start and kept across admin resets (a receiver caches
 * the public key, as the examples do), plus a stranger's key that signs the forged tokens.
 */
export class SombraSigner {
  private constructor(
    private readonly privateKey: PrivateKey,
    private readonly strangerKey: PrivateKey,
    /** The public key as SPKI PEM: what `GET /public-keys/sombra-general-signing-key` answers. */
    readonly publicKeyPem: string,
  ) {}

  static async create(): Promise<SombraSigner> {
    const own = await generateKeyPair('ES384', { extractable: true });
    const stranger = await generateKeyPair('ES384');
    return new SombraSigner(own.privateKey, stranger.privateKey, await exportSPKI(own.publicKey));
  }

  /** A genuine token. */
  sign(claims: SombraClaims): Promise<string> {
    return signWith(this.privateKey, claims);
  }

  /** A token broken the `kind` way; `undefined` for `no-token` (the header is left out). */
  async forge(kind: ForgeryKind, claims: SombraClaims): Promise<string | undefined> {
    switch (kind) {
      case 'bad-signature':
        return signWith(this.strangerKey, claims);
      case 'expired': {
        const ttl = claims.expiresAt - claims.issuedAt;
        const expiresAt = claims.issuedAt - EXPIRED_FOR_MS;
        return signWith(this.privateKey, { ...claims, issuedAt: expiresAt - ttl, expiresAt });
      }
      case 'wrong-audience':
        return signWith(this.privateKey, { ...claims, aud: `${claims.aud}-not` });
      case 'wrong-scope':
        // The enrichment webhook's body names its identifier `requestIdentifier`: a token minted for
        // another purpose, replayed here.
        return signWith(this.privateKey, { ...claims, scope: 'requestIdentifier' });
      case 'no-token':
        return undefined;
      case 'alg-none':
        return new UnsecuredJWT({ scope: claims.scope, value: claims.value })
          .setAudience(claims.aud)
          .setIssuedAt(seconds(claims.issuedAt))
          .setExpirationTime(seconds(claims.expiresAt))
          .encode();
    }
  }
}

function signWith(key: PrivateKey, claims: SombraClaims): Promise<string> {
  return new SignJWT({ scope: claims.scope, value: claims.value })
    .setProtectedHeader({ alg: 'ES384', typ: 'JWT' })
    .setAudience(claims.aud)
    .setIssuedAt(seconds(claims.issuedAt))
    .setExpirationTime(seconds(claims.expiresAt))
    .sign(key);
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
