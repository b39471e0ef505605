import { Buffer } from 'node:buffer';
import type { Secret } from '../../config/secret';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { PacedCalls } from '../paced-calls';
import { type RetryPolicy, withRetries } from '../retry';

export const PLATFORM = 'zendesk';

export type Call<T> = Omit<HttpCall<T>, 'platform' | 'url' | 'headers'> & { readonly path: string };

/** Basic credentials as an `Authorization` header value. */
const basic = (user: string, password: Secret): string =>
  `Basic ${Buffer.from(`${user}:${password.reveal()}`).toString('base64')}`;

/**
 * Calls to one Zendesk account's Support API with an agent's API token (`{email}/token:{api_token}`,
 * docs/zendesk-api.md §1). The rate limit is the account's, per minute (§8): calls are paced by the
 * plan's rate and every call waits out a 429's Retry-After.
 */
export class SupportSession {
  private readonly baseUrl: string;
  private readonly paced: PacedCalls;

  constructor(
    baseUrl: string,
    private readonly email: string,
    private readonly apiToken: Secret,
    private readonly http: HttpOptions,
    now: () => number,
    perMinute: number,
    retry: RetryPolicy,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.paced = new PacedCalls(PLATFORM, now, perMinute, retry);
  }

  call<T>(call: Call<T>): Promise<T> {
    return this.paced.run(call.operation, call.idempotent ?? false, () =>
      callJson(this.http, {
        ...call,
        platform: PLATFORM,
        url: `${this.baseUrl}${call.path}`,
        headers: { authorization: basic(`${this.email}/token`, this.apiToken) },
      }),
    );
  }

  /**
   * Every item of an offset-paged list (§3.4, §11 R3): pages of 100 until `next_page` is null. An empty
   * page ends it too, should `next_page` never be null.
   */
  async all<T, P extends { next_page?: string | null | undefined }>(
    call: Call<P>,
    items: (page: P) => readonly T[],
  ): Promise<T[]> {
    const found: T[] = [];
    const join = call.path.includes('?') ? '&' : '?';
    for (let page = 1; ; page += 1) {
      const answer = await this.call({
        ...call,
        path: `${call.path}${join}per_page=100&page=${page}`,
        idempotent: true,
      });
      const got = items(answer);
      found.push(...got);
      if (!answer.next_page || got.length === 0) return found;
    }
  }
}

/**
 * Calls to Sunshine Conversations (Zendesk messaging) for one app, with an API key (Basic key id and
 * secret, §9). Its rate limits are not published: throttles and transient failures are retried.
 */
export class MessagingSession {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly appId: string,
    private readonly keyId: string,
    private readonly keySecret: Secret,
    private readonly http: HttpOptions,
    private readonly retry: RetryPolicy,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** One call under `/v2/apps/{appId}`. */
  call<T>(call: Call<T>): Promise<T> {
    return withRetries(
      this.retry,
      call.idempotent ?? false,
      () =>
        callJson(this.http, {
          ...call,
          platform: PLATFORM,
          url: `${this.baseUrl}/v2/apps/${encodeURIComponent(this.appId)}${call.path}`,
          headers: { authorization: basic(this.keyId, this.keySecret) },
        }),
      call.operation,
    );
  }
}
