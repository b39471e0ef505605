/**
 * Plain-HTTP helpers for the "documented" contract suites: they speak to a simulator only the way the
 * platforms' public documentation describes (Domain API, Sentinel, OAuth client credentials), with no
 * connector or simulator code in between.
 */

/** One HTTP answer: status, headers, the body as text and (when it parses) as JSON. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the suites read arbitrary JSON shapes off the wire.
  readonly json: any;
}

/** Options of one call: a JSON body, a bearer token, extra headers. */
export interface CallInit {
  readonly method?: string;
  readonly json?: unknown;
  readonly bearer?: string;
  readonly headers?: Record<string, string>;
}

/** Sends one request and reads the whole answer. */
export async function call(url: string, init: CallInit = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.bearer !== undefined) headers.authorization = `Bearer ${init.bearer}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return read(res);
}

/** Reads a response whole: text, and JSON when the text parses. */
async function read(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Epoch ms of a UTC calendar date (month 1-12), at midnight unless told otherwise. */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute);
}

/** The same day `months` calendar months later (UTC); the day must exist in the target month. */
export function plusMonths(epochMs: number, months: number): number {
  const d = new Date(epochMs);
  const target = Date.UTC(
    d.getUTCFullYear(),
    d.getUTCMonth() + months,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  );
  if (new Date(target).getUTCDate() !== d.getUTCDate()) {
    throw new Error(`no day ${d.getUTCDate()} ${months} month(s) after ${d.toISOString()}`);
  }
  return target;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** `YYYY-MM-DD` of an epoch-ms instant, in UTC. */
export function isoDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * LivePerson: resolves every service host through the Domain API (all services at once) and
 * returns `service name → base URL`.
 */
export async function lpServiceHosts(domainUrl: string, accountId: string): Promise<Map<string, string>> {
  const reply = await call(`${domainUrl}/api/account/${accountId}/service/baseURI.json?version=1.0`);
  if (reply.status !== 200) throw new Error(`Domain API: HTTP ${reply.status} ${reply.text}`);
  const hosts = new Map<string, string>();
  for (const entry of reply.json.baseURIs as Array<{ service: string; baseURI: string }>) {
    hosts.set(entry.service, entry.baseURI.includes('://') ? entry.baseURI : `http://${entry.baseURI}`);
  }
  return hosts;
}

/** LivePerson: an OAuth 2.0 client-credentials token from Sentinel (form-encoded). */
export async function lpSentinelToken(
  sentinelUrl: string,
  accountId: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const res = await fetch(`${sentinelUrl}/sentinel/api/v2/account/${accountId}/app/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: clientId,
      client_secret: clientSecret,
      grant_type: 'client_credentials',
    }).toString(),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`Sentinel: HTTP ${res.status} ${text}`);
  return (JSON.parse(text) as { access_token: string }).access_token;
}

/** Genesys Cloud: an OAuth client-credentials token (HTTP Basic client_id:client_secret). */
export async function genesysToken(loginUrl: string, clientId: string, clientSecret: string): Promise<Reply> {
  const res = await fetch(`${loginUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: 'grant_type=client_credentials',
  });
  return read(res);
}

/** HTTP Basic: the `Authorization` header value for `user:password` (base64 of the pair). */
export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
