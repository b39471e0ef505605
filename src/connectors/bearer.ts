import { PlatformError } from './errors';
import { callJson, type HttpCall, type HttpOptions } from './http';

/** Refresh a token this long before it expires. */
const EXPIRY_MARGIN_MS = 60_000;

/** A freshly issued OAuth access token and its lifetime in seconds, if the platform says. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInS?: number;
}

/**
 * An OAuth 2.0 client-credentials access token for one platform: fetched on first use, refreshed
 * before it expires, and after a 401 on a service call (tokens can be revoked before their stated
 * expiry; a refused token request itself is bad credentials, not a stale token).
 */
export class BearerToken {
  private token?: { value: string; expiresAt: number };

  constructor(
    private readonly platform: string,
    private readonly http: HttpOptions,
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number,
    private readonly defaultTtlS: number,
  ) {}

  /** Calls a service with the token; on a 401 the token is refreshed once and the call repeated. */
  async call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    const send = async (): Promise<T> =>
      callJson(this.http, {
        ...call,
        platform: this.platform,
        headers: { ...call.headers, authorization: `Bearer ${await this.value()}` },
      });
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof PlatformError) || err.status !== 401 || err.operation === 'getToken') throw err;
      this.token = undefined;
      return send();
    }
  }

  private async value(): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    const issued = await this.issue();
    this.token = {
      value: issued.accessToken,
      expiresAt: this.now() + (issued.expiresInS ?? this.defaultTtlS) * 1000,
    };
    return issued.accessToken;
  }
}
