/**
 * A second reading of the Fides simulator, written from the documentation alone: the DSR-tool contracts
 * notes §1.2 and ethyca/fides (tests/fixtures/saas/test_data/saas_async_callback_config.yml;
 * privacy_request_endpoints.py `request_task_async_callback`; schemas/privacy_request.py
 * `RequestTaskCallbackRequest`; oauth/utils.py `verify_request_task_callback`, `_get_request_task_jwe_or_error`,
 * `is_callback_token_expired`; schemas/oauth.py `OAuth2ClientCredentialsBearer`; lib/exceptions.py;
 * query_configs/saas_query_config.py `reply_to` / `reply_to_token`), without reading the simulator's routes.
 * Fides sends the connector's requests (deploy/fides/lethe-saas-config.yml) to a small executor in this
 * file, which records them and answers 200 at once; the tests then call the callback endpoint the way an
 * executor does, with the `reply-to` path and the `reply-to-token` it was sent. The admin API only points
 * the connector at the executor, creates, runs and cancels requests, moves the clock and reads state.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FidesAdminClient, type RequestView } from '../../src/simulator/privacy-tools/fides/admin-client';
import {
  CALLBACK_PATH,
  connectorContract,
  type FidesSimulator,
  startFidesSimulator,
} from '../../src/simulator/privacy-tools/fides/server';
import { call, MINUTE, type Reply, utc } from '../helpers/documented-http';

const T0 = utc(2026, 4, 14, 8, 30);
const API_KEY = 'documented-reading-connector-key';
/** saas_query_config.py: `param_values[REPLY_TO] = V1_URL_PREFIX + REQUEST_TASK_CALLBACK` (urn_registry.py). */
const REPLY_TO = '/api/v1/request-task/callback';
/** ExecutionSettings.privacy_request_delay_timeout: "The amount of time to wait, in minutes …", default 3600. */
const DELAY_TIMEOUT_MS = 3600 * MINUTE;
const ANN = 'ann.example@example.org';
const BOB = 'bob.example@example.org';

/** The shipped connector configuration, read as text (no YAML parser in the repo). */
const SAAS_YAML = readFileSync(join(__dirname, '../../deploy/fides/lethe-saas-config.yml'), 'utf8');

/** One `requests.<name>` block of the shipped YAML: its method, path, query params, body and headers. */
function yamlRequest(name: 'read' | 'update') {
  const lines = SAAS_YAML.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${name}:`);
  if (start < 0) throw new Error(`no ${name} request in the YAML`);
  const indent = (l: string) => l.length - l.trimStart().length;
  const own = indent(lines[start] ?? '');
  const block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && indent(line) <= own) break;
    block.push(line);
  }
  const text = block.join('\n');
  const scalar = (key: string) => text.match(new RegExp(`^\\s+${key}: (.+)$`, 'm'))?.[1]?.trim();
  const pairs = (section: string): Array<[string, string]> => {
    const m = text.match(new RegExp(`^\\s+${section}:\\n((?:\\s+- name: .+\\n\\s+value: .+\\n?)+)`, 'm'));
    if (!m?.[1]) return [];
    return [...m[1].matchAll(/- name: (.+)\n\s+value: (.+)/g)].map((p) => [
      (p[1] ?? '').trim(),
      (p[2] ?? '').trim(),
    ]);
  };
  const bodyMatch = text.match(/^( +)body: \|\n((?:\1 {2}.*\n?)+)/m);
  return {
    method: scalar('method'),
    path: scalar('path'),
    query: pairs('query_params'),
    headers: pairs('headers'),
    body: bodyMatch?.[2],
    strategy: scalar('strategy'),
  };
}

const READ = yamlRequest('read');
const UPDATE = yamlRequest('update');

/** One call Fides made to the executor. */
interface Captured {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the request body is read as arbitrary JSON off the wire.
  readonly json: any;
}

/** Lethe's intake as the connector sees it: records every call and answers 200 at once. */
class Executor {
  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly captured: Captured[],
  ) {}

  static async start(): Promise<Executor> {
    const captured: Captured[] = [];
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
        const url = new URL(req.url ?? '/', 'http://executor');
        captured.push({
          method: req.method ?? '',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          text,
          json,
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new Executor(server, `http://127.0.0.1:${port}`, captured);
  }

  reads(email: string): Captured[] {
    return this.captured.filter((c) => c.path === READ.path && c.query.get('email') === email);
  }

  erasures(email?: string): Captured[] {
    return this.captured.filter(
      (c) => c.path === UPDATE.path && (email === undefined || c.json?.email === email),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join() : value;
}

/** Polls `probe` (real time, lightly) until it answers something truthy; throws after `ms`. */
async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 3000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const settle = (ms = 300) => new Promise((r) => setTimeout(r, ms));

/** One simulator on a pinned clock with its connector pointed at a fresh executor. */
class Fides {
  private constructor(
    readonly sim: FidesSimulator,
    readonly admin: FidesAdminClient,
    readonly executor: Executor,
  ) {}

  static async start(): Promise<Fides> {
    const executor = await Executor.start();
    const sim = await startFidesSimulator({ realNow: () => T0, apiKey: API_KEY });
    const admin = new FidesAdminClient(sim.url);
    await admin.executor(executor.url);
    return new Fides(sim, admin, executor);
  }

  /** Creates a request for `email` and runs it: answers its id and the read call Fides sent. */
  async started(email = ANN) {
    const id = await this.admin.createRequest({ email });
    const run = await this.admin.run(id);
    const read = this.executor.reads(email)[0];
    if (read === undefined) throw new Error(`no read request reached the executor for ${email}`);
    return { id, run, read };
  }

  /** What an executor does when it is done: POST `{fides}{reply-to}` with `Bearer <reply-to-token>`. */
  callback(sent: Captured, body: unknown, init: { bearer?: string; headers?: Record<string, string> } = {}) {
    const replyTo = header(sent.headers, 'reply-to') ?? REPLY_TO;
    const bearer = init.bearer ?? header(sent.headers, 'reply-to-token');
    return call(`${this.sim.url}${replyTo}`, {
      method: 'POST',
      json: body,
      ...(init.headers === undefined && bearer !== undefined ? { bearer } : {}),
      ...(init.headers !== undefined ? { headers: init.headers } : {}),
    });
  }

  /** Posts to the callback endpoint with exactly these headers and raw body. */
  raw(headers: Record<string, string>, body?: string): Promise<Reply> {
    return fetch(`${this.sim.url}${REPLY_TO}`, {
      method: 'POST',
      headers,
      ...(body !== undefined ? { body } : {}),
    }).then(async (res) => {
      const text = await res.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: res.status, headers: res.headers, text, json };
    });
  }

  task(view: RequestView, action: 'access' | 'erasure') {
    const task = view.tasks.find((t) => t.action === action);
    if (task === undefined) throw new Error(`no ${action} task`);
    return task;
  }

  /** Waits until the request's task of `action` has `status`. */
  taskReaches(id: string, action: 'access' | 'erasure', status: string): Promise<RequestView> {
    return waitFor(async () => {
      const view = await this.admin.request(id);
      return this.task(view, action).status === status ? view : undefined;
    }, `${action} task ${status}`);
  }

  /** Waits for the erasure request for `email`. */
  erasureFor(email: string): Promise<Captured> {
    return waitFor(() => this.executor.erasures(email)[0], `the erasure request for ${email}`);
  }

  async close(): Promise<void> {
    await this.sim.close();
    await this.executor.close();
  }
}

let open: Fides[] = [];
async function fides(): Promise<Fides> {
  const f = await Fides.start();
  open.push(f);
  return f;
}
afterEach(async () => {
  const closing = open;
  open = [];
  await Promise.all(closing.map((f) => f.close()));
});

const ROWS = [{ id: 'lethe-person-7f3a', email: ANN }];

describe('the shipped connector configuration (lethe-saas-config.yml)', () => {
  it('uses the callback strategy with the reply-to headers of saas_async_callback_config.yml on read and update', () => {
    for (const request of [READ, UPDATE]) {
      expect(request.strategy).toBe('callback');
      expect(request.headers).toEqual([
        ['reply-to', '<reply_to>'],
        ['reply-to-token', '<reply_to_token>'],
      ]);
    }
    expect(SAAS_YAML).toMatch(/strategy: bearer\n\s+configuration:\n\s+token: <api_key>/);
  });

  it('is what the simulator says it executes (connectorContract)', () => {
    expect(connectorContract.read).toMatchObject({ method: READ.method, path: READ.path });
    expect(connectorContract.read.identityQueryParam).toBe(READ.query[0]?.[0]);
    expect(connectorContract.erasure).toMatchObject({ method: UPDATE.method, path: UPDATE.path });
    expect(connectorContract.replyToHeader).toBe('reply-to');
    expect(connectorContract.replyTokenHeader).toBe('reply-to-token');
    expect(CALLBACK_PATH).toBe(REPLY_TO);
  });
});

describe('the requests Fides sends to the executor', () => {
  it('sends the read as the YAML has it: GET, path, email query, bearer api_key, reply-to and a token', async () => {
    const f = await fides();
    const { run, read } = await f.started(ANN);
    expect(run.read.status).toBe(200);
    expect(read.method).toBe(READ.method);
    expect(read.path).toBe(READ.path);
    expect([...read.query.entries()]).toEqual([['email', ANN]]);
    expect(READ.query).toEqual([['email', '<email>']]);
    expect(header(read.headers, 'authorization')).toBe(`Bearer ${API_KEY}`);
    expect(header(read.headers, 'reply-to')).toBe(REPLY_TO);
    expect(header(read.headers, 'reply-to-token') ?? '').not.toBe('');
    expect(f.executor.captured).toHaveLength(1);
  });

  it('runs access before erasure: no erasure request until the access task is called back', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    const view = await f.admin.request(id);
    expect(view.status).toBe('in_processing');
    expect(f.task(view, 'access').status).toBe('awaiting_processing');
    await settle();
    expect(f.executor.erasures()).toEqual([]);

    const reply = await f.callback(read, { access_results: ROWS });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ task_queued: true });
    await f.erasureFor(ANN);
    const readIndex = f.executor.captured.indexOf(read);
    const erasureIndex = f.executor.captured.findIndex((c) => c.path === UPDATE.path);
    expect(readIndex).toBeLessThan(erasureIndex);
  });

  it('sends the erasure as the YAML has it: POST, path, body with email and the person id of the access row', async () => {
    const f = await fides();
    const { read } = await f.started(ANN);
    await f.callback(read, { access_results: ROWS });
    const erasure = await f.erasureFor(ANN);
    expect(erasure.method).toBe(UPDATE.method);
    expect(erasure.path).toBe(UPDATE.path);
    expect(JSON.parse(UPDATE.body ?? '')).toEqual({ email: '<email>', person_id: '<person_id>' });
    expect(erasure.json).toEqual({ email: ANN, person_id: ROWS[0]?.id });
    expect(header(erasure.headers, 'authorization')).toBe(`Bearer ${API_KEY}`);
    expect(header(erasure.headers, 'reply-to')).toBe(REPLY_TO);
    const token = header(erasure.headers, 'reply-to-token') ?? '';
    expect(token).not.toBe('');
    // The JWE names the request task: the erasure task's token is not the access task's.
    expect(token).not.toBe(header(read.headers, 'reply-to-token'));
  });

  it('does not call the erasure when the access callback returned no rows (notes §1.2 caveat)', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    const reply = await f.callback(read, {});
    expect(reply.status, reply.text).toBe(200);
    await f.taskReaches(id, 'access', 'complete');
    await settle();
    expect(f.executor.erasures()).toEqual([]);
  });
});

describe('a callback completes its task and then the request', () => {
  it('access_results and rows_masked are kept, the tasks and the request complete', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    expect((await f.callback(read, { access_results: ROWS })).json).toEqual({ task_queued: true });
    const erasure = await f.erasureFor(ANN);
    const afterAccess = await f.admin.request(id);
    expect(afterAccess.accessRows).toEqual(ROWS);

    const reply = await f.callback(erasure, { rows_masked: 1 });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ task_queued: true });
    const view = await waitFor(async () => {
      const v = await f.admin.request(id);
      return v.status === 'complete' ? v : undefined;
    }, 'the request to complete');
    expect(view.tasks.map((t) => t.status)).toEqual(['complete', 'complete']);
    expect(view.rowsMasked).toBe(1);
    expect(view.accessRows).toEqual(ROWS);
  });

  it('an empty body alone means "done" for the erasure task too', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.callback(read, { access_results: ROWS });
    const erasure = await f.erasureFor(ANN);
    const reply = await f.callback(erasure, {});
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ task_queued: true });
    await waitFor(async () => (await f.admin.request(id)).status === 'complete', 'the request to complete');
  });

  it('keeps access_results only from an access task and rows_masked only from an erasure task', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.callback(read, { access_results: ROWS, rows_masked: 7 });
    const erasure = await f.erasureFor(ANN);
    expect((await f.admin.request(id)).rowsMasked).not.toBe(7);
    await f.callback(erasure, { access_results: [{ id: 'someone-else', email: BOB }], rows_masked: 1 });
    const view = await waitFor(async () => {
      const v = await f.admin.request(id);
      return v.status === 'complete' ? v : undefined;
    }, 'the request to complete');
    expect(view.accessRows).toEqual(ROWS);
    expect(view.rowsMasked).toBe(1);
  });

  it('the token names its task: another request’s token moves that request only', async () => {
    const f = await fides();
    const ann = await f.started(ANN);
    const bob = await f.started(BOB);
    const reply = await f.callback(bob.read, { access_results: [{ id: 'lethe-person-b0b', email: BOB }] });
    expect(reply.status, reply.text).toBe(200);
    const bobErasure = await f.erasureFor(BOB);
    expect(bobErasure.json).toEqual({ email: BOB, person_id: 'lethe-person-b0b' });
    const annView = await f.admin.request(ann.id);
    expect(f.task(annView, 'access').status).toBe('awaiting_processing');
    expect(f.executor.erasures(ANN)).toEqual([]);
  });
});

describe('the callback needs the task’s reply-to-token as bearer', () => {
  it('refuses no Authorization and a non-Bearer scheme with 401 (InvalidAuthorizationSchemeError)', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    const token = header(read.headers, 'reply-to-token') ?? '';
    const none = await f.raw({ 'content-type': 'application/json' }, '{}');
    const basic = await f.raw({ 'content-type': 'application/json', authorization: `Basic ${token}` }, '{}');
    for (const reply of [none, basic]) {
      expect(reply.status, reply.text).toBe(401);
      expect(reply.json).toEqual({ detail: 'Failed to authenticate' });
      expect(reply.headers.get('www-authenticate')).toBe('Bearer');
    }
    expect(f.task(await f.admin.request(id), 'access').status).toBe('awaiting_processing');
  });

  it('refuses any other bearer (the api_key, a forged or altered token) with 403 and leaves the task waiting', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    const token = header(read.headers, 'reply-to-token') ?? '';
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    const altered = `${token.slice(0, -1)}${last}`;
    for (const bearer of [API_KEY, 'not-a-jwe', altered]) {
      const reply = await f.callback(read, { access_results: ROWS }, { bearer });
      expect(reply.status, `${bearer}: ${reply.text}`).toBe(403);
      expect(reply.json).toEqual({ detail: 'Not Authorized for this action' });
    }
    const view = await f.admin.request(id);
    expect(f.task(view, 'access').status).toBe('awaiting_processing');
    expect(f.task(view, 'access').callbacks).toEqual([]);
    await settle(100);
    expect(f.executor.erasures()).toEqual([]);
    // The real token still works afterwards.
    expect((await f.callback(read, { access_results: ROWS })).status).toBe(200);
  });
});

describe('the body is RequestTaskCallbackRequest', () => {
  const invalid: Array<[string, string | undefined]> = [
    ['access_results not a list', JSON.stringify({ access_results: { id: 'x' } })],
    ['access_results rows that are not objects', JSON.stringify({ access_results: [1, 2] })],
    ['access_results rows that are strings', JSON.stringify({ access_results: ['x'] })],
    ['rows_masked a word', JSON.stringify({ rows_masked: 'many' })],
    ['rows_masked a fraction', JSON.stringify({ rows_masked: 1.5 })],
    ['a list instead of an object', JSON.stringify([])],
    ['no body at all (the body parameter is required)', undefined],
  ];
  for (const [what, body] of invalid) {
    it(`refuses ${what} with 422 and leaves the task waiting`, async () => {
      const f = await fides();
      const { id, read } = await f.started(ANN);
      const token = header(read.headers, 'reply-to-token') ?? '';
      const reply = await f.raw(
        {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          authorization: `Bearer ${token}`,
        },
        body,
      );
      expect(reply.status, reply.text).toBe(422);
      expect(f.task(await f.admin.request(id), 'access').status).toBe('awaiting_processing');
    });
  }

  it('takes nulls (both fields are Optional) and ignores unknown fields', async () => {
    const f = await fides();
    const { read } = await f.started(ANN);
    const reply = await f.callback(read, { access_results: null, rows_masked: null, note: 'extra' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ task_queued: true });
  });
});

describe('400 unless the request is in processing and the task awaiting processing', () => {
  it('refuses the callback of a cancelled request', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.admin.cancel(id);
    const reply = await f.callback(read, { access_results: ROWS });
    expect(reply.status, reply.text).toBe(400);
    expect(reply.json?.detail).toMatch(
      /^Callback failed\. Cannot queue .*access task '.+' with privacy request status 'canceled'$/,
    );
    await settle();
    expect(f.executor.erasures()).toEqual([]);
  });

  it('refuses a second callback for a task that is no longer awaiting processing, even the same body', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    expect((await f.callback(read, { access_results: ROWS })).status).toBe(200);
    await f.erasureFor(ANN);
    for (const body of [{ access_results: ROWS }, {}]) {
      const reply = await f.callback(read, body);
      expect(reply.status, reply.text).toBe(400);
      expect(reply.json?.detail).toMatch(
        /^Callback failed\. Cannot queue .*access task '.+' with request task status '(pending|complete)'$/,
      );
    }
    expect((await f.admin.request(id)).accessRows).toEqual(ROWS);
    expect(f.executor.erasures(ANN)).toHaveLength(1);
  });

  it('refuses the erasure token once the request is complete', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.callback(read, { access_results: ROWS });
    const erasure = await f.erasureFor(ANN);
    expect((await f.callback(erasure, { rows_masked: 1 })).status).toBe(200);
    await waitFor(async () => (await f.admin.request(id)).status === 'complete', 'the request to complete');
    const again = await f.callback(erasure, { rows_masked: 1 });
    expect(again.status, again.text).toBe(400);
    expect(again.json?.detail).toMatch(/with privacy request status 'complete'$/);
  });
});

describe('the token expires after privacy_request_delay_timeout minutes (default 3600)', () => {
  it('is still taken at exactly 3600 minutes after it was issued (`>` in is_callback_token_expired)', async () => {
    const f = await fides();
    const { read } = await f.started(ANN);
    await f.admin.advance(DELAY_TIMEOUT_MS);
    const reply = await f.callback(read, { access_results: ROWS });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({ task_queued: true });
  });

  it('is refused with 403 "Request Task token expired" a second later; the task is left waiting', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.admin.advance(DELAY_TIMEOUT_MS + 1000);
    const reply = await f.callback(read, { access_results: ROWS });
    expect(reply.status, reply.text).toBe(403);
    expect(reply.json).toEqual({ detail: 'Request Task token expired' });
    expect(f.task(await f.admin.request(id), 'access').status).toBe('awaiting_processing');
    await settle(100);
    expect(f.executor.erasures()).toEqual([]);
  });

  it('counts each token from its own issue; an expired token is refused (403) before the task state (400)', async () => {
    const f = await fides();
    const { id, read } = await f.started(ANN);
    await f.admin.advance(59 * 60 * MINUTE);
    expect((await f.callback(read, { access_results: ROWS })).status).toBe(200);
    const erasure = await f.erasureFor(ANN);
    await f.admin.advance(59 * 60 * MINUTE);
    // 118 h after the access token was issued: expired, though the task's state alone would give 400.
    const stale = await f.callback(read, {});
    expect(stale.status, stale.text).toBe(403);
    expect(stale.json).toEqual({ detail: 'Request Task token expired' });
    // 59 h after the erasure token was issued: still good.
    const reply = await f.callback(erasure, { rows_masked: 1 });
    expect(reply.status, reply.text).toBe(200);
    await waitFor(async () => (await f.admin.request(id)).status === 'complete', 'the request to complete');
  });
});
