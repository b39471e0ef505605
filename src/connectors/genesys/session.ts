import { Buffer } from 'node:buffer';
import type { Secret } from '../../config/secret';
import { BearerToken, type IssuedToken } from '../bearer';
import { RateLimitedError } from '../errors';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { RateBudget } from '../rate-budget';
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
 * A Retry-After Genesys announced belongs to the token, not to the call that got it (platform-contracts
 * §0): until it has passed, no call of this session goes out. Shared by every concurrent activity of
 * the worker, since they share the session.
 */
export class TokenPause {
  private until = 0;

  constructor(private readonly now: () => number) {}

  /** The platform asked for `ms` without calls, from now. */
  pauseFor(ms: number): void {
    this.until = Math.max(this.until, this.now() + ms);
  }

  /** How long calls must still wait (0 when they may go). */
  get remainingMs(): number {
    return Math.max(0, this.until - this.now());
  }
}

/**
 * An OAuth client-credentials token for one Genesys Cloud org, refreshed before expiry and after a 401
 * (tokens can be revoked early), and the calls made with it: paced by a budget of calls a minute
 * (Genesys allows a client-credentials token 300), held back while a Retry-After is running, and
 * retried inside the call on throttles and, for reads, on transient failures.
 */
export class GenesysSession {
  private readonly token: BearerToken;
  private readonly budget: RateBudget;
  readonly pause: TokenPause;

  constructor(
    private readonly auth: GenesysAuth,
    private readonly http: HttpOptions,
    private readonly now: () => number = Date.now,
    perMinute = 300,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {
    this.budget = new RateBudget(perMinute, now, retry.sleep);
    this.pause = new TokenPause(now);
    this.token = new BearerToken('genesys', http, () => this.issueToken(), now, 86_400);
  }

  /** An API path on the org's API host. */
  url(path: string): string {
    return `${this.auth.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  /**
   * One call. It waits out a running Retry-After first (a longer one than the policy waits leaves as
   * RateLimitedError, which the activity retries after), then takes a call from the budget. A 429 pauses
   * every call of the session for its Retry-After and is tried again: the limit is per token and per
   * minute, and a discovery needs more calls than a minute allows, so failing the activity would only
   * start it over into the same limit.
   */
  async call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    return withRetries(
      this.retry,
      call.idempotent ?? false,
      async () => {
        // Waiting for the budget can outlast a Retry-After another call meanwhile received: look again.
        do {
          await this.waitForPause(call.operation);
          await this.budget.take();
        } while (this.pause.remainingMs > 0);
        try {
          return await this.token.call(call);
        } catch (err) {
          if (err instanceof RateLimitedError) this.pause.pauseFor(err.retryAfterMs);
          throw err;
        }
      },
      call.operation,
    );
  }

  private async waitForPause(operation: string): Promise<void> {
    for (let ms = this.pause.remainingMs; ms > 0; ms = this.pause.remainingMs) {
      if (ms > this.retry.maxRetryAfterMs) {
        throw new RateLimitedError({ platform: 'genesys', operation }, ms);
      }
      await this.retry.sleep(ms);
    }
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
