import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** Why an access token was refused; says what is wrong with it, never its content. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface JwtVerifierOptions {
  /** The identity provider's public key (PEM): RSA (RS256), EC P-256 (ES256) or Ed25519 (EdDSA). */
  readonly publicKeyPem: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly now?: () => number;
  /** Leeway for clock differences, in seconds. */
  readonly leewayS?: number;
}

const ALGORITHMS: Record<string, { hash: string | null; dsaEncoding?: 'ieee-p1363' }> = {
  RS256: { hash: 'sha256' },
  ES256: { hash: 'sha256', dsaEncoding: 'ieee-p1363' },
  EdDSA: { hash: null },
};

const part = (s: string): Buffer => Buffer.from(s, 'base64url');

/**
 * Verifies the operator's access token as the Web UI passes it (a JWT from the identity provider):
 * its signature with the provider's public key, its expiry and not-before, its issuer and audience.
 */
export class JwtVerifier {
  private readonly key: KeyObject;
  private readonly now: () => number;
  private readonly leewayS: number;

  constructor(private readonly options: JwtVerifierOptions) {
    this.key = createPublicKey(options.publicKeyPem);
    this.now = options.now ?? Date.now;
    this.leewayS = options.leewayS ?? 30;
  }

  /** The token's claims when it is valid; otherwise a TokenError. */
  verify(token: string): Record<string, unknown> {
    const pieces = token.split('.');
    if (pieces.length !== 3) throw new TokenError('not a JWT');
    const [head, body, signature] = pieces as [string, string, string];
    let header: { alg?: string };
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(part(head).toString('utf8')) as { alg?: string };
      claims = JSON.parse(part(body).toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new TokenError('not a JWT');
    }
    const alg = ALGORITHMS[header.alg ?? ''];
    if (!alg) throw new TokenError(`algorithm ${String(header.alg)} is not accepted`);
    const signed = Buffer.from(`${head}.${body}`);
    const key = alg.dsaEncoding ? { key: this.key, dsaEncoding: alg.dsaEncoding } : this.key;
    let valid = false;
    try {
      valid = verify(alg.hash, signed, key, part(signature));
    } catch {
      valid = false;
    }
    if (!valid) throw new TokenError('signature does not verify');
    const nowS = this.now() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp + this.leewayS < nowS)
      throw new TokenError('expired or without expiry');
    if (typeof claims.nbf === 'number' && claims.nbf - this.leewayS > nowS)
      throw new TokenError('not valid yet');
    if (this.options.issuer !== undefined && claims.iss !== this.options.issuer)
      throw new TokenError('wrong issuer');
    if (this.options.audience !== undefined) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(this.options.audience)) throw new TokenError('wrong audience');
    }
    return claims;
  }
}
