import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { close, listen } from '../../src/simulator/kit/http';
import { FidesAdminClient } from '../../src/simulator/privacy-tools/fides/admin-client';
import {
  CALLBACK_PATH,
  connectorContract,
  type FidesSimulator,
  startFidesSimulator,
} from '../../src/simulator/privacy-tools/fides/server';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const API_KEY = 'connector-key-under-test';
const EMAIL = 'ada@example.com';
const ROW = { id: 'lethe-person-0001', email: EMAIL };

/** One call Fides made to the stand-in. */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A stand-in for Lethe's intake: records every call and answers `status` (200 by default). */
class Lethe {
  readonly calls: Call[] = [];
  status = 200;
  url = '';
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://lethe');
      const body = Buffer.concat(chunks).toString('utf8');
      this.calls.push({
        method: req.method ?? '',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body,
      });
      res.writeHead(this.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(this.status === 200 ? { accepted: true } : { error: 'boom' }));
    });
  });

  async start(): Promise<this> {
    this.url = await listen(this.server);
    return this;
  }
  close(): Promise<void> {
    return close(this.server);
  }
  /** The `reply-to-token` of call `n`. */
  token(n: number): string {
    return String(this.calls[n]?.headers[connectorContract.replyTokenHeader] ?? '');
  }
}

let sim: FidesSimulator;
let admin: FidesAdminClient;
let lethe: Lethe;

beforeAll(async () => {
  sim = await startFidesSimulator({ realNow: () => T0, apiKey: API_KEY });
  admin = new FidesAdminClient(sim.url);
  lethe = await new Lethe().start();
});

afterAll(() => Promise.all([sim?.close(), lethe?.close()]));

beforeEach(async () => {
  await admin.reset();
  await admin.executor(lethe.url);
  lethe.calls.length = 0;
  lethe.status = 200;
});

/** POSTs a callback as Lethe would: JSON body, the token as bearer (or the given Authorization). */
async function callback(token: string | undefined, body: unknown, authorization = `Bearer ${token}`) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined || authorization !== 'Bearer undefined') headers.authorization = authorization;
  const res = await fetch(`${sim.url}${CALLBACK_PATH}`, {
    method: 'POST',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

async function waitUntil(test: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Creates and runs a request; answers its id and the access task's token. */
async function started(email = EMAIL): Promise<{ id: string; token: string }> {
  const id = await admin.createRequest({ email });
  await admin.run(id);
  return { id, token: lethe.token(lethe.calls.length - 1) };
}

/** Runs a request through its access callback; answers the erasure call's token. */
async function atErasure(): Promise<{ id: string; accessToken: string; token: string }> {
  const { id, token: accessToken } = await started();
  expect((await callback(accessToken, { access_results: [ROW] })).status).toBe(200);
  await waitUntil(() => lethe.calls.length === 2, 'the erasure call');
  await waitUntil(
    async () => (await admin.request(id)).tasks[1]?.status === 'awaiting_processing',
    'awaiting',
  );
  return { id, accessToken, token: lethe.token(1) };
}

describe('the access request Fides sends Lethe', () => {
  it('is GET /intake/fides/person?email=… with the bearer API key, reply-to and reply-to-token', async () => {
    const id = await admin.createRequest({ email: 'ada+x@example.com' });
    const run = await admin.run(id);
    expect(run.read).toEqual({ status: 200, body: '{"accepted":true}' });
    expect(lethe.calls).toHaveLength(1);
    const call = lethe.calls[0];
    expect(call?.method).toBe('GET');
    expect(call?.path).toBe('/intake/fides/person');
    expect([...(call?.query ?? [])]).toEqual([['email', 'ada+x@example.com']]);
    expect(call?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(call?.headers['reply-to']).toBe('/api/v1/request-task/callback');
    expect(lethe.token(0)).toMatch(/^[\w-]{40,}$/);
    expect(call?.body).toBe('');
    const view = await admin.request(id);
    expect(view.status).toBe('in_processing');
    expect(view.tasks.map((t) => [t.action, t.status])).toEqual([
      ['access', 'awaiting_processing'],
      ['erasure', 'pending'],
    ]);
    expect(view.tasks[0]?.sentAt).toBe(T0);
  });

  it('fails the task and the request when Lethe answers 500', async () => {
    lethe.status = 500;
    const { id, token } = await started();
    const view = await admin.request(id);
    expect(view.status).toBe('error');
    expect(view.tasks[0]).toMatchObject({ status: 'error', executorAnswer: { status: 500 } });
    expect(view.tasks[0]?.error).toContain('HTTP 500');
    const late = await callback(token, { access_results: [ROW] });
    expect(late.status).toBe(400);
    expect(late.json.detail).toContain("with privacy request status 'error'");
  });
});

describe('the callback flow', () => {
  it('goes access → erasure → complete', async () => {
    const { id, accessToken, token } = await atErasure();
    const erasure = lethe.calls[1];
    expect(erasure?.method).toBe('POST');
    expect(erasure?.path).toBe('/intake/fides/erasure');
    expect(erasure?.headers['content-type']).toBe('application/json');
    expect(erasure?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(erasure?.headers['reply-to']).toBe(CALLBACK_PATH);
    expect(token).not.toBe(accessToken);
    expect(JSON.parse(erasure?.body ?? '')).toEqual({ email: EMAIL, person_id: ROW.id });
    const done = await callback(token, { rows_masked: 3 });
    expect(done).toMatchObject({ status: 200, json: { task_queued: true } });
    const view = await admin.request(id);
    expect(view).toMatchObject({ status: 'complete', accessRows: [ROW], rowsMasked: 3 });
    expect(view.tasks.map((t) => t.status)).toEqual(['complete', 'complete']);
    expect(view.tasks[1]?.callbacks).toEqual([{ body: { rows_masked: 3 }, at: T0, status: 200 }]);
    expect((await admin.journal()).violations).toEqual([]);
  });

  it('completes the request without an erasure call when Lethe holds nobody', async () => {
    const { id, token } = await started();
    expect((await callback(token, { access_results: [] })).status).toBe(200);
    const view = await admin.request(id);
    expect(view.status).toBe('complete');
    expect(view.tasks.map((t) => t.status)).toEqual(['complete', 'complete']);
    expect(view.accessRows).toBeUndefined();
    expect(lethe.calls).toHaveLength(1);
  });

  it('takes {} as done, but journals that the access task carried no results', async () => {
    const { id, token } = await started();
    expect((await callback(token, {})).status).toBe(200);
    expect((await admin.request(id)).status).toBe('complete');
    const { violations } = await admin.journal();
    expect(violations.flatMap((v) => v.violations)).toEqual([
      expect.stringContaining('access_results is missing'),
    ]);
  });

  it('fails the task once it waited past the callback timeout', async () => {
    const { id } = await started();
    await admin.advance(30 * DAY + 1);
    const view = await admin.request(id);
    expect(view.status).toBe('error');
    expect(view.tasks[0]).toMatchObject({ status: 'error', error: 'Callback task timed out' });
  });
});

describe('the callback token', () => {
  it('is required as a bearer: 401 without one', async () => {
    const { id } = await started();
    const none = await callback(undefined, {});
    expect(none).toMatchObject({ status: 401, json: { detail: 'Failed to authenticate' } });
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const basic = await callback(undefined, {}, 'Basic dXNlcjpwYXNz');
    expect(basic.status).toBe(401);
    expect((await admin.request(id)).tasks[0]?.status).toBe('awaiting_processing');
  });

  it('must be one Fides issued: 403 otherwise, journaled', async () => {
    await started();
    const forged = await callback('not-a-token', {});
    expect(forged).toMatchObject({ status: 403, json: { detail: 'Not Authorized for this action' } });
    const apiKey = await callback(API_KEY, {});
    expect(apiKey.status).toBe(403);
    const { violations } = await admin.journal();
    expect(violations.map((v) => v.status)).toEqual([403, 403]);
  });

  it('expires after privacy_request_delay_timeout (3600 minutes): 403', async () => {
    const { id, token } = await started();
    await admin.advance(60 * HOUR + 1);
    const late = await callback(token, { access_results: [ROW] });
    expect(late).toMatchObject({ status: 403, json: { detail: 'Request Task token expired' } });
    expect((await admin.request(id)).tasks[0]?.status).toBe('awaiting_processing');
  });
});

describe('the callback body', () => {
  it.each([
    [{ rows_masked: 'three' }, 'int_parsing', ['body', 'rows_masked']],
    [{ rows_masked: 1.5 }, 'int_from_float', ['body', 'rows_masked']],
    [{ rows_masked: {} }, 'int_type', ['body', 'rows_masked']],
    [{ access_results: 'x' }, 'list_type', ['body', 'access_results']],
    [{ access_results: [ROW, 7] }, 'dict_type', ['body', 'access_results', 1]],
    [[ROW], 'model_attributes_type', ['body']],
    [undefined, 'missing', ['body']],
  ])('%j is a 422 (%s), and the task still waits', async (body, type, loc) => {
    const { id, token } = await started();
    const res = await callback(token, body);
    expect(res.status).toBe(422);
    expect(res.json.detail).toEqual([expect.objectContaining({ type, loc })]);
    expect((await admin.request(id)).tasks[0]?.status).toBe('awaiting_processing');
    expect((await admin.journal()).violations).toHaveLength(1);
  });

  it('takes what pydantic coerces or ignores, and journals each breach of the connector contract', async () => {
    const { id, token } = await atErasure();
    const res = await callback(token, { rows_masked: '4', note: 'x' });
    expect(res.status).toBe(200);
    expect((await admin.request(id)).rowsMasked).toBe(4);
    const breaches = (await admin.journal()).violations.flatMap((v) => v.violations);
    expect(breaches).toEqual([
      expect.stringContaining('undocumented field(s) note'),
      expect.stringContaining('rows_masked must be a JSON integer'),
    ]);
  });
});

describe('callbacks in the wrong state', () => {
  it('answer 400; the same callback again is a repeat, another one a violation', async () => {
    const { id, accessToken } = await atErasure();
    const again = await callback(accessToken, { access_results: [ROW] });
    expect(again.status).toBe(400);
    expect(again.json.detail).toMatch(
      /^Callback failed\. Cannot queue access task '[\w-]+' with request task status 'complete'$/,
    );
    const other = await callback(accessToken, { access_results: [] });
    expect(other.status).toBe(400);
    const entries = (await admin.journal()).entries.filter((e) => e.path === CALLBACK_PATH);
    expect(entries.map((e) => [e.status, e.repeatOf, e.violations.length])).toEqual([
      [200, undefined, 0],
      [400, id, 0],
      [400, undefined, 1],
    ]);
  });

  it('answer 400 after an operator cancels, with no erasure call (not Lethe’s breach)', async () => {
    const { id, token } = await started();
    expect(await admin.cancel(id)).toEqual({ id, status: 'canceled' });
    const res = await callback(token, { access_results: [ROW] });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain("with privacy request status 'canceled'");
    expect(lethe.calls).toHaveLength(1);
    expect((await admin.request(id)).tasks[0]?.status).toBe('awaiting_processing');
    expect((await admin.journal()).violations).toEqual([]);
  });

  it('answer 400 after the request completed', async () => {
    const { token } = await atErasure();
    expect((await callback(token, { rows_masked: 1 })).status).toBe(200);
    const repeat = await callback(token, { rows_masked: 1 });
    expect(repeat.status).toBe(400);
    expect(repeat.json.detail).toContain("with privacy request status 'complete'");
  });
});
