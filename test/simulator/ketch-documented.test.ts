/**
 * A second reading of the Ketch simulator, written from the documentation alone: the DSR-tool contracts
 * notes §1.3 and the Ketch Forwarder spec (ketch-com/ketch-forwarder: api/dsr/v1/Delete.md, Status.md,
 * README.md, api/runtime/v1/Metadata.md, Error.md, openapi/components/schemas/*.yaml), without reading
 * the simulator's routes. Ketch POSTs each `DeleteRequest` to a small executor in this file whose answers
 * every test sets; status events go back over real HTTP to the request's callbacks, the documented way.
 * The admin API only points the tenant at the executor, creates and forwards requests, moves the clock
 * and reads what Ketch recorded.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KetchAdminClient,
  type NewRequestInput,
  type RequestView,
} from '../../src/simulator/privacy-tools/ketch/admin-client';
import { defaultKetchOptions } from '../../src/simulator/privacy-tools/ketch/options';
import { type KetchSimulator, startKetchSimulator } from '../../src/simulator/privacy-tools/ketch/server';
import { call, DAY, MINUTE, type Reply, utc } from '../helpers/documented-http';

/** Status.md "Status code" and DSRRequestStatus.yaml: no other value exists, and it is case-sensitive. */
const STATUSES = ['unknown', 'pending', 'in_progress', 'completed', 'cancelled', 'denied'] as const;
/** Delete.md: "Once the status is set to `completed`, `cancelled` or `denied`, then no further events will be accepted." */
const FINAL_STATUSES = ['completed', 'cancelled', 'denied'] as const;
/** Status.md "Reason": each reason with the status the table gives it (`unknown` for any status); `other` is
 * DSRRequestStatusReason.yaml's and Delete.md's example's (`in_progress` / `other`). */
const DOCUMENTED_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['unknown', 'unknown'],
  ['pending', 'unknown'],
  ['in_progress', 'unknown'],
  ['completed', 'unknown'],
  ['cancelled', 'unknown'],
  ['denied', 'unknown'],
  ['in_progress', 'other'],
  ['pending', 'need_user_verification'],
  ['completed', 'requested'],
  ['completed', 'no_match'],
  ['completed', 'insufficient_identification'],
  ['completed', 'executed'],
  ['denied', 'no_match'],
  ['denied', 'insufficient_identification'],
  ['denied', 'insufficient_verification'],
  ['denied', 'claim_not_covered'],
  ['denied', 'outside_jurisdiction'],
  ['denied', 'too_many_requests'],
  ['denied', 'suspected_fraud'],
];
/** Error.md "Error status code": no other value exists. */
const ERROR_STATUSES = [
  'conflict',
  'internal',
  'unavailable',
  'invalid',
  'not_found',
  'timeout',
  'canceled',
  'forbidden',
  'configuration',
  'unimplemented',
];
/** Metadata.md: "Will be a unique UUIDv4". */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const ANN = { email: 'ann.example@example.org', firstName: 'Ann', lastName: 'Example' };
const ANN_IDENTITY = { identitySpace: 'email', identityValue: ANN.email };
const ENDPOINT_PATH = '/ketch/dsr/delete';

type Json = Record<string, unknown>;

/** One `DeleteRequest` POST as it reached the executor. */
interface Captured {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is read as arbitrary JSON off the wire.
  readonly json: any;
}

/** What the executor answers: a status, headers, and a body (an object is sent as JSON). */
interface Answer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

/** The executor's answer to the nth (from 0) POST of one request. */
type Answerer = (captured: Captured, attempt: number) => Answer;

/** The executor's side: a plain HTTP server that records every POST and answers as each test told it. */
class Executor {
  readonly captured: Captured[] = [];
  private readonly answers = new Map<string, Answerer>();
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Executor> {
    let executor: Executor | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        const captured: Captured = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          text,
          json,
        };
        const uid = String((json as { metadata?: { uid?: unknown } } | undefined)?.metadata?.uid ?? '');
        const attempt = executor?.forUid(uid).length ?? 0;
        executor?.captured.push(captured);
        const answer = (executor?.answers.get(uid) ?? inProgress)(captured, attempt);
        const body =
          answer.body === undefined
            ? ''
            : typeof answer.body === 'string'
              ? answer.body
              : JSON.stringify(answer.body);
        const headers =
          answer.body !== undefined && typeof answer.body !== 'string'
            ? { 'content-type': 'application/json', ...(answer.headers ?? {}) }
            : (answer.headers ?? {});
        res.writeHead(answer.status, headers).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    executor = new Executor(server, `http://127.0.0.1:${port}`);
    return executor;
  }

  answer(uid: string, answerer: Answerer): void {
    this.answers.set(uid, answerer);
  }

  /** The POSTs that carried this `metadata.uid`, in arrival order. */
  forUid(uid: string): Captured[] {
    return this.captured.filter((c) => c.json?.metadata?.uid === uid);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The documented `DeleteResponse` envelope around `response`, echoing the request's metadata. */
function deleteResponse(captured: Captured, response: Json): Json {
  return { apiVersion: 'dsr/v1', kind: 'DeleteResponse', metadata: captured.json.metadata, response };
}

/** The executor's default: a documented `200 OK` `DeleteResponse` with status `in_progress`. */
const inProgress: Answerer = (c) => ({
  status: 200,
  body: deleteResponse(c, { status: 'in_progress', requestID: `exec-${c.json?.metadata?.uid}` }),
});

/** Answers `200` with a documented `DeleteResponse` carrying `response`. */
const respondWith =
  (response: Json): Answerer =>
  (c) => ({ status: 200, body: deleteResponse(c, response) });

/** Answers with an Error.md `Error` object. */
const errorAnswer =
  (code: number, status: string, message = 'refused'): Answerer =>
  (c) => ({
    status: code,
    body: {
      apiVersion: 'dsr/v1',
      kind: 'Error',
      metadata: c.json.metadata,
      error: { code, status, message },
    },
  });

/** Standard base64 of a JSON value. */
const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** One simulator on a pinned clock, its tenant's endpoint pointed at a local executor. */
class Ketch {
  private constructor(
    readonly sim: KetchSimulator,
    readonly admin: KetchAdminClient,
    readonly executor: Executor,
  ) {}

  static async start(now: number): Promise<Ketch> {
    const executor = await Executor.start();
    const sim = await startKetchSimulator({ realNow: () => now });
    const admin = new KetchAdminClient(sim.url);
    await admin.endpoint(`${executor.url}${ENDPOINT_PATH}`);
    return new Ketch(sim, admin, executor);
  }

  /** Creates a deletion, sets the executor's answer to it, forwards it; answers its uid, attempts and view. */
  async forwarded(answerer: Answerer = inProgress, input: Partial<NewRequestInput> = {}) {
    const uid = await this.admin.createRequest({ identities: [ANN_IDENTITY], subject: ANN, ...input });
    this.executor.answer(uid, answerer);
    const attempts = await this.admin.forward(uid);
    const view = await this.admin.request(uid);
    return { uid, attempts, view };
  }

  /** POSTs a `DeleteStatusEvent` carrying `event` to the request's first callback, with its own headers. */
  event(view: RequestView, event: unknown, options: { headers?: Record<string, string>; body?: Json } = {}) {
    const callback = view.request.request.callbacks[0];
    if (callback === undefined) throw new Error('the request has no callback');
    const json = options.body ?? {
      apiVersion: 'dsr/v1',
      kind: 'DeleteStatusEvent',
      metadata: view.request.metadata,
      event,
    };
    return call(callback.url, { json, headers: options.headers ?? { ...callback.headers } });
  }

  close(): Promise<void> {
    return this.sim.close().then(() => this.executor.close());
  }
}

function useKetch(now: number): () => Ketch {
  let k: Ketch | undefined;
  beforeAll(async () => {
    k = await Ketch.start(now);
  });
  afterAll(async () => {
    await k?.close();
  });
  return () => {
    if (k === undefined) throw new Error('simulator not started');
    return k;
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join() : value;
}

/** An Error.md `Error` object with `error.code` equal to the HTTP status. */
function expectErrorObject(reply: Reply): void {
  expect(reply.status, reply.text).toBeGreaterThanOrEqual(400);
  expect(reply.headers.get('content-type') ?? '', reply.text).toMatch(/^application\/json/);
  // Error.md's table says `apiVersion` "Must be `dsr/v1`"; its example says "v1".
  expect(['dsr/v1', 'v1'], reply.text).toContain(reply.json?.apiVersion);
  expect(reply.json, reply.text).toMatchObject({
    kind: 'Error',
    metadata: { uid: expect.any(String), tenant: expect.any(String) },
    error: { code: reply.status, status: expect.any(String), message: expect.any(String) },
  });
  expect(ERROR_STATUSES, reply.text).toContain(reply.json.error.status);
  expect(reply.json.error.message, reply.text).not.toBe('');
}

/** "Accepted": a 2xx, and the event is the last one Ketch recorded. */
async function expectAccepted(k: Ketch, uid: string, reply: Reply, event: Json): Promise<RequestView> {
  expect(reply.status, reply.text).toBeGreaterThanOrEqual(200);
  expect(reply.status, reply.text).toBeLessThan(300);
  const view = await k.admin.request(uid);
  const last = view.events.at(-1);
  expect(last, JSON.stringify(view.events)).toMatchObject({ ...event, source: 'event' });
  return view;
}

/** "Not accepted": a non-2xx, nothing recorded, the final status (if any) unchanged. */
async function expectRefused(k: Ketch, before: RequestView, reply: Reply): Promise<void> {
  expect(reply.status < 200 || reply.status >= 300, `HTTP ${reply.status} ${reply.text}`).toBe(true);
  const after = await k.admin.request(before.uid);
  expect(after.events).toEqual(before.events);
  expect(after.finalStatus).toEqual(before.finalStatus);
  expect(after.state).toBe(before.state);
}

describe('the DeleteRequest Ketch POSTs to the executor (Delete.md "Delete Request")', () => {
  const T = utc(2027, 3, 1, 9, 30);
  const k = useKetch(T);
  let uid = '';
  let posted: Captured | undefined;
  const got = (): Captured => {
    if (posted === undefined) throw new Error('nothing was posted');
    return posted;
  };

  beforeAll(async () => {
    const r = await k().forwarded(inProgress, {
      identities: [
        { identitySpace: 'email', identityValue: ANN.email },
        { identitySpace: 'account_id', identityValue: 'e3b0c44298fc1c14', identityFormat: 'md5' },
      ],
      subject: { ...ANN, countryCode: 'DE', description: 'Delete my data' },
      property: 'lethe.example',
      environment: 'production',
      regulation: 'gdpr',
      jurisdiction: 'eugdpr',
      dueInDays: 30,
    });
    uid = r.uid;
    posted = k().executor.forUid(uid)[0];
  });

  it('POSTs to the configured endpoint with JSON Content-Type and Accept', () => {
    expect(got().method).toBe('POST');
    expect(got().path).toBe(ENDPOINT_PATH);
    expect(header(got().headers, 'content-type')).toMatch(/^application\/json/);
    expect(header(got().headers, 'accept')).toMatch(/application\/json/);
  });

  it('carries the configured header key and value', () => {
    const { name, value } = defaultKetchOptions.endpointHeader;
    expect(header(got().headers, name)).toBe(value);
  });

  it('has apiVersion dsr/v1, kind DeleteRequest and metadata {uid: UUIDv4, tenant}', () => {
    expect(got().json.apiVersion).toBe('dsr/v1');
    expect(got().json.kind).toBe('DeleteRequest');
    expect(got().json.metadata.uid).toMatch(UUID_V4);
    expect(got().json.metadata.uid).toBe(uid);
    expect(got().json.metadata.tenant).toBe(defaultKetchOptions.tenant);
  });

  it('has every required request field, each a string code', () => {
    const r = got().json.request;
    for (const field of ['property', 'environment', 'regulation', 'jurisdiction']) {
      expect(typeof r[field], field).toBe('string');
      expect(r[field], field).not.toBe('');
    }
    expect(r).toMatchObject({
      property: 'lethe.example',
      environment: 'production',
      regulation: 'gdpr',
      jurisdiction: 'eugdpr',
    });
  });

  it('lists the identities as Identity objects (identitySpace, identityFormat raw|md5|sha1, identityValue)', () => {
    const identities = got().json.request.identities;
    expect(Array.isArray(identities)).toBe(true);
    for (const identity of identities) {
      expect(typeof identity.identitySpace).toBe('string');
      expect(typeof identity.identityValue).toBe('string');
      if (identity.identityFormat !== undefined)
        expect(['raw', 'md5', 'sha1']).toContain(identity.identityFormat);
    }
    // "Default is `raw`": an identity sent without a format is raw, sent or not.
    expect(
      identities.map((i: Json) => [i.identitySpace, i.identityFormat ?? 'raw', i.identityValue]),
    ).toEqual([
      ['email', 'raw', ANN.email],
      ['account_id', 'md5', 'e3b0c44298fc1c14'],
    ]);
  });

  it('carries the Data Subject with email, firstName and lastName (README "Subject")', () => {
    const subject = got().json.request.subject;
    expect(subject).toMatchObject({ ...ANN, countryCode: 'DE', description: 'Delete my data' });
    for (const [key, value] of Object.entries(subject)) expect(typeof value, `subject.${key}`).toBe('string');
  });

  it('stamps submittedTimestamp and dueTimestamp as UNIX seconds', () => {
    const r = got().json.request;
    expect(Number.isInteger(r.submittedTimestamp)).toBe(true);
    expect(Number.isInteger(r.dueTimestamp)).toBe(true);
    expect(r.submittedTimestamp).toBe(Math.floor(T / 1000));
    expect(r.dueTimestamp - r.submittedTimestamp).toBe((30 * DAY) / 1000);
  });

  it('gives callbacks, each with a url and a map of string headers (README "Callback")', () => {
    const callbacks = got().json.request.callbacks;
    expect(Array.isArray(callbacks)).toBe(true);
    expect(callbacks.length).toBeGreaterThan(0);
    for (const callback of callbacks) {
      expect(() => new URL(callback.url)).not.toThrow();
      for (const value of Object.values(callback.headers ?? {})) expect(typeof value).toBe('string');
    }
    const { name, value } = defaultKetchOptions.callbackHeader;
    expect(callbacks[0].headers[name]).toBe(value);
  });

  it('omits request.controller unless the controller differs from metadata.tenant', async () => {
    expect(got().json.request).not.toHaveProperty('controller');
    const other = await k().forwarded(inProgress, { controller: 'parent-company' });
    expect(k().executor.forUid(other.uid)[0]?.json.request.controller).toBe('parent-company');
    const same = await k().forwarded(inProgress, { controller: defaultKetchOptions.tenant });
    expect(k().executor.forUid(same.uid)[0]?.json.request).not.toHaveProperty('controller');
  });

  it('sends the uid it was given and the claims as a map', async () => {
    const given = '0b6d3b8e-3c61-4a52-9d0e-8f4c1c2a7b10';
    const r = await k().forwarded(inProgress, { uid: given, claims: { account_id: '123' } });
    expect(r.uid).toBe(given);
    const body = k().executor.forUid(given)[0]?.json;
    expect(body.metadata.uid).toBe(given);
    expect(body.request.claims).toEqual({ account_id: '123' });
  });

  it('records the DeleteRequest exactly as it was sent', async () => {
    const view = await k().admin.request(uid);
    expect(view.request).toEqual(got().json);
  });
});

describe('delivery and retries (notes §1.3: "Ketch retries delivery")', () => {
  const k = useKetch(utc(2027, 3, 2, 9));

  it('POSTs once when the executor answers 200', async () => {
    const r = await k().forwarded();
    expect(r.attempts.map((a) => a.status)).toEqual([200]);
    expect(k().executor.forUid(r.uid)).toHaveLength(1);
  });

  it('tries the configured number of times while the executor fails, with the same body', async () => {
    const r = await k().forwarded(errorAnswer(503, 'unavailable'));
    expect(r.attempts).toHaveLength(defaultKetchOptions.deliveryAttempts);
    expect(r.attempts.every((a) => a.status === 503)).toBe(true);
    const posts = k().executor.forUid(r.uid);
    expect(posts).toHaveLength(defaultKetchOptions.deliveryAttempts);
    for (const post of posts) expect(post.json).toEqual(posts[0]?.json);
    expect(r.view.events).toEqual([]);
  });

  it('stops retrying at the first 200', async () => {
    const r = await k().forwarded((c, attempt) =>
      attempt === 0 ? errorAnswer(503, 'unavailable')(c, attempt) : inProgress(c, attempt),
    );
    expect(r.attempts.map((a) => a.status)).toEqual([503, 200]);
    expect(r.view.events.map((e) => e.status)).toEqual(['in_progress']);
  });

  it('sends the header value configured for the send', async () => {
    const uid = await k().admin.createRequest({ identities: [ANN_IDENTITY] });
    const attempts = await k().admin.forward(uid, { headerValue: 'rotated-secret' });
    expect(attempts.at(-1)?.status).toBe(200);
    const { name } = defaultKetchOptions.endpointHeader;
    expect(header(k().executor.forUid(uid)[0]?.headers ?? {}, name)).toBe('rotated-secret');
  });
});

describe('the DeleteResponse (Delete.md "Response")', () => {
  const k = useKetch(utc(2027, 3, 3, 9));

  it('accepts the documented example response and records its status as the first event', async () => {
    // Delete.md's example, with its missing comma restored and `identites` spelled as the field table does.
    const example = {
      status: 'in_progress',
      reason: 'other',
      expectedCompletionTimestamp: 1_806_000_000,
      requestID: 'abc123',
      identities: [{ identitySpace: 'account_id', identityFormat: 'raw', identityValue: '123' }],
      subject: {
        firstName: 'Test',
        lastName: 'Subject',
        addressLine1: '123 Main St',
        addressLine2: 'Apt 123',
        stateRegionCode: 'MA',
        postalCode: '10123',
        countryCode: 'US',
      },
      claims: { contextVariable1: 'foo', contextVariable2: 1, contextVariable4: true },
    };
    const r = await k().forwarded(respondWith(example));
    expect(r.attempts).toHaveLength(1);
    expect(r.attempts[0]).toMatchObject({ status: 200, breaches: [] });
    expect(r.view.responseBreaches).toEqual([]);
    expect(r.view.response).toEqual({
      apiVersion: 'dsr/v1',
      kind: 'DeleteResponse',
      metadata: r.view.request.metadata,
      response: example,
    });
    expect(r.view.events).toEqual([
      expect.objectContaining({
        status: 'in_progress',
        reason: 'other',
        requestID: 'abc123',
        source: 'response',
        at: await k().admin.now(),
      }),
    ]);
    expect(r.view.state).toBe('sent');
    expect(r.view.finalStatus).toBeUndefined();
  });

  it('accepts a response with only the required status', async () => {
    const r = await k().forwarded(respondWith({ status: 'pending' }));
    expect(r.attempts[0]).toMatchObject({ status: 200, breaches: [] });
    expect(r.view.events.map((e) => [e.status, e.source])).toEqual([['pending', 'response']]);
  });

  it.each(STATUSES)('accepts the documented status %s in a response', async (status) => {
    const r = await k().forwarded(respondWith({ status }));
    expect(r.attempts[0]).toMatchObject({ status: 200, breaches: [] });
    expect(r.view.events.map((e) => e.status)).toEqual([status]);
  });

  it.each(FINAL_STATUSES)('makes the request final on a %s response', async (status) => {
    const r = await k().forwarded(respondWith({ status }));
    expect(r.view.finalStatus).toBe(status);
    expect(r.view.state).toBe('final');
  });

  it('leaves a request open on a response that is not final', async () => {
    const r = await k().forwarded(respondWith({ status: 'in_progress' }));
    expect(r.view.finalStatus).toBeUndefined();
    expect(r.view.state).not.toBe('final');
  });

  const undocumented: ReadonlyArray<readonly [string, Answerer]> = [
    ['an undocumented status', respondWith({ status: 'done' })],
    ['a status in the wrong case', respondWith({ status: 'In_Progress' })],
    ['no status', respondWith({ requestID: 'abc123' })],
    ['an undocumented reason', respondWith({ status: 'in_progress', reason: 'because' })],
    ['a numeric requestID', respondWith({ status: 'in_progress', requestID: 123 })],
    [
      'a string expectedCompletionTimestamp',
      respondWith({ status: 'in_progress', expectedCompletionTimestamp: 'soon' }),
    ],
    [
      'another kind',
      (c) => ({
        status: 200,
        body: { ...deleteResponse(c, { status: 'in_progress' }), kind: 'AccessResponse' },
      }),
    ],
    [
      'another apiVersion',
      (c) => ({
        status: 200,
        body: { ...deleteResponse(c, { status: 'in_progress' }), apiVersion: 'dsr/v2' },
      }),
    ],
    [
      'no metadata',
      () => ({
        status: 200,
        body: { apiVersion: 'dsr/v1', kind: 'DeleteResponse', response: { status: 'in_progress' } },
      }),
    ],
    [
      'a text/plain Content-Type',
      (c) => ({
        status: 200,
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(deleteResponse(c, { status: 'in_progress' })),
      }),
    ],
    [
      'a body that is not JSON',
      () => ({ status: 200, headers: { 'content-type': 'application/json' }, body: 'ok' }),
    ],
    ['no body', () => ({ status: 200 })],
    [
      'an embedded document without Content-Type',
      respondWith({ status: 'in_progress', documents: [{ data: base64Json({ a: 1 }) }] }),
    ],
    [
      'a context value that is an object',
      respondWith({ status: 'in_progress', context: { nested: { a: 1 } } }),
    ],
  ];

  it.each(undocumented)('flags a 200 answer with %s', async (_name, answerer) => {
    const r = await k().forwarded(answerer);
    const last = r.attempts.at(-1);
    expect(last?.status).toBe(200);
    expect(last?.breaches.length, JSON.stringify(r.attempts)).toBeGreaterThan(0);
    expect(r.view.responseBreaches.length).toBeGreaterThan(0);
  });

  it('does not take a status from a success other than 200 OK ("MUST include the 200 OK")', async () => {
    const r = await k().forwarded((c) => ({ status: 201, body: deleteResponse(c, { status: 'completed' }) }));
    expect(r.view.events).toEqual([]);
    expect(r.view.finalStatus).toBeUndefined();
    expect(r.attempts[0]?.breaches.length, JSON.stringify(r.attempts)).toBeGreaterThan(0);
  });
});

describe('Error objects (Error.md)', () => {
  const k = useKetch(utc(2027, 3, 4, 9));

  it.each([
    [404, 'not_found'],
    [400, 'invalid'],
    [401, 'forbidden'],
    [403, 'forbidden'],
    [409, 'conflict'],
    [500, 'internal'],
    [501, 'unimplemented'],
    [503, 'unavailable'],
    [504, 'timeout'],
  ] as const)(
    'takes a documented Error with HTTP %i and status %s without a breach',
    async (code, status) => {
      const r = await k().forwarded(errorAnswer(code, status, 'Not found'));
      expect(r.attempts.length).toBeGreaterThan(0);
      for (const attempt of r.attempts) expect(attempt).toMatchObject({ status: code, breaches: [] });
      expect(r.view.events).toEqual([]);
      expect(r.view.finalStatus).toBeUndefined();
    },
  );

  const malformed: ReadonlyArray<readonly [string, Answerer]> = [
    [
      'error.code other than the HTTP status',
      (c) => ({ ...errorAnswer(404, 'not_found')(c, 0), status: 500 }),
    ],
    ['an undocumented error.status', errorAnswer(404, 'missing')],
    [
      'no error.message',
      (c) => ({
        status: 404,
        body: {
          apiVersion: 'dsr/v1',
          kind: 'Error',
          metadata: c.json.metadata,
          error: { code: 404, status: 'not_found' },
        },
      }),
    ],
    [
      'another kind',
      (c) => {
        const answer = errorAnswer(404, 'not_found')(c, 0);
        return { ...answer, body: { ...(answer.body as Json), kind: 'Failure' } };
      },
    ],
    [
      'no Error object at all',
      () => ({ status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' }),
    ],
    [
      'a text/plain Content-Type',
      (c) => ({
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(errorAnswer(404, 'not_found')(c, 0).body),
      }),
    ],
  ];

  it.each(malformed)('flags an error answer with %s', async (_name, answerer) => {
    const r = await k().forwarded(answerer);
    expect(r.attempts.length).toBeGreaterThan(0);
    for (const attempt of r.attempts) {
      expect(attempt.status).toBeGreaterThanOrEqual(400);
      expect(attempt.breaches.length, JSON.stringify(attempt)).toBeGreaterThan(0);
    }
    expect(r.view.events).toEqual([]);
  });

  it('refuses an event with an Error object whose error.code is the HTTP status', async () => {
    const r = await k().forwarded();
    const reply = await k().event(r.view, { status: 'done' });
    expectErrorObject(reply);
  });

  it('refuses an event without the callback header with an Error object', async () => {
    const r = await k().forwarded();
    expectErrorObject(await k().event(r.view, { status: 'completed' }, { headers: {} }));
  });
});

describe('status events to the callback: headers (Delete.md "Event", README "Callback")', () => {
  const k = useKetch(utc(2027, 3, 5, 9));

  it("accepts an event carrying the callback's own headers", async () => {
    const r = await k().forwarded();
    const reply = await k().event(r.view, { status: 'in_progress', requestID: 'abc123' });
    await expectAccepted(k(), r.uid, reply, { status: 'in_progress', requestID: 'abc123' });
  });

  it('POSTs with Content-Type application/json and Accept application/json as the example does', async () => {
    const r = await k().forwarded();
    const callback = r.view.request.request.callbacks[0];
    if (callback === undefined) throw new Error('no callback');
    const res = await fetch(callback.url, {
      method: 'POST',
      headers: { ...callback.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        apiVersion: 'dsr/v1',
        kind: 'DeleteStatusEvent',
        metadata: r.view.request.metadata,
        event: { status: 'in_progress' },
      }),
    });
    expect(res.status, await res.text()).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each([
    ['no header', {}],
    ['a wrong value', { [defaultKetchOptions.callbackHeader.name]: 'not-the-callback-secret' }],
    [
      "the endpoint's header instead of the callback's",
      { [defaultKetchOptions.endpointHeader.name]: defaultKetchOptions.endpointHeader.value },
    ],
    [
      'a bearer-prefixed value',
      { [defaultKetchOptions.callbackHeader.name]: 'Bearer ketch-callback-secret' },
    ],
  ] as const)('does not accept an event with %s', async (_name, headers) => {
    const r = await k().forwarded();
    await expectRefused(k(), r.view, await k().event(r.view, { status: 'completed' }, { headers }));
  });
});

describe('status events: statuses and reasons (Status.md)', () => {
  const k = useKetch(utc(2027, 3, 6, 9));

  it.each(STATUSES)('accepts the documented status %s', async (status) => {
    const r = await k().forwarded();
    await expectAccepted(k(), r.uid, await k().event(r.view, { status }), { status });
  });

  it.each(DOCUMENTED_PAIRS)('accepts status %s with reason %s', async (status, reason) => {
    const r = await k().forwarded();
    await expectAccepted(k(), r.uid, await k().event(r.view, { status, reason }), { status, reason });
  });

  it.each(['In_progress', 'IN_PROGRESS', 'Completed', 'COMPLETED', 'canceled', 'done', 'failed', ''])(
    'does not accept the undocumented or miscased status %j',
    async (status) => {
      const r = await k().forwarded();
      await expectRefused(k(), r.view, await k().event(r.view, { status }));
    },
  );

  it.each([
    ['completed', 'Executed'],
    ['denied', 'NO_MATCH'],
    ['in_progress', 'because'],
    ['completed', 'done'],
  ] as const)(
    'does not accept status %s with the undocumented or miscased reason %s',
    async (status, reason) => {
      const r = await k().forwarded();
      await expectRefused(k(), r.view, await k().event(r.view, { status, reason }));
    },
  );
});

describe('status events: the message (Delete.md "Event" fields, Metadata.md)', () => {
  const k = useKetch(utc(2027, 3, 7, 9));

  it('accepts the documented example event and records its fields', async () => {
    const r = await k().forwarded();
    // Delete.md's example, with its missing comma restored and `identites` spelled as the field table does.
    const event = {
      status: 'in_progress',
      reason: 'other',
      expectedCompletionTimestamp: 1_806_000_000,
      requestID: 'abc123',
      identities: [{ identitySpace: 'account_id', identityFormat: 'raw', identityValue: '123' }],
      subject: { firstName: 'Test', lastName: 'Subject', countryCode: 'US' },
      claims: { contextVariable1: 'foo', contextVariable2: 1, contextVariable4: true },
    };
    await expectAccepted(k(), r.uid, await k().event(r.view, event), {
      status: 'in_progress',
      reason: 'other',
      requestID: 'abc123',
      expectedCompletionTimestamp: 1_806_000_000,
    });
  });

  const envelope = (view: RequestView, change: Json): Json => ({
    apiVersion: 'dsr/v1',
    kind: 'DeleteStatusEvent',
    metadata: view.request.metadata,
    event: { status: 'completed' },
    ...change,
  });

  it.each([
    ['another kind', { kind: 'AccessStatusEvent' }],
    ['a response kind', { kind: 'DeleteResponse' }],
    ['another apiVersion', { apiVersion: 'v1' }],
    ['no metadata', { metadata: undefined }],
    [
      'a uid Ketch never sent',
      { metadata: { uid: '5f0c2b9e-7d1a-4c3b-8e2f-1a2b3c4d5e6f', tenant: 'lethe-test' } },
    ],
    ['no event', { event: undefined }],
    ['an event without status', { event: { reason: 'executed' } }],
    ['a numeric status', { event: { status: 3 } }],
    ['a numeric requestID', { event: { status: 'completed', requestID: 123 } }],
    [
      'a string expectedCompletionTimestamp',
      { event: { status: 'completed', expectedCompletionTimestamp: 'soon' } },
    ],
    [
      'identities that are not an array',
      { event: { status: 'completed', identities: { identitySpace: 'email' } } },
    ],
    [
      'an identity without identitySpace',
      { event: { status: 'completed', identities: [{ identityValue: 'x' }] } },
    ],
    ['a subject value that is not a string', { event: { status: 'completed', subject: { firstName: 5 } } }],
  ] as const)('does not accept a DeleteStatusEvent with %s', async (_name, change) => {
    const r = await k().forwarded();
    const callback = r.view.request.request.callbacks[0];
    const body = JSON.parse(JSON.stringify(envelope(r.view, change)));
    await expectRefused(
      k(),
      r.view,
      await k().event(r.view, undefined, { body, headers: { ...callback?.headers } }),
    );
  });

  it('does not accept an event whose Content-Type is not application/json', async () => {
    const r = await k().forwarded();
    const callback = r.view.request.request.callbacks[0];
    if (callback === undefined) throw new Error('no callback');
    const res = await fetch(callback.url, {
      method: 'POST',
      headers: { ...callback.headers, 'content-type': 'text/plain' },
      body: JSON.stringify(envelope(r.view, {})),
    });
    await expectRefused(k(), r.view, {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      json: {},
    });
  });

  it('does not accept a body that is not JSON', async () => {
    const r = await k().forwarded();
    const callback = r.view.request.request.callbacks[0];
    if (callback === undefined) throw new Error('no callback');
    const res = await fetch(callback.url, {
      method: 'POST',
      headers: { ...callback.headers, 'content-type': 'application/json' },
      body: '{"status": "completed"',
    });
    await expectRefused(k(), r.view, {
      status: res.status,
      headers: res.headers,
      text: await res.text(),
      json: {},
    });
  });
});

describe('status events: order and finality (Status.md, Delete.md)', () => {
  const T = utc(2027, 3, 8, 9);
  const k = useKetch(T);

  it('records events in the order they arrive, several with the same status, each at its arrival time', async () => {
    const r = await k().forwarded(respondWith({ status: 'pending', reason: 'need_user_verification' }));
    const t0 = await k().admin.now();
    await k().admin.advance(DAY);
    await expectAccepted(k(), r.uid, await k().event(r.view, { status: 'in_progress' }), {
      status: 'in_progress',
    });
    await k().admin.advance(DAY);
    await expectAccepted(k(), r.uid, await k().event(r.view, { status: 'in_progress' }), {
      status: 'in_progress',
    });
    await k().admin.advance(MINUTE);
    const view = await expectAccepted(
      k(),
      r.uid,
      await k().event(r.view, { status: 'completed', reason: 'executed' }),
      { status: 'completed', reason: 'executed' },
    );
    expect(view.events.map((e) => [e.source, e.status, e.at])).toEqual([
      ['response', 'pending', t0],
      ['event', 'in_progress', t0 + DAY],
      ['event', 'in_progress', t0 + 2 * DAY],
      ['event', 'completed', t0 + 2 * DAY + MINUTE],
    ]);
    expect(view.finalStatus).toBe('completed');
    expect(view.state).toBe('final');
  });

  it.each(FINAL_STATUSES)('accepts no further event once an event set the status to %s', async (status) => {
    const r = await k().forwarded();
    const closed = await expectAccepted(k(), r.uid, await k().event(r.view, { status }), { status });
    expect(closed.finalStatus).toBe(status);
    for (const next of ['in_progress', 'completed', 'denied', status]) {
      await expectRefused(k(), closed, await k().event(r.view, { status: next }));
    }
  });

  it.each(FINAL_STATUSES)(
    'accepts no event at all once the response set the status to %s',
    async (status) => {
      const r = await k().forwarded(respondWith({ status }));
      expect(r.view.finalStatus).toBe(status);
      for (const next of ['in_progress', 'completed', 'cancelled']) {
        await expectRefused(k(), r.view, await k().event(r.view, { status: next }));
      }
    },
  );

  it('keeps accepting events while the status is not final', async () => {
    const r = await k().forwarded();
    for (const status of ['pending', 'in_progress', 'unknown', 'in_progress']) {
      await expectAccepted(k(), r.uid, await k().event(r.view, { status }), { status });
    }
    const view = await k().admin.request(r.uid);
    expect(view.events.map((e) => e.status)).toEqual([
      'in_progress',
      'pending',
      'in_progress',
      'unknown',
      'in_progress',
    ]);
    expect(view.finalStatus).toBeUndefined();
  });
});

describe('documents (README "Document")', () => {
  const k = useKetch(utc(2027, 3, 9, 9));

  it('accepts a document in the Callback form (url and headers)', async () => {
    const r = await k().forwarded();
    const documents = [
      { url: 'https://dsr.controller.example/get/my/document', headers: { Authorization: '$auth' } },
    ];
    const view = await expectAccepted(
      k(),
      r.uid,
      await k().event(r.view, { status: 'in_progress', documents }),
      {
        status: 'in_progress',
      },
    );
    expect(view.events.at(-1)?.documents).toEqual(documents);
  });

  it('accepts an embedded document: standard base64 data with Content-Type application/json', async () => {
    const r = await k().forwarded();
    const documents = [
      {
        data: base64Json({ erased: ['orders', 'profile'] }),
        headers: { 'Content-Type': 'application/json' },
      },
    ];
    const view = await expectAccepted(
      k(),
      r.uid,
      await k().event(r.view, { status: 'completed', reason: 'executed', documents }),
      { status: 'completed' },
    );
    expect(view.events.at(-1)?.documents).toEqual(documents);
  });

  it('accepts an embedded document in the response too', async () => {
    const documents = [
      { data: base64Json({ received: true }), headers: { 'Content-Type': 'application/json' } },
    ];
    const r = await k().forwarded(respondWith({ status: 'in_progress', documents }));
    expect(r.attempts[0]).toMatchObject({ status: 200, breaches: [] });
    expect(r.view.events[0]?.documents).toEqual(documents);
  });

  it.each([
    ['an embedded document without headers', [{ data: base64Json({ a: 1 }) }]],
    ['an embedded document without Content-Type', [{ data: base64Json({ a: 1 }), headers: {} }]],
    [
      'an embedded document of an unsupported content type',
      [{ data: Buffer.from('a,b\n1,2\n').toString('base64'), headers: { 'Content-Type': 'text/csv' } }],
    ],
    [
      'embedded data that is not standard base64',
      [{ data: 'not base64 at all!', headers: { 'Content-Type': 'application/json' } }],
    ],
    [
      'embedded data that is not the JSON its Content-Type says',
      [
        {
          data: Buffer.from('plain words').toString('base64'),
          headers: { 'Content-Type': 'application/json' },
        },
      ],
    ],
    ['a document with neither url nor data', [{ headers: { 'Content-Type': 'application/json' } }]],
    [
      'documents that are not an array',
      { data: base64Json({ a: 1 }), headers: { 'Content-Type': 'application/json' } },
    ],
  ] as const)('does not accept an event with %s', async (_name, documents) => {
    const r = await k().forwarded();
    await expectRefused(k(), r.view, await k().event(r.view, { status: 'in_progress', documents }));
  });
});

describe('context augmentation (README "Add context variables")', () => {
  const k = useKetch(utc(2027, 3, 10, 9));

  it('accepts context as a map of code to string, integer or boolean, and records it', async () => {
    const r = await k().forwarded();
    const context = { contextVariable1: 'foo', contextVariable2: 1, contextVariable4: true };
    const view = await expectAccepted(
      k(),
      r.uid,
      await k().event(r.view, { status: 'in_progress', context }),
      {
        status: 'in_progress',
      },
    );
    expect(view.events.at(-1)?.context).toEqual(context);
  });

  it('accepts context in the response', async () => {
    const context = { lethe_request: 'r-1', tables: 3, held: false };
    const r = await k().forwarded(respondWith({ status: 'in_progress', context }));
    expect(r.attempts[0]).toMatchObject({ status: 200, breaches: [] });
    expect(r.view.events[0]?.context).toEqual(context);
  });

  it.each([
    ['an object value', { v: { a: 1 } }],
    ['an array value', { v: ['a'] }],
    ['a null value', { v: null }],
    ['a fractional number', { v: 1.5 }],
    ['an array instead of a map', ['a', 'b']],
    ['a string instead of a map', 'contextVariable1=foo'],
  ] as const)('does not accept context with %s', async (_name, context) => {
    const r = await k().forwarded();
    await expectRefused(k(), r.view, await k().event(r.view, { status: 'in_progress', context }));
  });
});
