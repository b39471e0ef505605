import { Buffer } from 'node:buffer';
import type { Secret } from '../../secret';
import { PlatformError } from '../errors';
import { callJson, type HttpCall, type HttpOptions } from '../http';
import { TokenSchema } from './schemas';

export interface GenesysAuth {
  /** The org's API base, e.g. `https://api.mypurecloud.ie`. */
  readonly apiUrl: string;
  /** The org's login base, e.g. `https://login.mypurecloud.ie`. */
  readonly loginUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
}

const EXPIRY_MARGIN_MS = 60_000;

/**
 * An OAuth client-credentials token for one Genesys Cloud org, refreshed before expiry and after a 401
 * (tokens can be revoked early), and the calls made with it.
 */
export class GenesysSession {
  private token?: { value: string; expiresAt: number };

  constructor(
    private readonly auth: GenesysAuth,
    private readonly http: HttpOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** An API path on the org's API host. */
  url(path: string): string {
    return `${this.auth.apiUrl.replace(/\/+$/, '')}${path}`;
  }

  async call<T>(call: Omit<HttpCall<T>, 'platform'>): Promise<T> {
    const send = async (): Promise<T> =>
      callJson(this.http, {
        ...call,
        platform: 'genesys',
        headers: { ...call.headers, authorization: `Bearer ${await this.bearer()}` },
      });
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof PlatformError) || err.status !== 401 || err.operation === 'getToken') throw err;
      this.token = undefined;
      return send();
    }
  }

  private async bearer(): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
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
    this.token = { value: token.access_token, expiresAt: this.now() + (token.expires_in ?? 86_400) * 1000 };
    return token.access_token;
  }
}
