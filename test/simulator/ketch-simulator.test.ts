import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { close, listen } from '../../src/simulator/kit/http';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import { KetchAdminClient } from '../../src/simulator/privacy-tools/ketch/admin-client';
import type { DeleteRequestBody } from '../../src/simulator/privacy-tools/ketch/delete-request';
import { type KetchSimulator, startKetchSimulator } from '../../src/simulator/privacy-tools/ketch/server';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UID = '22880925-aac5-42f9-a653-cb6921d361ff';
const EMAIL = { identitySpace: 'email', identityValue: 'ada@example.com' };
const ACCOUNT = { identitySpace: 'account_id', identityFormat: 'md5', identityValue: 'acc-9' } as const;

/** What the executor answers (a string body as is; `type`: its content type; `first`: done before). */
type Answer = { status?: number; body?: unknown; type?: string; first?: () => Promise<unknown> };
type Responder = (request: DeleteRequestBody, n: number, headers: IncomingHttpHeaders) => Answer;

/** A `dsr/v1` message of `kind` about a request, with its part (`response`, `event` or `error`). */
function msg(kind: string, metadata: object, part: object) {
  return { apiVersion: 'dsr/v1', kind, metadata, ...part };
}
const deleteResponse = (r: DeleteRequestBody, response: object) =>
  msg('DeleteResponse', r.metadata, { response });
const answering =
  (response: Record<string, unknown> = { status: 'in_progress' }): Responder =>
  (r) => ({ body: deleteResponse(r, response) });
const refusing =
  (code: number, status: string): Responder =>
  (r) => ({ status: code, body: msg('Error', r.metadata, { error: { code, status, message: 'no' } }) });

/** A stand-in for Lethe's endpoint: records every DeleteRequest and answers as the test tells it. */
class Executor {
  readonly calls: Array<{ headers: IncomingHttpHeaders; body: DeleteRequestBody }> = [];
  respond: Responder = answering();
  url = '';
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DeleteRequestBody;
      this.calls.push({ headers: req.headers, body });
      const a = this.respond(body, this.calls.length, req.headers);
      void (a.first?.() ?? Promise.resolve()).then(() => {
        res.writeHead(a.status ?? 200, { 'content-type': a.type ?? 'application/json' });
        res.end(typeof a.body === 'string' ? a.body : JSON.stringify(a.body));
      });
    });
  });

  async start(): Promise<this> {
    this.url = `${await listen(this.server)}/ketch/dsr`;
    return this;
  }
  close(): Promise<void> {
    return close(this.server);
  }
}

let sim: KetchSimulator;
let admin: KetchAdminClient;
let executor: Executor;
/** The simulator's time when each test starts (a reset keeps the clock: it never goes back). */
let t0: number;

beforeAll(async () => {
  sim = await startKetchSimulator({ realNow: () => T0 });
  admin = new KetchAdminClient(sim.url);
  executor = await new Executor().start();
});

afterAll(() => Promise.all([sim?.close(), executor?.close()]));

beforeEach(async () => {
  await admin.reset();
  await admin.endpoint(executor.url);
  executor.calls.length = 0;
  executor.respond = answering();
  t0 = await admin.now();
});

const lastEntry = async (): Promise<JournalEntry | undefined> => (await admin.journal()).entries.at(-1);
const violations = async () => (await admin.journal()).violations.flatMap((e) => e.violations);
const callbackAuth = { Authorization: 'ketch-callback-secret' };

/**
 * POSTs a `DeleteStatusEvent` to `uid`'s callback (`event` as its status part; `envelope` overrides the
 * rest, its `metadata` merged into the request's).
 */
async function postEvent(uid: string, event: unknown, options: EventOptions = {}) {
  const { headers = callbackAuth, envelope = {}, contentType = 'application/json' } = options;
  const metadata = { uid, tenant: 'lethe-test', ...(envelope.metadata as object | undefined) };
  const res = await fetch(`${sim.url}/callbacks/${uid}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers },
    body: JSON.stringify({ ...msg('DeleteStatusEvent', metadata, { event }), ...envelope, metadata }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  return { status: res.status, json: (await res.json()) as any };
}
type EventOptions = Partial<{ headers: object; envelope: Record<string, unknown>; contentType: string }>;

describe('the DeleteRequest Ketch forwards', () => {
  it('is POSTed as Delete.md shows it: headers, envelope, request, one callback carrying its header', async () => {
    const uid = await admin.createRequest({
      uid: UID,
      identities: [EMAIL, ACCOUNT],
      subject: { firstName: 'Ada', lastName: 'Lovelace', countryCode: 'GB' },
      claims: { plan: 'pro' },
    });
    expect(uid).toBe(UID);
    expect(executor.calls).toHaveLength(0);
    const attempts = await admin.forward(uid);
    expect(attempts).toEqual([{ at: t0, status: 200, breaches: [] }]);
    const { headers, body } = executor.calls[0] ?? { headers: {}, body: undefined };
    expect(headers['content-type']).toBe('application/json');
    expect(headers.accept).toBe('application/json');
    expect(headers.authorization).toBe('ketch-forwarder-secret');
    const submitted = Math.floor(t0 / 1000);
    expect(body).toEqual({
      apiVersion: 'dsr/v1',
      kind: 'DeleteRequest',
      metadata: { uid: UID, tenant: 'lethe-test' },
      request: {
        ...{ property: 'website', environment: 'production', regulation: 'gdpr', jurisdiction: 'eugdpr' },
        identities: [{ ...EMAIL, identityFormat: 'raw' }, ACCOUNT],
        callbacks: [{ url: `${sim.url}/callbacks/${UID}`, headers: callbackAuth }],
        subject: { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', countryCode: 'GB' },
        claims: { plan: 'pro' },
        submittedTimestamp: submitted,
        dueTimestamp: submitted + 30 * 86_400,
      },
    });
    expect((await admin.request(uid)).request).toEqual(body);
  });

  it('names a controller only when it is not the tenant; a uid is a new UUIDv4; sends only to an endpoint', async () => {
    const other = await admin.createRequest({ identities: [EMAIL], controller: 'acme', dueInDays: 45 });
    const same = await admin.createRequest({ identities: [EMAIL], controller: 'lethe-test' });
    expect(other).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const [a, b] = [(await admin.request(other)).request, (await admin.request(same)).request];
    expect(a.request.controller).toBe('acme');
    expect(a.request.dueTimestamp - a.request.submittedTimestamp).toBe(45 * 86_400);
    expect(b.request).not.toHaveProperty('controller');
    // Only a new UUIDv4 is taken as uid; without an endpoint nothing is sent.
    await expect(admin.createRequest({ uid: 'req-1', identities: [EMAIL] })).rejects.toThrow(/HTTP 400/);
    await admin.createRequest({ uid: UID, identities: [EMAIL] });
    await expect(admin.createRequest({ uid: UID, identities: [EMAIL] })).rejects.toThrow(/HTTP 409/);
    sim.context.endpoint.url = undefined;
    await expect(admin.forward(UID)).rejects.toThrow(/HTTP 409.*endpoint/);
    expect((await admin.request(UID)).state).toBe('created');
  });
});

describe("the executor's DeleteResponse", () => {
  it('when documented, is recorded with no breach and its status opens the history', async () => {
    const response = {
      status: 'in_progress',
      reason: 'other',
      expectedCompletionTimestamp: Math.floor(t0 / 1000) + 3600,
      requestID: 'abc123',
      identities: [{ identitySpace: 'account_id', identityFormat: 'raw', identityValue: '123' }],
      subject: { firstName: 'Test', addressLine2: 'Apt 123' },
      claims: { contextVariable1: 'foo', contextVariable2: 1 },
      results: [{ name: 'receipt', data: 'e30=', headers: { 'Content-Type': 'application/json' } }],
    };
    executor.respond = answering(response);
    const uid = await admin.createRequest({ identities: [EMAIL] });
    expect(await admin.forward(uid)).toEqual([{ at: t0, status: 200, breaches: [] }]);
    const view = await admin.request(uid);
    expect(view).toMatchObject({ state: 'sent', responseBreaches: [] });
    expect(view.response).toEqual(deleteResponse(view.request, response));
    const { status, reason, requestID, expectedCompletionTimestamp, claims } = response;
    expect(view.events).toEqual([
      { source: 'response', status, reason, requestID, expectedCompletionTimestamp, claims, at: t0 },
    ]);
    expect(view.finalStatus).toBeUndefined();
    expect(await violations()).toEqual([]);
  });

  it('when final, closes the request: Ketch forwards it no more and refuses every event', async () => {
    executor.respond = answering({ status: 'cancelled' });
    const uid = await admin.createRequest({ identities: [EMAIL] });
    await admin.forward(uid);
    expect(await admin.request(uid)).toMatchObject({ state: 'final', finalStatus: 'cancelled', finalAt: t0 });
    await expect(admin.forward(uid)).rejects.toThrow(/HTTP 409/);
    expect(executor.calls).toHaveLength(1);
    expect((await postEvent(uid, { status: 'cancelled' })).status).toBe(409);
    expect((await lastEntry())?.violations[0]).toMatch(/request is cancelled: no further events/);
    expect((await admin.request(uid)).events).toEqual([{ source: 'response', status: 'cancelled', at: t0 }]);
  });

  const doc = (request: DeleteRequestBody) => deleteResponse(request, { status: 'in_progress' });
  const envelopes: Array<[string, Responder, RegExp]> = [
    ['no JSON', () => ({ body: 'OK' }), /\(body\): must be a JSON DeleteResponse/],
    ['text/plain', (r) => ({ body: doc(r), type: 'text/plain' }), /^Content-Type: must be/],
    ['another kind', (r) => ({ body: { ...doc(r), kind: 'AccessResponse' } }), /^kind: must be/],
    ['another apiVersion', (r) => ({ body: { ...doc(r), apiVersion: 'v1' } }), /^apiVersion: must be/],
    ['no metadata', (r) => ({ body: { ...doc(r), metadata: undefined } }), /^metadata: required/],
    ['another uid', (r) => ({ body: { ...doc(r), metadata: { ...r.metadata, uid: UID } } }), /metadata\.uid/],
    ['another tenant', (r) => ({ body: { ...doc(r), metadata: { ...r.metadata, tenant: 'x' } } }), /tenant/],
    ['a field beside response', (r) => ({ body: { ...doc(r), ok: 1 } }), /\(body\): undocumented.* ok/],
  ];
  const parts: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no status', { requestID: 'a' }, /^response\.status: required/],
    ['a status in another case', { status: 'Completed' }, /^response\.status: must be one of/],
    ["another status's reason", { status: 'in_progress', reason: 'executed' }, /for status in_progress/],
    ['an unknown reason', { status: 'completed', reason: 'done' }, /^response\.reason: must be for/],
    ['a numeric requestID', { status: 'pending', requestID: 7 }, /^response\.requestID: must be/],
    ['a null requestID', { status: 'pending', requestID: null }, /^response\.requestID: must be/],
    ['a time in ms', { status: 'pending', expectedCompletionTimestamp: T0 }, /not milliseconds/],
    ["the example's 'identites'", { status: 'pending', identites: [] }, /undocumented.* identites/],
    ['a sha256 format', { status: 'pending', identities: [{ ...EMAIL, identityFormat: 'sha256' }] }, /Fo/],
    ['an untyped document', { status: 'completed', documents: [{ data: 'e30=' }] }, /Content-Type: req/],
  ];
  it.each([...envelopes, ...parts.map(([n, part, breach]) => [n, answering(part), breach] as const)])(
    'with %s, is recorded with its breaches, not trusted for its status, not retried',
    async (_, respond, breach) => {
      executor.respond = respond;
      const uid = await admin.createRequest({ identities: [EMAIL] });
      const [attempt, ...more] = await admin.forward(uid);
      expect(more).toEqual([]);
      expect(attempt?.status).toBe(200);
      expect(attempt?.breaches.some((b) => breach.test(b))).toBe(true);
      const view = await admin.request(uid);
      expect(view).toMatchObject({ state: 'sent', responseBreaches: attempt?.breaches, events: [] });
      const entry = { path: executor.url, status: 200, violations: attempt?.breaches };
      expect(await lastEntry()).toMatchObject(entry);
    },
  );
});

describe('delivery', () => {
  it('retries an error answer up to 3 attempts with the same body, then the request has failed', async () => {
    executor.respond = refusing(503, 'unavailable');
    const uid = await admin.createRequest({ identities: [EMAIL] });
    expect(await admin.forward(uid)).toEqual([1, 2, 3].map(() => ({ at: t0, status: 503, breaches: [] })));
    expect(executor.calls).toHaveLength(3);
    expect(new Set(executor.calls.map((c) => JSON.stringify(c.body))).size).toBe(1);
    expect((await admin.request(uid)).state).toBe('failed');
    expect(await violations()).toEqual([]);
  });

  it('stops at the first 200, and records an error answer that is no Error object as a breach', async () => {
    executor.respond = (r, n) =>
      n === 1 ? { status: 500, body: 'boom', type: 'text/plain' } : answering()(r, n, {});
    const uid = await admin.createRequest({ identities: [EMAIL] });
    const attempts = await admin.forward(uid);
    expect(attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(attempts[0]?.breaches).toEqual(expect.arrayContaining(['(body): must be a JSON Error object']));
    expect((await admin.request(uid)).state).toBe('sent');
  });

  it('counts an endpoint that refuses connections as status 0, each attempt', async () => {
    const closed = await new Executor().start();
    await closed.close();
    await admin.endpoint(closed.url);
    const uid = await admin.createRequest({ identities: [EMAIL] });
    const attempts = await admin.forward(uid);
    expect(attempts).toHaveLength(3);
    for (const a of attempts)
      expect(a).toMatchObject({ status: 0, breaches: [], error: expect.stringMatching(/fetch failed/) });
  });

  it('sends a wrong endpoint header value when told to; the refused request goes through with the right one', async () => {
    executor.respond = (r, n, headers) =>
      headers.authorization === 'ketch-forwarder-secret'
        ? answering()(r, n, headers)
        : refusing(401, 'forbidden')(r, n, headers);
    const uid = await admin.createRequest({ identities: [EMAIL] });
    const refused = await admin.forward(uid, { headerValue: 'guessed' });
    expect(refused.map((a) => [a.status, a.breaches])).toEqual([1, 2, 3].map(() => [401, []]));
    expect(executor.calls.map((c) => c.headers.authorization)).toEqual(['guessed', 'guessed', 'guessed']);
    expect((await admin.forward(uid)).map((a) => a.status)).toEqual([200]);
    expect((await admin.request(uid)).attempts).toHaveLength(4);
  });

  it('gives up on an attempt after timeoutMs, and makes deliveryAttempts of them', async () => {
    const quick = await startKetchSimulator({ realNow: () => T0, timeoutMs: 100, deliveryAttempts: 2 });
    try {
      executor.respond = () => ({ first: () => new Promise(() => {}) });
      const quickAdmin = new KetchAdminClient(quick.url);
      await quickAdmin.endpoint(executor.url);
      const uid = await quickAdmin.createRequest({ identities: [EMAIL] });
      const attempts = await quickAdmin.forward(uid);
      const timedOut = [0, expect.stringMatching(/timeout|abort/i)];
      expect(attempts.map((a) => [a.status, a.error])).toEqual([timedOut, timedOut]);
    } finally {
      await quick.close();
    }
  });
});

describe('DeleteStatusEvents to the callback', () => {
  let uid: string;
  beforeEach(async () => {
    uid = await admin.createRequest({ identities: [EMAIL] });
    await admin.forward(uid);
  });

  it.each([
    ['no header', {}],
    ['another value', { Authorization: 'ketch-forwarder-secret' }],
    ['a Bearer scheme the callback never gave', { Authorization: 'Bearer ketch-callback-secret' }],
  ])('answers 401 to %s, as an Error object, journaled, recorded nowhere', async (_, headers) => {
    const res = await postEvent(uid, { status: 'completed' }, { headers });
    expect(res.status).toBe(401);
    const error = { kind: 'Error', metadata: { uid }, error: { code: 401, status: 'forbidden' } };
    expect(res.json).toMatchObject(error);
    expect((await lastEntry())?.violations).toHaveLength(1);
    expect((await admin.request(uid)).events.map((e) => e.source)).toEqual(['response']);
  });

  it.each<[string, unknown, Record<string, unknown>, RegExp]>([
    ['a status in another case', { status: 'Completed' }, {}, /event\.status: must be one of/],
    ['no status', { reason: 'unknown' }, {}, /event\.status: required/],
    ["another status's reason", { status: 'pending', reason: 'executed' }, {}, /for status pending/],
    ['an undocumented event field', { status: 'pending', percent: 50 }, {}, /event: undocumented.* percent/],
    ['a field beside event', { status: 'pending' }, { response: {} }, /undocumented.* response/],
    ['another kind', { status: 'pending' }, { kind: 'DeleteResponse' }, /kind: must be DeleteStatusEvent/],
    ['another apiVersion', { status: 'pending' }, { apiVersion: 'dsr/v2' }, /apiVersion: must be dsr\/v1/],
    ['another uid', { status: 'pending' }, { metadata: { uid: UID } }, /metadata\.uid/],
    ['another tenant', { status: 'pending' }, { metadata: { tenant: 'axonic' } }, /metadata\.tenant/],
    ['no event', undefined, {}, /event: required/],
  ])('answers 400 to %s, journaled as a broken rule', async (_, event, envelope, breach) => {
    const res = await postEvent(uid, event, { envelope });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 400, status: 'invalid' });
    expect((await lastEntry())?.violations[0]).toMatch(breach);
    expect((await admin.request(uid)).events).toHaveLength(1);
  });

  it('answers 400 to a body not sent as application/json', async () => {
    const res = await postEvent(uid, { status: 'in_progress' }, { contentType: 'text/plain' });
    expect(res.status).toBe(400);
    expect((await lastEntry())?.violations[0]).toMatch(/Content-Type must be application\/json/);
  });

  it('accepts events under the callback headers, in order, on the virtual clock, until final', async () => {
    const headers = executor.calls[0]?.body.request.callbacks[0]?.headers;
    const send = async (event: object) => {
      const res = await postEvent(uid, event, { headers });
      return [res.status, res.json];
    };
    const job = { requestID: 'job-1' };
    const done = { status: 'completed', reason: 'executed', ...job, claims: { rows: 3 } };
    await admin.advance(HOUR);
    expect(await send({ status: 'in_progress', ...job })).toEqual([200, {}]);
    await admin.advance(DAY);
    expect(await send({ status: 'in_progress', reason: 'unknown', ...job })).toEqual([200, {}]);
    await admin.advance(HOUR);
    expect(await send(done)).toEqual([200, {}]);
    const view = await admin.request(uid);
    expect(view.events).toEqual([
      { source: 'response', status: 'in_progress', at: t0 },
      { source: 'event', status: 'in_progress', ...job, at: t0 + HOUR },
      { source: 'event', status: 'in_progress', reason: 'unknown', ...job, at: t0 + HOUR + DAY },
      { source: 'event', ...done, at: t0 + 2 * HOUR + DAY },
    ]);
    expect(view).toMatchObject({ state: 'final', finalStatus: 'completed', finalAt: t0 + 2 * HOUR + DAY });
    expect(await violations()).toEqual([]);
  });

  it('refuses any event after a final one with 409, a broken rule unless it repeats the final event', async () => {
    const final = { status: 'denied', reason: 'no_match' };
    expect((await postEvent(uid, final)).status).toBe(200);
    for (const later of [{ status: 'in_progress' }, { status: 'completed', reason: 'executed' }]) {
      const res = await postEvent(uid, later);
      expect(res.status).toBe(409);
      expect(res.json.error).toMatchObject({ code: 409, status: 'conflict' });
      expect((await lastEntry())?.violations[0]).toMatch(/request is denied: no further events/);
    }
    expect((await postEvent(uid, final)).status).toBe(409);
    expect(await lastEntry()).toMatchObject({ status: 409, violations: [], repeatOf: uid });
    const view = await admin.request(uid);
    expect(view.events.map((e) => e.status)).toEqual(['in_progress', 'denied']);
    expect(view.finalStatus).toBe('denied');
  });

  it('takes an event sent before the answer to the POST, in arrival order', async () => {
    const early = await admin.createRequest({ identities: [EMAIL] });
    const first = () => postEvent(early, { status: 'in_progress' });
    executor.respond = (r) => ({ body: deleteResponse(r, { status: 'completed' }), first });
    await admin.forward(early);
    const sources = (await admin.request(early)).events.map((e) => `${e.source} ${e.status}`);
    expect(sources).toEqual(['event in_progress', 'response completed']);
  });

  it('answers 404 for a uid never forwarded, even one created', async () => {
    const unsent = await admin.createRequest({ identities: [EMAIL] });
    for (const id of [unsent, UID]) {
      const res = await postEvent(id, { status: 'completed' });
      expect(res.status).toBe(404);
      expect(res.json.error).toMatchObject({ code: 404, status: 'not_found' });
    }
  });
});
