import type { SimRequest } from '../../kit/http';
import { TokenIssuer } from '../../kit/tokens';
import { oauthError } from './contract';

/**
 * Access tokens of the client credential, each with the scopes it was issued with, expiring on the
 * simulator's clock (the kit's issuer, plus scopes).
 */
export class OneTrustTokens {
  private readonly issuer = new TokenIssuer();
  private readonly scopes = new Map<string, readonly string[]>();

  issue(clientId: string, scopes: readonly string[], now: number, ttlMs: number): string {
    const token = this.issuer.issue(clientId, now, ttlMs);
    this.scopes.set(token, [...scopes]);
    return token;
  }

  /**
   * The scopes of the call's bearer token. No token, an unknown one or an expired one is a 401 with an
   * RFC 6750 body and `WWW-Authenticate` (OneTrust documents the 401, not its body).
   */
  authenticate(req: SimRequest, now: number): readonly string[] {
    // An empty header carries no credentials either.
    if (!req.headers.authorization)
      throw oauthError(401, 'unauthorized', 'Full authentication is required to access this resource', true, {
        'www-authenticate': 'Bearer',
      });
    try {
      this.issuer.authenticate(req, now);
    } catch (err) {
      const why = err instanceof Error ? err.message : 'invalid bearer token';
      throw oauthError(401, 'invalid_token', why, true, {
        'www-authenticate': `Bearer error="invalid_token", error_description="${why}"`,
      });
    }
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization)?.[1] ?? '';
    return this.scopes.get(token) ?? [];
  }

  clear(): void {
    this.issuer.clear();
    this.scopes.clear();
  }
}
