import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { close, listen } from '../../src/simulator/kit/http';
import { OneTrustAdminClient } from '../../src/simulator/privacy-tools/onetrust/admin-client';
import {
  type OneTrustSimulator,
  type OneTrustStartOptions,
  startOneTrustSimulator,
} from '../../src/simulator/privacy-tools/onetrust/server';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const DAY = 86_400_000;
const EMAIL = { type: 'email', value: 'ada@example.com' };
const PHONE = { type: 'phone', value: '+15550100' };
const RESOLUTION = 'e2d0f59e-3df0-4b1f-965d-d57547ed44ad';
const FILE = { fileId: '3b47744c-eebf-44bb-bf4c-680966a448dc', fileName: 'certificate.json' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A stand-in for Lethe's intake: records every HTTP action POST and answers `statuses[n]` (then 202). */
async function startIntake() {
  const intake = {
    calls: [] as Array<{ headers: IncomingHttpHeaders; text: string }>,
    statuses: [] as number[],
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      intake.calls.push({ headers: req.headers, text: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(intake.statuses[intake.calls.length - 1] ?? 202).end('{"erasureId":"e-1"}');
    });
  });
  return Object.assign(intake, {
    url: `${await listen(server)}/intake/onetrust`,
    close: () => close(server),
  });
}

let sim: OneTrustSimulator;
let admin: OneTrustAdminClient;
let intake: Awaited<ReturnType<typeof startIntake>>;
let bearer: string;
/** The simulator's time when each test starts (a reset keeps the clock: it never goes back). */
let t0: number;

beforeAll(async () => {
  sim = await startOneTrustSimulator({ realNow: () => T0 });
  admin = new OneTrustAdminClient(sim.url);
  intake = await startIntake();
});

afterAll(() => Promise.all([sim?.close(), intake?.close()]));

beforeEach(async () => {
  await admin.reset();
  await admin.intake(intake.url);
  intake.calls.length = 0;
  intake.statuses = [];
  t0 = await admin.now();
  bearer = `Bearer ${(await token()).json.access_token}`;
});

type Fields = Record<string, string>;

/** One plain-fetch call to a simulated OneTrust (no Lethe code involved). */
async function call(url: string, method: string, path: string, headers: Fields, body: string) {
  const res = await fetch(`${url}${path}`, { method, headers, body });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  const json: any = text === '' ? undefined : JSON.parse(text);
  return { status: res.status, headers: res.headers, text, json };
}

const [clientId, clientSecret] = ['lethe-onetrust-client', 'lethe-onetrust-secret'];
const CREDENTIALS = { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const token = (fields: Fields = CREDENTIALS, url = sim.url) =>
  call(url, 'POST', '/api/access/v1/oauth/token', FORM, new URLSearchParams(fields).toString());

/** Which simulator a call goes to, with which token (default: the shared one, this test's token). */
type Target = { url: string; auth: string };

/** `PUT /api/datasubject/v2/subtasks/{id}/{what}` with a JSON body (a string is sent as is). */
function put(what: string, id: string, body: unknown, headers: Fields = {}, at?: Target) {
  const { url, auth } = at ?? { url: sim.url, auth: bearer };
  const sent = typeof body === 'string' ? body : JSON.stringify(body);
  const all = { authorization: auth, 'content-type': 'application/json', ...headers };
  return call(url, 'PUT', `/api/datasubject/v2/subtasks/${id}/${what}`, all, sent);
}

/** Runs `fn` on a second simulator started with `options`, with a token of it and a new subtask. */
async function withOther(options: OneTrustStartOptions, fn: (at: Target, id: string) => Promise<void>) {
  const other = await startOneTrustSimulator({ realNow: () => T0, ...options });
  try {
    const { subtaskId } = await new OneTrustAdminClient(other.url).createSubtask({ identifiers: [EMAIL] });
    const auth = `Bearer ${(await token(CREDENTIALS, other.url)).json.access_token}`;
    await fn({ url: other.url, auth }, subtaskId);
  } finally {
    await other.close();
  }
}
const lastEntry = async () => (await admin.journal()).entries.at(-1);
const withFiles = (attachments: unknown) => ({ comment: 'c', attachments });
const newSubtask = async () => (await admin.createSubtask({ identifiers: [EMAIL] })).subtaskId;

describe('POST /api/access/v1/oauth/token', () => {
  it('answers the documented ClientCredentialsResponse to the client credentials', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      access_token: expect.stringMatching(/^\S{20,}$/),
      email: expect.stringMatching(/^[0-9a-f]{32}@api\.onetrust\.com$/),
      expires_in: 3600,
      guid: expect.stringMatching(UUID),
      jti: expect.any(String),
      languageId: 1,
      orgGroupGuid: expect.stringMatching(UUID),
      orgGroupId: res.json.orgGroupGuid,
      'ot-scopes': 'DSAR_WRITE,DSAR_READ',
      role: 'Api Key User',
      scope: 'read',
      sessionId: expect.stringMatching(UUID),
      tenantGuid: expect.stringMatching(UUID),
      tenantId: 1,
      token_type: 'bearer',
      user_name: res.json.email,
    });
    expect((await lastEntry())?.violations).toEqual([]);
  });

  const JSON_TYPE = { 'content-type': 'application/json' };
  it.each([
    ['a wrong secret', { ...CREDENTIALS, client_secret: 'guess' }, FORM, 401, 'invalid_client', 0],
    ['a wrong client id', { ...CREDENTIALS, client_id: 'someone' }, FORM, 401, 'invalid_client', 0],
    ['another grant type', { ...CREDENTIALS, grant_type: 'x' }, FORM, 400, 'unsupported_grant_type', 1],
    ['no grant type', { client_id: clientId }, FORM, 400, 'invalid_request', 1],
    ['the credentials as JSON', CREDENTIALS, JSON_TYPE, 400, 'invalid_request', 1],
  ])('answers %s with %i %s (bad credentials are a misconfiguration, no broken rule)', async (...row) => {
    const [, fields, type, status, error, violations] = row;
    const body = type === FORM ? new URLSearchParams(fields).toString() : JSON.stringify(fields);
    const res = await call(sim.url, 'POST', '/api/access/v1/oauth/token', type, body);
    expect([res.status, res.json.error]).toEqual([status, error]);
    expect((await lastEntry())?.violations).toHaveLength(violations);
  });
});

describe('bearer tokens on the subtask API', () => {
  it('refuses a call without a token, or with an unknown one, with 401 and WWW-Authenticate', async () => {
    const id = await newSubtask();
    const none = await put('status', id, { status: 'IN_PROGRESS' }, { authorization: '' });
    const unknown = await put('status', id, { status: 'IN_PROGRESS' }, { authorization: 'Bearer nope' });
    const answers = [none, unknown].map((r) => `${r.status} ${r.json.error}`);
    expect(answers).toEqual(['401 unauthorized', '401 invalid_token']);
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect((await admin.journal()).violations.map((v) => v.status)).toEqual([401, 401]);
    expect((await admin.subtask(id)).statusHistory).toHaveLength(1);
  });

  it('expires a token after its lifetime on the virtual clock; a new one works; a reset forgets it', async () => {
    const id = await newSubtask();
    await admin.advance(3_600_000 - 1);
    expect((await put('status', id, { status: 'IN_PROGRESS' })).status).toBe(200);
    await admin.advance(1);
    const expired = await put('status', id, { status: 'FAILED' });
    expect([expired.status, expired.json.error_description]).toEqual([401, 'expired bearer token']);
    bearer = `Bearer ${(await token()).json.access_token}`;
    expect((await put('status', id, { status: 'FAILED' })).status).toBe(200);
    await admin.reset(); // forgets every token
    expect((await put('status', await newSubtask(), { status: 'IN_PROGRESS' })).status).toBe(401);
  });

  it.each([
    [['DSAR_READ'], 403],
    [['DSAR'], 200],
    [['DSAR_WRITE'], 200],
  ])('with the scopes %j answers %i', (scopes, status) =>
    withOther({ scopes }, async (at, id) => {
      const res = await put('status', id, { status: 'IN_PROGRESS' }, {}, at);
      expect(res.status).toBe(status);
      if (status === 403) expect(res.json.error).toBe('insufficient_scope');
    }),
  );
});

describe('PUT /api/datasubject/v2/subtasks/{subtaskId}/status', () => {
  it('answers true, records each status with its comment and time; FAILED does not close', async () => {
    const id = await newSubtask();
    const longest = 'x'.repeat(1_500_000); // the documented maxLength
    const res = await put('status', id, { status: 'IN_PROGRESS', comment: longest });
    expect([res.status, res.json]).toEqual([200, true]);
    await admin.advance(60_000);
    expect((await put('status', id, { status: 'FAILED', comment: 'platform down' })).json).toBe(true);
    await admin.advance(60_000);
    await put('status', id, { status: 'COMPLETED', resolutionId: RESOLUTION, comment: null });
    const view = await admin.subtask(id);
    expect(view.statusHistory).toEqual([
      { status: 'OPEN', at: t0, source: 'created' },
      { status: 'IN_PROGRESS', at: t0, source: 'status', comment: longest },
      { status: 'FAILED', at: t0 + 60_000, source: 'status', comment: 'platform down' },
      { status: 'COMPLETED', at: t0 + 120_000, source: 'status', resolutionId: RESOLUTION },
    ]);
    expect([view.status, view.completedAt]).toEqual(['COMPLETED', t0 + 120_000]);
    expect((await admin.journal()).violations).toEqual([]);
  });

  it.each([
    ['status', 'no status', { comment: 'hi' }, /status: required/],
    ['status', 'an unknown status', { status: 'DONE' }, /status: must be one of IN_PROGRESS \| FAILED/],
    ['status', 'a lower-case status', { status: 'completed' }, /status: must be one of/],
    ['status', 'a status only OneTrust sets', { status: 'OPEN' }, /status: must be one of/],
    ['status', 'resolutionId with IN_PROGRESS', { status: 'IN_PROGRESS', resolutionId: RESOLUTION }, /only/],
    ['status', 'a resolutionId no UUID', { status: 'COMPLETED', resolutionId: 'done' }, /must be a UUID/],
    ['status', 'a comment no string', { status: 'FAILED', comment: 42 }, /comment: must be a string/],
    ['status', 'a comment too long', { status: 'FAILED', comment: 'x'.repeat(1_500_001) }, /1500000 char/],
    ['status', 'an undocumented field', { status: 'FAILED', reason: 'x' }, /undocumented field\(s\): reason/],
    ['status', 'an array', [{ status: 'FAILED' }], /a JSON object/],
    ['status', 'no body', '', /body is missing/],
    ['complete', 'no comment', { markAsComplete: true }, /comment: required/],
    ['complete', 'an empty comment', { comment: '' }, /comment: must be 1 to 1500000/],
    ['complete', 'markAsComplete no boolean', { comment: 'c', markAsComplete: 'yes' }, /must be a boolean/],
    ['complete', 'an unnamed attachment', withFiles([{ fileId: FILE.fileId }]), /fileName: required/],
    ['complete', 'an attachment id no UUID', withFiles([{ ...FILE, fileId: 'f' }]), /fileId/],
    ['complete', 'attachments no array', withFiles(FILE), /must be an array/],
  ])('%s answers 400 to %s, journaled, and changes nothing', async (what, _, body, why) => {
    const id = await newSubtask();
    const res = await put(what, id, body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: 400, error: 'Bad Request', path: expect.any(String) });
    expect(res.json.message).toMatch(why);
    expect((await lastEntry())?.violations[0]).toMatch(why);
    expect(await admin.subtask(id)).toMatchObject({ status: 'OPEN', comments: [] });
  });

  it('answers 400 to a text body or a subtask id that is no UUID, 404 to an unknown one', async () => {
    const plain = { 'content-type': 'text/plain' };
    const text = await put('status', await newSubtask(), '{"status":"FAILED"}', plain);
    expect(text.json.message).toBe('Content-Type must be application/json');
    const notUuid = await put('status', 'V4-00042', { status: 'FAILED' });
    const unknown = await put('status', RESOLUTION, { status: 'IN_PROGRESS' });
    expect([text.status, notUuid.status, unknown.status]).toEqual([400, 400, 404]);
    expect(unknown.json.path).toBe(`/api/datasubject/v2/subtasks/${RESOLUTION}/status`);
    expect((await admin.journal()).violations).toHaveLength(3);
  });
});

describe('PUT /api/datasubject/v2/subtasks/{subtaskId}/complete', () => {
  it('records comment, resolution and attachments and completes the subtask; 200, no body', async () => {
    const id = await newSubtask();
    await put('status', id, { status: 'IN_PROGRESS' });
    const at = await admin.advance(30 * 60_000); // within the token's hour
    const body = { comment: 'Erased. Certificate sha256:ab', markAsComplete: true, resolutionId: RESOLUTION };
    const res = await put('complete', id, { ...body, attachments: [FILE] });
    expect([res.status, res.text]).toEqual([200, '']);
    const view = await admin.subtask(id);
    expect(view.comments).toEqual([{ ...body, attachments: [FILE], at }]);
    const closing = { status: 'COMPLETED', at, source: 'complete', resolutionId: RESOLUTION };
    expect(view.statusHistory.at(-1)).toEqual(closing);
    expect([view.status, view.completedAt]).toEqual(['COMPLETED', at]);
  });

  it('only adds the comment when markAsComplete is not true', async () => {
    const id = await newSubtask();
    expect((await put('complete', id, { comment: 'halfway' })).status).toBe(200);
    const view = await admin.subtask(id);
    expect(view.comments).toEqual([{ comment: 'halfway', markAsComplete: false, at: t0 }]);
    expect([view.status, view.completedAt]).toEqual(['OPEN', undefined]);
  });
});

describe('a closed subtask', () => {
  it('refuses any further update after Lethe completed it, journaled as a broken rule', async () => {
    const id = await newSubtask();
    await put('status', id, { status: 'COMPLETED' });
    const again = await put('status', id, { status: 'FAILED' });
    await put('complete', id, { comment: 'late', markAsComplete: true });
    expect(again.json.message).toBe(`subtask ${id} is COMPLETED: it can no longer be updated`);
    expect((await admin.journal()).violations.map((v) => v.status)).toEqual([400, 400]);
    expect((await admin.subtask(id)).statusHistory.map((s) => s.status)).toEqual(['OPEN', 'COMPLETED']);
  });

  it.each([
    ['complete', { comment: 'done', markAsComplete: true }],
    ['status', { status: 'COMPLETED' }],
  ])('refuses the closing %s call repeated: journaled as a repeat, no rule broken', async (what, body) => {
    const id = await newSubtask();
    await put(what, id, body);
    expect((await put(what, id, body)).status).toBe(400);
    expect(await lastEntry()).toMatchObject({ status: 400, violations: [], repeatOf: id });
    expect((await admin.subtask(id)).statusHistory).toHaveLength(2);
  });

  it('refuses updates after an operator rejected it, without blaming Lethe', async () => {
    const id = await newSubtask();
    await admin.advance(5_000);
    const rejected = await admin.reject(id);
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectedAt: t0 + 5_000 });
    expect(rejected.statusHistory.at(-1)).toEqual({ status: 'REJECTED', at: t0 + 5_000, source: 'operator' });
    expect((await put('status', id, { status: 'IN_PROGRESS' })).status).toBe(400);
    expect((await lastEntry())?.violations).toEqual([]);
    await expect(admin.reject(id)).rejects.toThrow(/HTTP 409/);
    await expect(admin.trigger(id)).rejects.toThrow(/HTTP 409/);
  });

  it('answers closedSubtaskStatus when it is set to 409', () =>
    withOther({ closedSubtaskStatus: 409 }, async (at, id) => {
      await put('status', id, { status: 'REJECTED' }, {}, at);
      const res = await put('status', id, { status: 'FAILED' }, {}, at);
      expect([res.status, res.json.error]).toEqual([409, 'Conflict']);
    }));
});

describe('rate limiting', () => {
  it("answers 429 past the minute's limit with Retry-After and OneTrust's rate headers", async () => {
    const minute = await admin.setClock(Math.ceil(t0 / 60_000) * 60_000);
    await admin.rateLimit(3);
    const id = await newSubtask();
    for (let i = 0; i < 3; i++) expect((await put('status', id, { status: 'IN_PROGRESS' })).status).toBe(200);
    const limited = await put('status', id, { status: 'IN_PROGRESS' });
    expect(limited.status).toBe(429);
    expect(Object.fromEntries([...limited.headers].filter(([k]) => /^(retry-after|ot-)/.test(k)))).toEqual({
      'retry-after': '60',
      'ot-period': 'MINUTE',
      'ot-requests-allowed': '3',
      'ot-request-made': '4',
      'ot-ratelimit-event-id': expect.stringMatching(UUID),
    });
    expect((await lastEntry())?.violations).toEqual([]);
    // Each endpoint has its own count.
    expect((await put('complete', id, { comment: 'c' })).status).toBe(200);

    await admin.advance(30_000);
    const early = await put('status', id, { status: 'IN_PROGRESS' });
    const [retry, made] = [early.headers.get('retry-after'), early.headers.get('ot-request-made')];
    expect([early.status, retry, made]).toEqual([429, '30', '5']);
    expect((await lastEntry())?.violations[0]).toMatch(/before Retry-After elapsed/);
    await admin.setClock(minute + 60_000);
    expect((await put('status', id, { status: 'IN_PROGRESS' })).status).toBe(200);
    expect((await admin.subtask(id)).statusHistory).toHaveLength(5);
    // The token endpoint is not limited.
    for (let i = 0; i < 5; i++) expect((await token()).status).toBe(200);
  });
});

describe('the HTTP action (OneTrust → Lethe)', () => {
  it('POSTs exactly the documented JSON with the configured header, once, records the answer', async () => {
    const created = await admin.createSubtask({ identifiers: [EMAIL, PHONE] });
    const refId = expect.stringMatching(/^[A-Z0-9]{10}$/);
    expect(created).toEqual({ subtaskId: expect.stringMatching(UUID), requestRefId: refId });
    expect(intake.calls).toHaveLength(0);
    await admin.advance(1_000);
    const deliveries = await admin.trigger(created.subtaskId);
    expect(deliveries).toEqual([{ at: t0 + 1_000, status: 202, body: '{"erasureId":"e-1"}' }]);
    const { headers, text } = intake.calls[0] ?? { headers: {}, text: '' };
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe('Bearer onetrust-action-secret');
    // Byte for byte: these fields, in this order, nothing else.
    expect(text).toBe(
      JSON.stringify({
        subtaskId: created.subtaskId,
        requestRefId: created.requestRefId,
        identifiers: [EMAIL, PHONE],
        receivedAt: new Date(t0).toISOString(),
        deadline: new Date(t0 + 30 * DAY).toISOString(),
      }),
    );
    expect((await admin.subtask(created.subtaskId)).deliveries).toEqual(deliveries);
    expect((await admin.subtask(created.subtaskId)).status).toBe('OPEN');
  });

  it("carries the request's reference and deadline as created, and a replaced header value", async () => {
    const input = { requestRefId: 'V4-00042', identifiers: [PHONE], deadlineInDays: 45 };
    const { subtaskId } = await admin.createSubtask(input);
    intake.statuses = [401];
    expect(await admin.trigger(subtaskId, { headerValue: 'Bearer wrong' })).toMatchObject([{ status: 401 }]);
    const sent = intake.calls[0];
    expect(sent?.headers.authorization).toBe('Bearer wrong');
    const deadline = new Date(t0 + 45 * DAY).toISOString();
    expect(JSON.parse(sent?.text ?? '{}')).toMatchObject({ requestRefId: 'V4-00042', deadline });
  });

  it('makes one attempt by default, and up to `attempts`, stopping at the first 2xx', async () => {
    const id = await newSubtask();
    intake.statuses = [503, 503, 200, 503];
    expect((await admin.trigger(id)).map((d) => d.status)).toEqual([503]);
    expect((await admin.trigger(id, { attempts: 5 })).map((d) => d.status)).toEqual([503, 200]);
    expect(intake.calls).toHaveLength(3);
    expect((await admin.subtask(id)).deliveries.map((d) => d.status)).toEqual([503, 503, 200]);
  });

  it('records a connection failure as status 0, and refuses to run without an intake URL', async () => {
    const gone = await startIntake();
    await gone.close();
    await admin.intake(gone.url);
    const [failed] = await admin.trigger(await newSubtask());
    expect(failed).toMatchObject({ status: 0, body: '', error: expect.stringMatching(/fetch failed/) });
    await admin.reset();
    await expect(admin.trigger(await newSubtask())).rejects.toThrow(/HTTP 409.*intake URL/);
  });
});
