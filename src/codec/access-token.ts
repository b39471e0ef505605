import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTVerifyGetKey, jwtVerify, type RemoteJWKSet } from 'jose';
import { jwksUrlProblem } from './jwks-url';

/** Why an access token was refused; says what is wrong with it, never its content. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

/**
 * The identity provider's key set (JWKS) could not be fetched or used: the token may well be valid,
 * so this is not the caller's fault (the codec server answers 503, not 401).
 */
export class KeySetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySetUnavailableError';
  }
}

export type AccessTokenClaims = Record<string, unknown>;

/** What the codec server asks of an access-token check. */
export interface AccessTokenVerifier {
  /** The token's claims when it is valid; otherwise a TokenError (or KeySetUnavailableError). */
  verify(token: string): Promise<AccessTokenClaims>;
}

/** How the identity provider's key set is cached (milliseconds). */
export interface JwksCacheOptions {
  /** After a fetch, how long before a token with an unknown kid may trigger another (rotation). */
  readonly cooldownMs?: number;
  /** How long fetched keys are used before the set is fetched again, even for known kids. */
  readonly cacheMaxAgeMs?: number;
  /** How long one fetch may take before the verification fails. */
  readonly timeoutMs?: number;
}

/**
 * Jose's defaults for cooldown (30 s) and age (10 min): a rotation is picked up on the first token
 * signed with the new key, a key the provider withdrew is dropped within 10 minutes, and tokens with
 * made-up kids cost at most one fetch every 30 s. The timeout is shorter than jose's 5 s because the
 * Web UI waits on it to show a page.
 */
export const JWKS_DEFAULTS = { cooldownMs: 30_000, cacheMaxAgeMs: 600_000, timeoutMs: 3_000 } as const;

interface CommonOptions {
  readonly issuer?: string;
  readonly audience?: string;
  readonly now?: () => number;
  /** Leeway for clock differences, in seconds. */
  readonly leewayS?: number;
}

export type JwtVerifierOptions = CommonOptions &
  (
    | {
        /** The identity provider's public key (PEM): RSA (RS256), EC P-256 (ES256) or Ed25519 (EdDSA). */
        readonly publicKeyPem: string;
        readonly jwksUrl?: never;
        readonly jwks?: never;
      }
    | {
        /** The identity provider's key set (JWKS) URL: keys chosen by the token's kid, refetched on rotation. */
        readonly jwksUrl: string;
        readonly jwks?: JwksCacheOptions;
        readonly publicKeyPem?: never;
      }
  );

/** The only algorithms accepted, whatever the token or the key set says. */
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * Verifies the operator's access token as the Web UI passes it (a JWT from the identity provider):
 * its signature with the provider's public key (one PEM, or its key set by kid), its expiry and
 * not-before, its issuer and audience.
 */
export class JwtVerifier implements AccessTokenVerifier {
  private readonly key: KeyObject | JWTVerifyGetKey;
  private readonly remote: RemoteJWKSet | undefined;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly leewayS: number;

  constructor(private readonly options: JwtVerifierOptions) {
    this.now = options.now ?? Date.now;
    this.leewayS = options.leewayS ?? 30;
    this.timeoutMs = options.jwks?.timeoutMs ?? JWKS_DEFAULTS.timeoutMs;
    if ((options.publicKeyPem === undefined) === (options.jwksUrl === undefined))
      throw new TypeError("give the identity provider's public key or its key set URL: exactly one of them");
    if (options.jwksUrl !== undefined) {
      const problem = jwksUrlProblem(options.jwksUrl);
      if (problem) throw new TypeError(`the key set URL ${problem}`);
      this.remote = createRemoteJWKSet(new URL(options.jwksUrl), {
        cooldownDuration: options.jwks?.cooldownMs ?? JWKS_DEFAULTS.cooldownMs,
        cacheMaxAge: options.jwks?.cacheMaxAgeMs ?? JWKS_DEFAULTS.cacheMaxAgeMs,
        timeoutDuration: this.timeoutMs,
      });
      this.key = this.keyFromSet;
    } else {
      this.remote = undefined;
      this.key = usablePublicKey(options.publicKeyPem);
    }
  }

  /**
   * Fetches the key set now (a no-op with a PEM key), so that a wrong URL shows at start-up rather
   * than at the first decode. Throws KeySetUnavailableError; the server runs on either way.
   */
  async prefetch(): Promise<void> {
    if (!this.remote) return;
    try {
      await this.remote.reload();
    } catch (err) {
      throw this.unavailable(err);
    }
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: this.leewayS,
        currentDate: new Date(this.now()),
        ...(this.options.issuer !== undefined ? { issuer: this.options.issuer } : {}),
        ...(this.options.audience !== undefined ? { audience: this.options.audience } : {}),
      });
      return payload;
    } catch (err) {
      throw refusal(err);
    }
  }

  /** Picks the key set's key for a token: by its kid (jose refetches an unknown kid after the cooldown). */
  private readonly keyFromSet: JWTVerifyGetKey = async (header, token) => {
    const remote = this.remote as RemoteJWKSet;
    const key = await remote(header, token).catch((err: unknown) => {
      if (err instanceof errors.JWKSNoMatchingKey)
        throw new TokenError(
          header.kid === undefined
            ? 'names no key (kid), and no published key fits it'
            : 'signed with a key the identity provider does not publish (unknown kid)',
        );
      if (err instanceof errors.JWKSMultipleMatchingKeys)
        throw new TokenError(
          header.kid === undefined
            ? 'names no key (kid), and the identity provider publishes several'
            : 'several published keys have its kid',
        );
      throw this.unavailable(err);
    });
    // Jose would pick the only key of the token's type; without a kid, which key was meant is a
    // guess as soon as there are several, so refuse rather than guess.
    if (header.kid === undefined && (remote.jwks()?.keys.length ?? 0) > 1)
      throw new TokenError('names no key (kid), and the identity provider publishes several');
    return key;
  };

  private unavailable(err: unknown): KeySetUnavailableError {
    const why =
      err instanceof errors.JWKSTimeout
        ? `did not answer within ${this.timeoutMs} ms`
        : err instanceof errors.JWKSInvalid || err instanceof errors.JWKInvalid
          ? 'is not a valid key set'
          : err instanceof errors.JOSEError
            ? 'did not answer 200 OK with JSON (redirects are not followed)'
            : `cannot be reached${networkCode(err)}`;
    return new KeySetUnavailableError(`the identity provider's key set (JWKS) ${why}`);
  }
}

/** The PEM's key, refused now if no accepted algorithm could ever verify with it. */
function usablePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  const type = key.asymmetricKeyType;
  const details = key.asymmetricKeyDetails ?? {};
  if (type === 'rsa' && (details.modulusLength ?? 0) < 2048)
    throw new TypeError("the identity provider's RSA key must have at least 2048 bits (RS256)");
  if (type === 'ec' && details.namedCurve !== 'prime256v1')
    throw new TypeError("the identity provider's EC key must be on P-256 (ES256)");
  if (type !== 'rsa' && type !== 'ec' && type !== 'ed25519')
    throw new TypeError(
      "the identity provider's key must be RSA (RS256), EC P-256 (ES256) or Ed25519 (EdDSA)",
    );
  return key;
}

/** The network error's code (ECONNREFUSED, ENOTFOUND…), which names no token and no person. */
function networkCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? ` (${cause.code})` : '';
}

/** What jose found wrong, in words that name the problem and never quote the token. */
function refusal(err: unknown): Error {
  if (err instanceof TokenError || err instanceof KeySetUnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new TokenError('expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    const missing = err.reason === 'missing';
    switch (err.claim) {
      case 'exp':
        return new TokenError(missing ? 'without expiry' : 'expiry is not a number');
      case 'nbf':
        return new TokenError(err.reason === 'check_failed' ? 'not valid yet' : 'not-before is not a number');
      case 'iss':
        return new TokenError(missing ? 'without issuer' : 'wrong issuer');
      case 'aud':
        return new TokenError(missing ? 'without audience' : 'wrong audience');
      default:
        return new TokenError('claims do not validate');
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported)
    return new TokenError(`algorithm is not accepted (only ${ALGORITHMS.join(', ')})`);
  if (err instanceof errors.JWSSignatureVerificationFailed)
    return new TokenError('signature does not verify');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid)
    return new TokenError('not a JWT');
  // Jose's TypeErrors: a key of the wrong type for the token's algorithm, and the like.
  return new TokenError('signature cannot be checked with the key for its algorithm');
}
