import { Buffer } from 'node:buffer';
import type { Secret } from '../../secret';
import { BearerToken, type IssuedToken } from '../bearer';
import { RateLimitedError } from '../errors';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { RateBudget } from '../rate-budget';
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
 * How a session keeps to the rate limit: its own budget of calls a minute (Genesys allows a client
 * credentials token 300), and how it waits out a short 429 — how long at most, how many times a call.
 */
export interface ThrottlePolicy {
  readonly perMinute: number;
  readonly maxWaitMs: number;
  readonly maxWaits: number;
  /** Waits `ms` (real time by default; a simulation may wait on the platform's own clock). */
  readonly sleep: (ms: number) => Promise<void>;
}

export const defaultThrottlePolicy: ThrottlePolicy = {
  perMinute: 300,
  maxWaitMs: 60_000,
  maxWaits: 5,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * An OAuth client-credentials token for one Genesys Cloud org, refreshed before expiry and after a 401
 * (tokens can be revoked early), and the calls made with it.
 */
export class GenesysSession {
  private readonly token: BearerToken;
  private readonly budget: RateBudget;

  constructor(
    private readonly auth: GenesysAuth,
    private readonly http: HttpOptions,
    now: () => number = Date.now,
    private readonly throttle: ThrottlePolicy = defaultThrottlePolicy,
  ) {
    this.budget = new RateBudget(throttle.perMinute, now, throttle.sleep);
    this.token = new BearerToken('genesys', http, () => this.issueToken(), now, 86_400);
  }

  /** An API path on the org's API host. */
  url(path: string): string {
    return `${this.auth.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  /**
   * One call. A 429 whose Retry-After is short is waited out here and the call repeated: the limit is
   * per token and per minute, and a discovery needs more calls than one minute allows, so failing the
   * whole activity would start it over into the same limit. A longer wait leaves as RateLimitedError
   * (the activity retries after it).
   */
  async call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    for (let waits = 0; ; waits += 1) {
      try {
        await this.budget.take();
        return await this.token.call(call);
      } catch (err) {
        const short = err instanceof RateLimitedError && err.retryAfterMs <= this.throttle.maxWaitMs;
        if (!short || waits >= this.throttle.maxWaits) throw err;
        await this.throttle.sleep(err.retryAfterMs);
      }
    }
  }

  private async issueToken(): Promise<IssuedToken> {
    const basic = Buffer.from(`${this.auth.clientId}:${this.auth.clientSecret.reveal()}`).toString('base64');
    const token = await callJson(this.http, {
      platform: 'genesys',
      operation: 'getToken',
      method: 'POST',
      url: `${this.auth.loginUrl.replace(/\/+$/, '')}/oauth/token`,
      headers: { authorization: `Basic ${basic}` },
      form: new URLSearchParams({ grant_type: 'client_credentials' }),
      schema: TokenSchema,
    });
    return { accessToken: token.access_token, ...(token.expires_in ? { expiresInS: token.expires_in } : {}) };
  }
}
