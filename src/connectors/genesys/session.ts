import { Buffer } from 'node:buffer';
import type { Secret } from '../../config/secret';
import { BearerToken, type IssuedToken } from '../bearer';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { PacedCalls, type TokenPause } from '../paced-calls';
import { defaultRetryPolicy, type RetryPolicy, withRetries } from '../retry';
import { TokenSchema } from './schemas';

export interface GenesysAuth {
  /** The org's API base, e.g. `https://api.mypurecloud.ie`. */
  readonly apiUrl: string;
  /** The org's login base, e.g. `https://login.mypurecloud.ie`. */
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
}

/**
 * An OAuth client-credentials token for one Genesys Cloud org, refreshed before expiry and after a 401
 * (tokens can be revoked early), and the calls made with it: paced by a budget of calls a minute
 * (Genesys allows a client-credentials token 300), held back while a Retry-After is running, and
 * retried inside the call on throttles and, for reads, on transient failures.
 */
export class GenesysSession {
  private readonly token: BearerToken;
  private readonly paced: PacedCalls;

  constructor(
    private readonly auth: GenesysAuth,
    private readonly http: HttpOptions,
    private readonly now: () => number = Date.now,
    perMinute = 300,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {
    this.paced = new PacedCalls('genesys', now, perMinute, retry);
    this.token = new BearerToken('genesys', http, () => this.issueToken(), now, 86_400);
  }

  /** The Retry-After running for the token (every call of the session waits it out). */
  get pause(): TokenPause {
    return this.paced.pause;
  }

  /** An API path on the org's API host. */
  url(path: string): string {
    return `${this.auth.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  /** One call with the token, paced (`PacedCalls.run`). */
  async call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    return this.paced.run(call.operation, call.idempotent ?? false, () => this.token.call(call));
  }

  private async issueToken(): Promise<IssuedToken> {
    const basic = Buffer.from(`${this.auth.clientId}:${this.auth.clientSecret.reveal()}`).toString('base64');
    // Asking for a token again changes nothing at the platform: retried like a read.
    const token = await withRetries(this.retry, true, () =>
      callJson(this.http, {
        platform: 'genesys',
        operation: 'getToken',
        method: 'POST',
        url: `${this.auth.loginUrl.replace(/\/+$/, '')}/oauth/token`,
        headers: { authorization: `Basic ${basic}` },
        form: new URLSearchParams({ grant_type: 'client_credentials' }),
        schema: TokenSchema,
      }),
    );
    return { accessToken: token.access_token, ...(token.expires_in ? { expiresInS: token.expires_in } : {}) };
  }
}
