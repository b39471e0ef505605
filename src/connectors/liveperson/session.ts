import type { Dispatcher } from 'undici';
import type { Secret } from '../../config/secret';
import { BearerToken, type IssuedToken } from '../bearer';
import { ProtocolError } from '../errors';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { defaultRetryPolicy, type RetryPolicy, withRetries } from '../retry';
import { BaseUrisSchema, TokenSchema } from './schemas';

/** The LivePerson services Lethe calls, by their Domain API names. */
export type LivePersonService = 'rtbf' | 'msgHist' | 'engHistDomain' | 'sentinel';

export interface LivePersonAuth {
  readonly accountId: string;
  /** The Domain API (CSDS) base URL. Its scheme is used for every service host it returns, so plain HTTP works against a simulator. */
  readonly domainApiUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
}

/**
 * Resolves service hosts through the Domain API (once, then cached) and keeps an OAuth 2.0
 * client-credentials token, refreshed before expiry and after a 401. Reads are retried inside the call
 * on transient failures (`../retry`).
 */
export class LivePersonSession {
  private baseUris?: Promise<Map<string, string>>;
  private readonly token: BearerToken;

  constructor(
    private readonly auth: LivePersonAuth,
    private readonly http: HttpOptions,
    now: () => number = Date.now,
    private readonly retry: RetryPolicy = defaultRetryPolicy,
  ) {
    this.token = new BearerToken('liveperson', http, () => this.issueToken(), now, 3600);
  }

  get accountId(): string {
    return this.auth.accountId;
  }

  /** `scheme://host` of a service. */
  async serviceUrl(service: LivePersonService): Promise<string> {
    this.baseUris ??= this.fetchBaseUris().catch((err: unknown) => {
      this.baseUris = undefined; // do not cache a failure
      throw err;
    });
    const host = (await this.baseUris).get(service);
    if (!host)
      throw new ProtocolError(
        { platform: 'liveperson', operation: 'domainApi' },
        `no base URI for ${service}`,
      );
    const scheme = new URL(this.auth.domainApiUrl).protocol;
    return `${scheme}//${host}`;
  }

  /** Calls an authenticated endpoint (the token refreshed before expiry and after a 401). */
  call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    return withRetries(this.retry, call.idempotent ?? false, () => this.token.call(call), call.operation);
  }

  get dispatcher(): Dispatcher {
    return this.http.dispatcher;
  }

  private async issueToken(): Promise<IssuedToken> {
    const sentinel = await this.serviceUrl('sentinel');
    const form = new URLSearchParams({
      client_id: this.auth.clientId,
      client_secret: this.auth.clientSecret.reveal(),
      grant_type: 'client_credentials',
    });
    // Asking for a token again changes nothing at the platform: retried like a read.
    const token = await withRetries(this.retry, true, () =>
      callJson(this.http, {
        platform: 'liveperson',
        operation: 'getToken',
        method: 'POST',
        url: `${sentinel}/sentinel/api/v2/account/${encodeURIComponent(this.auth.accountId)}/app/token`,
        form,
        schema: TokenSchema,
      }),
    );
    return { accessToken: token.access_token, ...(token.expires_in ? { expiresInS: token.expires_in } : {}) };
  }

  private async fetchBaseUris(): Promise<Map<string, string>> {
    const base = this.auth.domainApiUrl.replace(/\/+$/, '');
    const body = await withRetries(this.retry, true, () =>
      callJson(this.http, {
        platform: 'liveperson',
        operation: 'domainApi',
        method: 'GET',
        url: `${base}/api/account/${encodeURIComponent(this.auth.accountId)}/service/baseURI.json?version=1.0`,
        schema: BaseUrisSchema,
      }),
    );
    return new Map(body.baseURIs.map((b) => [b.service, b.baseURI]));
  }
}
