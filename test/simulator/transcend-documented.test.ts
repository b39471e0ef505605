/**
 * A second reading of the Transcend simulator, written from the documentation alone: the DSR-tool
 * contracts notes §1.1, the vendor pages they cite (webhook/new-privacy-request-job, PUT/v1/data-silo,
 * "Verify webhook signature") and transcend-io/examples (typescript/src/helpers/verifyWebhook.ts,
 * typescript/src/handleDSRWebhook.ts, python/main.py, python/cron.py), without reading the simulator's
 * routes. The webhooks land on a small HTTP receiver in this file; every call back goes over real HTTP
 * the documented way (`Authorization: Bearer <silo API key>`, `x-transcend-nonce`). The admin API only
 * configures the silo, creates requests, triggers deliveries, revokes, moves the clock and reads state.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtectedHeader, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CreatedRequest,
  type ForgeryKind,
  type NewRequestInput,
  TranscendAdminClient,
} from '../../src/simulator/privacy-tools/transcend/admin-client';
import {
  startTranscendSimulator,
  type TranscendSimulator,
} from '../../src/simulator/privacy-tools/transcend/server';
import { type CallInit, call, DAY, MINUTE, type Reply, utc } from '../helpers/documented-http';

/** The webhook's `type` enum (webhook/new-privacy-request-job). */
const REQUEST_TYPES = [
  'ACCESS',
  'ERASURE',
  'RECTIFICATION',
  'RESTRICTION',
  'BUSINESS_PURPOSE',
  'PLACE_ON_LEGAL_HOLD',
  'REMOVE_FROM_LEGAL_HOLD',
  'AUTOMATED_DECISION_MAKING_OPT_OUT',
  'USE_OF_SENSITIVE_INFORMATION_OPT_OUT',
  'CONTACT_OPT_OUT',
  'SALE_OPT_OUT',
  'TRACKING_OPT_OUT',
  'CUSTOM_OPT_OUT',
  'AUTOMATED_DECISION_MAKING_OPT_IN',
  'USE_OF_SENSITIVE_INFORMATION_OPT_IN',
  'SALE_OPT_IN',
  'TRACKING_OPT_IN',
  'CONTACT_OPT_IN',
  'CUSTOM_OPT_IN',
];
/** `status` of PUT /v1/data-silo: no other value exists. */
const STATUSES = ['READY', 'RESOLVED', 'SKIPPED', 'SKIPPED_DUE_TO_EXCEPTION', 'ACTION_REQUIRED', 'WAITING'];
/** `profileStatus` of PUT /v1/data-silo: no other value exists. */
const PROFILE_STATUSES = ['RESOLVED', 'SKIPPED', 'SKIPPED_DUE_TO_EXCEPTION', 'WAITING', 'ERROR'];
/** The forged tokens the admin API can send, each broken one documented way. */
const FORGERIES: readonly ForgeryKind[] = [
  'bad-signature',
  'expired',
  'wrong-audience',
  'wrong-scope',
  'no-token',
  'alg-none',
];
/** The suggested webhook path (webhook/new-privacy-request-job). */
const WEBHOOK_PATH = '/webhooks/transcend/dsr-job';
const KEY_PATH = '/public-keys/sombra-general-signing-key';

const ANN = { email: 'ann.example@example.org', phone: '+13115552368' };

/** One webhook as it reached the receiver. */
interface Captured {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: the webhook body is read as arbitrary JSON off the wire.
  readonly json: any;
}

/** The executor's side: a plain HTTP server that records every webhook and answers 200 (accepted). */
class Receiver {
  readonly captured: Captured[] = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    let receiver: Receiver | undefined;
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
        receiver?.captured.push({
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          text,
          json,
        });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new Receiver(server, `http://127.0.0.1:${port}`);
    return receiver;
  }

  /** The webhooks that carried one of these nonces. */
  withNonces(nonces: readonly string[]): Captured[] {
    return this.captured.filter((c) => nonces.includes(header(c.headers, 'x-transcend-nonce') ?? ''));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join() : value;
}

/** One simulator on a pinned clock, its silo's webhooks pointed at a local receiver. */
class Transcend {
  private constructor(
    readonly sim: TranscendSimulator,
    readonly admin: TranscendAdminClient,
    readonly receiver: Receiver,
  ) {}

  static async start(now: number, ratePerMinute = 10_000): Promise<Transcend> {
    const sim = await startTranscendSimulator({ realNow: () => now });
    const receiver = await Receiver.start();
    const admin = new TranscendAdminClient(sim.url);
    await admin.silo({ webhookUrl: `${receiver.url}${WEBHOOK_PATH}`, ratePerMinute });
    return new Transcend(sim, admin, receiver);
  }

  get apiKey(): string {
    return this.sim.context.options.apiKey;
  }
  get audience(): string {
    return this.sim.context.options.audience;
  }
  get dataSiloId(): string {
    return this.sim.context.options.dataSiloId;
  }

  /** Calls Sombra with the silo's API key unless `bearer` is given (or explicitly undefined). */
  api(path: string, init: CallInit = {}): Promise<Reply> {
    const bearer = 'bearer' in init ? init.bearer : this.apiKey;
    return call(`${this.sim.url}${path}`, { ...init, ...(bearer === undefined ? {} : { bearer }) });
  }

  /** `PUT /v1/data-silo` with the silo key and the job's nonce (a JSON body unless `body` is undefined). */
  report(nonce: string, body: unknown): Promise<Reply> {
    return this.api('/v1/data-silo', {
      method: 'PUT',
      headers: { 'x-transcend-nonce': nonce },
      ...(body === undefined ? {} : { json: body }),
    });
  }

  /** The public key, fetched the way verifyWebhook.ts does. */
  async publicKey(): Promise<KeyObject> {
    const reply = await this.api(KEY_PATH);
    if (reply.status !== 200) throw new Error(`${KEY_PATH}: HTTP ${reply.status} ${reply.text}`);
    return createPublicKey(reply.text);
  }

  /**
   * The documented check of an `x-sombra-token` (verifyWebhook.ts, python/main.py, "Verify webhook
   * signature"): ES384 only, the Sombra audience, `scope === 'coreIdentifier'`, on the platform's clock.
   */
  async verify(token: string | undefined): Promise<JWTPayload> {
    if (token === undefined || token === '') throw new Error('no x-sombra-token');
    const { payload } = await jwtVerify(token, await this.publicKey(), {
      algorithms: ['ES384'],
      audience: this.audience,
      currentDate: new Date(await this.admin.now()),
    });
    if (payload.scope !== 'coreIdentifier') throw new Error(`unexpected scope ${String(payload.scope)}`);
    return payload;
  }

  /** Creates a request, delivers its webhooks and answers them (one per identifier, in order). */
  async delivered(
    identifiers: ReadonlyArray<{ type: string; value: string }>,
    type = 'ERASURE',
  ): Promise<{ created: CreatedRequest; webhooks: Captured[] }> {
    const created = await this.admin.createRequest({
      type: type as NewRequestInput['type'],
      identifiers: [...identifiers],
    });
    await this.admin.deliver(created.id);
    const webhooks = this.receiver.withNonces(created.profiles.map((p) => p.nonce));
    return { created, webhooks };
  }

  /** The nonce of the webhook that carried `identifier` (taken off the wire, not from the admin API). */
  static nonceOf(webhooks: readonly Captured[], identifier: string): string {
    const hook = webhooks.find((w) => w.json?.extras?.profile?.identifier === identifier);
    const nonce = hook === undefined ? undefined : header(hook.headers, 'x-transcend-nonce');
    if (nonce === undefined) throw new Error(`no webhook for ${identifier}`);
    return nonce;
  }

  async reportsOf(requestId: string, nonce: string): Promise<ReadonlyArray<Record<string, unknown>>> {
    const view = await this.admin.request(requestId);
    const profile = view.profiles.find((p) => p.nonce === nonce);
    if (profile === undefined) throw new Error(`no profile with nonce ${nonce}`);
    return profile.reports as unknown as ReadonlyArray<Record<string, unknown>>;
  }

  async resolved(requestId: string, nonce: string): Promise<boolean> {
    const view = await this.admin.request(requestId);
    const profile = view.profiles.find((p) => p.nonce === nonce);
    if (profile === undefined) throw new Error(`no profile with nonce ${nonce}`);
    return profile.resolved;
  }

  async close(): Promise<void> {
    await this.sim.close();
    await this.receiver.close();
  }
}

function useTranscend(now: number, ratePerMinute?: number): () => Transcend {
  let t: Transcend | undefined;
  beforeAll(async () => {
    t = await Transcend.start(now, ratePerMinute);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => {
    if (t === undefined) throw new Error('simulator not started');
    return t;
  };
}

let serial = 0;
/** A fresh subject per test, so no test depends on another's requests. */
function subject(tag: string): { email: string; phone: string } {
  serial += 1;
  return { email: `${tag}-${serial}@example.org`, phone: `+1311555${String(1000 + serial).slice(-4)}` };
}

const is4xx = (status: number): boolean => status >= 400 && status < 500;

describe('The signing key: GET /public-keys/sombra-general-signing-key (verifyWebhook.ts)', () => {
  const t = useTranscend(utc(2027, 3, 1, 9));

  it('serves a PEM public key, an EC P-384 key fit for ES384, for Bearer <API key>', async () => {
    const reply = await t().api(KEY_PATH);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.text).toMatch(/-----BEGIN PUBLIC KEY-----/);
    const key = createPublicKey(reply.text);
    expect(key.asymmetricKeyType).toBe('ec');
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  });

  it('serves the same key on every fetch (the docs recommend caching it)', async () => {
    const first = await t().api(KEY_PATH);
    await t().admin.advance(30 * MINUTE);
    const second = await t().api(KEY_PATH);
    expect(second.status, second.text).toBe(200);
    expect(second.text).toBe(first.text);
  });

  it.each([
    ['no authorization', undefined],
    ['a wrong API key', 'not-the-silo-key'],
  ])('refuses the key with %s: 4xx, no key ("an authenticated route")', async (_name, bearer) => {
    const reply = await t().api(KEY_PATH, { bearer });
    expect(is4xx(reply.status), `HTTP ${reply.status} ${reply.text}`).toBe(true);
    expect(reply.text).not.toMatch(/BEGIN PUBLIC KEY/);
  });
});

describe('The "new privacy request job" webhook: one per identifier (webhook/new-privacy-request-job)', () => {
  const t = useTranscend(utc(2027, 3, 2, 9));
  let created: CreatedRequest;
  let webhooks: Captured[] = [];

  beforeAll(async () => {
    ({ created, webhooks } = await t().delivered([
      { type: 'email', value: ANN.email },
      { type: 'phone', value: ANN.phone },
    ]));
  });

  it('POSTs one webhook per identifier, as JSON, to the URL set on the silo', () => {
    expect(webhooks.length, JSON.stringify(webhooks.map((w) => w.json))).toBe(2);
    for (const hook of webhooks) {
      expect(hook.method).toBe('POST');
      expect(hook.path).toBe(WEBHOOK_PATH);
      expect(header(hook.headers, 'content-type')).toMatch(/^application\/json/);
    }
  });

  it('sends x-sombra-token and x-transcend-nonce on each, a distinct nonce per identifier', () => {
    const nonces = webhooks.map((w) => header(w.headers, 'x-transcend-nonce'));
    for (const hook of webhooks) expect(header(hook.headers, 'x-sombra-token')).toEqual(expect.any(String));
    expect(new Set(nonces).size).toBe(2);
    expect([...nonces].sort()).toEqual(created.profiles.map((p) => p.nonce).sort());
  });

  it('carries type, coreIdentifier.value and extras.request.{id, link}, the same request on each', () => {
    for (const hook of webhooks) {
      expect(hook.json, hook.text).toMatchObject({
        type: 'ERASURE',
        coreIdentifier: { value: ANN.email },
        extras: { request: { id: created.id, link: expect.any(String) } },
      });
      expect(hook.json.extras.request.link.length).toBeGreaterThan(0);
    }
  });

  it('carries extras.profile.{identifier, type}: each identifier exactly once, with its own type', () => {
    const profiles = webhooks.map((w) => w.json.extras.profile);
    expect(profiles.map((p) => p.identifier).sort()).toEqual([ANN.email, ANN.phone].sort());
    expect(profiles.find((p) => p.identifier === ANN.email)?.type).toBe('email');
    expect(profiles.find((p) => p.identifier === ANN.phone)?.type).toBe('phone');
  });

  it('carries x-sombra-token verifying as ES384 with the fetched key, the audience and scope coreIdentifier', async () => {
    for (const hook of webhooks) {
      const token = header(hook.headers, 'x-sombra-token') ?? '';
      expect(decodeProtectedHeader(token).alg).toBe('ES384');
      const payload = await t().verify(token);
      expect(payload.scope).toBe('coreIdentifier');
      // python/main.py: the verified token's `value` is the core identifier.
      expect(payload.value).toBe(hook.json.coreIdentifier.value);
    }
  });

  it.each(['ACCESS', 'RECTIFICATION'])('sends a %s request with that documented type', async (type) => {
    const s = subject(type.toLowerCase());
    const { webhooks: hooks } = await t().delivered([{ type: 'email', value: s.email }], type);
    expect(hooks.length).toBe(1);
    expect(REQUEST_TYPES).toContain(hooks[0]?.json.type);
    expect(hooks[0]?.json.type).toBe(type);
  });

  it('sends all three webhooks of a three-identifier request under one extras.request.id and coreIdentifier', async () => {
    const s = subject('three');
    const { created: req, webhooks: hooks } = await t().delivered([
      { type: 'email', value: s.email },
      { type: 'phone', value: s.phone },
      { type: 'userId', value: `user-${serial}` },
    ]);
    expect(hooks.length).toBe(3);
    for (const hook of hooks) {
      expect(hook.json.extras.request.id).toBe(req.id);
      expect(hook.json.coreIdentifier.value).toBe(s.email);
    }
  });
});

describe('Forged and expired tokens do not verify (Verify webhook signature)', () => {
  const t = useTranscend(utc(2027, 3, 3, 9));

  it.each(FORGERIES)('a %s webhook fails the documented verification', async (kind) => {
    const s = subject(kind);
    const created = await t().admin.createRequest({ identifiers: [{ type: 'email', value: s.email }] });
    const delivery = await t().admin.deliverForged(created.id, { kind });
    const hooks = t().receiver.withNonces([delivery.nonce]);
    expect(hooks.length, JSON.stringify(delivery)).toBe(1);
    await expect(t().verify(header(hooks[0]?.headers ?? {}, 'x-sombra-token'))).rejects.toThrow();
  });

  it('a genuine webhook delivered at the same instant does verify (the check itself is sound)', async () => {
    const s = subject('genuine');
    const { webhooks } = await t().delivered([{ type: 'email', value: s.email }]);
    await expect(t().verify(header(webhooks[0]?.headers ?? {}, 'x-sombra-token'))).resolves.toMatchObject({
      scope: 'coreIdentifier',
    });
  });
});

describe('Reporting: PUT /v1/data-silo (PUT/v1/data-silo)', () => {
  const T = utc(2027, 4, 1, 9);
  const t = useTranscend(T);

  /** A delivered one-or-two-identifier erasure, with the nonces off the wire. */
  const job = async (tag: string, both = false) => {
    const s = subject(tag);
    const identifiers = [{ type: 'email', value: s.email }];
    if (both) identifiers.push({ type: 'phone', value: s.phone });
    const { created, webhooks } = await t().delivered(identifiers);
    return {
      id: created.id,
      email: Transcend.nonceOf(webhooks, s.email),
      phone: both ? Transcend.nonceOf(webhooks, s.phone) : '',
    };
  };

  it('accepts Bearer <silo key> with the webhook’s nonce and an empty JSON body: 200', async () => {
    const j = await job('empty-json', true);
    const reply = await t().report(j.email, {});
    expect(reply.status, reply.text).toBe(200);
  });

  it('accepts a PUT with no body at all: 200 ("you can pass an empty body")', async () => {
    const j = await job('no-body', true);
    const reply = await t().report(j.email, undefined);
    expect(reply.status, reply.text).toBe(200);
  });

  it('takes an empty-body PUT as confirming the erasure of the nonce’s profile only', async () => {
    const j = await job('confirm', true);
    expect((await t().report(j.email, {})).status).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(true);
    expect(await t().resolved(j.id, j.phone)).toBe(false);
  });

  it.each([
    ['no authorization', { bearer: undefined }, true],
    ['a wrong API key', { bearer: 'not-the-silo-key' }, true],
    ['no x-transcend-nonce', {}, false],
  ])('refuses a report with %s: 4xx, nothing recorded', async (_name, auth, withNonce) => {
    const j = await job('auth', true);
    const reply = await t().api('/v1/data-silo', {
      method: 'PUT',
      json: { status: 'WAITING' },
      ...auth,
      ...(withNonce ? { headers: { 'x-transcend-nonce': j.email } } : {}),
    });
    expect(is4xx(reply.status), `HTTP ${reply.status} ${reply.text}`).toBe(true);
    expect(await t().reportsOf(j.id, j.email)).toEqual([]);
    expect(await t().resolved(j.id, j.email)).toBe(false);
  });

  it('refuses a report under a nonce Transcend never sent: 4xx', async () => {
    const reply = await t().report('never-issued-nonce', { status: 'READY' });
    expect(is4xx(reply.status), `HTTP ${reply.status} ${reply.text}`).toBe(true);
  });

  it.each(STATUSES)('accepts status %s: 200, recorded on the nonce’s profile', async (status) => {
    const j = await job(`status-${status}`, true);
    const reply = await t().report(j.email, { status });
    expect(reply.status, reply.text).toBe(200);
    const reports = await t().reportsOf(j.id, j.email);
    expect(reports.map((r) => r.status)).toEqual([status]);
  });

  it.each(PROFILE_STATUSES)('accepts profileStatus %s: 200', async (profileStatus) => {
    const j = await job(`profile-${profileStatus}`, true);
    const reply = await t().report(j.email, { profileStatus });
    expect(reply.status, reply.text).toBe(200);
    expect((await t().reportsOf(j.id, j.email)).length).toBe(1);
  });

  it('accepts the optional pollId and message alongside a status: 200', async () => {
    const j = await job('poll', true);
    const reply = await t().report(j.email, {
      status: 'WAITING',
      pollId: 'poll-1',
      message: 'still erasing',
    });
    expect(reply.status, reply.text).toBe(200);
  });

  it.each([
    ['status ERROR (a profileStatus only)', { status: 'ERROR' }],
    ['status DONE', { status: 'DONE' }],
    ['status ready (lower case)', { status: 'ready' }],
    ['status COMPILING', { status: 'COMPILING' }],
    ['profileStatus READY (a status only)', { profileStatus: 'READY' }],
    ['profileStatus ACTION_REQUIRED (a status only)', { profileStatus: 'ACTION_REQUIRED' }],
    ['profileStatus FAILED', { profileStatus: 'FAILED' }],
  ])('refuses %s: 400, nothing recorded', async (_name, body) => {
    const j = await job('undocumented', true);
    const reply = await t().report(j.email, body);
    expect(reply.status, reply.text).toBe(400);
    expect(await t().reportsOf(j.id, j.email)).toEqual([]);
    expect(await t().resolved(j.id, j.email)).toBe(false);
  });

  it.each(['READY', 'RESOLVED'])('status %s resolves the nonce’s profile, and only it', async (status) => {
    const j = await job(`resolve-${status}`, true);
    expect((await t().report(j.email, { status })).status).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(true);
    expect(await t().resolved(j.id, j.phone)).toBe(false);
  });

  it('profileStatus RESOLVED resolves the nonce’s profile', async () => {
    const j = await job('profile-resolved', true);
    expect((await t().report(j.email, { profileStatus: 'RESOLVED' })).status).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(true);
  });

  it.each([
    ['status', { status: 'WAITING' }],
    ['profileStatus', { profileStatus: 'WAITING' }],
  ])('WAITING (as %s) leaves the profile unresolved', async (_name, body) => {
    const j = await job('waiting', true);
    expect((await t().report(j.email, body)).status).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(false);
  });

  it('reuses the nonce: WAITING with a message, WAITING again, then READY; resolved only at the end', async () => {
    const j = await job('reuse', true);
    const first = await t().report(j.email, {
      status: 'WAITING',
      message: '2 open LivePerson conversations',
    });
    expect(first.status, first.text).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(false);
    await t().admin.advance(DAY);
    const second = await t().report(j.email, {
      status: 'WAITING',
      message: '1 open LivePerson conversation',
    });
    expect(second.status, second.text).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(false);
    await t().admin.advance(DAY);
    const last = await t().report(j.email, { status: 'READY' });
    expect(last.status, last.text).toBe(200);
    expect(await t().resolved(j.id, j.email)).toBe(true);
    const reports = await t().reportsOf(j.id, j.email);
    expect(reports.map((r) => r.status)).toEqual(['WAITING', 'WAITING', 'READY']);
    expect(reports[0]?.message).toBe('2 open LivePerson conversations');
  });

  it('answers 409 once the request is revoked, on every nonce', async () => {
    const j = await job('revoked', true);
    expect((await t().report(j.email, { status: 'WAITING' })).status).toBe(200);
    await t().admin.revoke(j.id);
    for (const nonce of [j.email, j.phone]) {
      const reply = await t().report(nonce, { status: 'READY' });
      expect(reply.status, reply.text).toBe(409);
    }
    expect((await t().reportsOf(j.id, j.email)).length).toBe(1);
  });

  it('answers 409 once the request is completed', async () => {
    const j = await job('completed', true);
    expect((await t().report(j.email, { status: 'READY' })).status).toBe(200);
    expect((await t().report(j.phone, { status: 'READY' })).status).toBe(200);
    let state = (await t().admin.request(j.id)).state;
    for (let day = 0; day < 60 && state !== 'completed'; day++) {
      await t().admin.advance(DAY);
      state = (await t().admin.request(j.id)).state;
    }
    expect(state).toBe('completed');
    for (const nonce of [j.email, j.phone]) {
      const reply = await t().report(nonce, { status: 'WAITING' });
      expect(reply.status, reply.text).toBe(409);
    }
  });
});

describe('Reporting is rate-limited: 429 (PUT/v1/data-silo)', () => {
  const t = useTranscend(utc(2027, 5, 1, 9), 2);

  it('answers 429 when the silo reports too fast, and records nothing for the refused call', async () => {
    const s = subject('rate');
    const { created, webhooks } = await t().delivered([{ type: 'email', value: s.email }]);
    const nonce = Transcend.nonceOf(webhooks, s.email);
    let limited: Reply | undefined;
    let accepted = 0;
    for (let i = 0; i < 10 && limited === undefined; i++) {
      const reply = await t().report(nonce, { status: 'WAITING' });
      if (reply.status === 429) limited = reply;
      else {
        expect(reply.status, reply.text).toBe(200);
        accepted += 1;
      }
    }
    expect(limited, 'no 429 in 10 reports at 2 per minute').toBeDefined();
    expect((await t().reportsOf(created.id, nonce)).length).toBe(accepted);
  });
});

describe('Pull: GET /v1/data-silo/{dataSiloId}/pending-requests/{type} (python/cron.py)', () => {
  const t = useTranscend(utc(2027, 6, 1, 9));
  const pending = (type: string, init: CallInit = {}) =>
    t().api(`/v1/data-silo/${encodeURIComponent(t().dataSiloId)}/pending-requests/${type}`, init);

  it('lists each identifier of an ERASURE request as an item with identifier and nonce', async () => {
    const s = subject('pull');
    const created = await t().admin.createRequest({
      identifiers: [
        { type: 'email', value: s.email },
        { type: 'phone', value: s.phone },
      ],
    });
    const reply = await pending('ERASURE');
    expect(reply.status, reply.text).toBe(200);
    expect(Array.isArray(reply.json?.items), reply.text).toBe(true);
    const mine = (reply.json.items as Array<{ identifier: string; nonce: string }>).filter((i) =>
      [s.email, s.phone].includes(i.identifier),
    );
    expect(mine.map((i) => i.identifier).sort()).toEqual([s.email, s.phone].sort());
    expect(mine.map((i) => i.nonce).sort()).toEqual(created.profiles.map((p) => p.nonce).sort());
  });

  it('accepts the listed nonce on PUT /v1/data-silo, and no longer lists the resolved item', async () => {
    const s = subject('pull-put');
    await t().admin.createRequest({ identifiers: [{ type: 'email', value: s.email }] });
    const before = await pending('ERASURE');
    const item = (before.json.items as Array<{ identifier: string; nonce: string }>).find(
      (i) => i.identifier === s.email,
    );
    expect(item, before.text).toBeDefined();
    const reply = await t().report(item?.nonce ?? '', { status: 'READY' });
    expect(reply.status, reply.text).toBe(200);
    const after = await pending('ERASURE');
    expect(after.json.items.map((i: { identifier: string }) => i.identifier)).not.toContain(s.email);
  });

  it('lists an ACCESS request under ACCESS and not under ERASURE', async () => {
    const s = subject('pull-access');
    await t().admin.createRequest({ type: 'ACCESS', identifiers: [{ type: 'email', value: s.email }] });
    const access = await pending('ACCESS');
    expect(access.status, access.text).toBe(200);
    expect(access.json.items.map((i: { identifier: string }) => i.identifier)).toContain(s.email);
    const erasure = await pending('ERASURE');
    expect(erasure.json.items.map((i: { identifier: string }) => i.identifier)).not.toContain(s.email);
  });

  it.each([
    ['no authorization', undefined],
    ['a wrong API key', 'not-the-silo-key'],
  ])('refuses the list with %s: 4xx, no items', async (_name, bearer) => {
    const s = subject('pull-auth');
    await t().admin.createRequest({ identifiers: [{ type: 'email', value: s.email }] });
    const reply = await pending('ERASURE', { bearer });
    expect(is4xx(reply.status), `HTTP ${reply.status} ${reply.text}`).toBe(true);
    expect(reply.text).not.toContain(s.email);
  });
});

describe('The cron loop: list, report each, until the list is empty (python/cron.py)', () => {
  const t = useTranscend(utc(2027, 7, 1, 9));

  it('drains the ERASURE list with documented calls only, and the journal records no violation', async () => {
    const people = [subject('cron'), subject('cron')];
    for (const p of people) {
      await t().admin.createRequest({
        identifiers: [
          { type: 'email', value: p.email },
          { type: 'phone', value: p.phone },
        ],
      });
    }
    const path = `/v1/data-silo/${encodeURIComponent(t().dataSiloId)}/pending-requests/ERASURE`;
    const reported: string[] = [];
    let items: Array<{ identifier: string; nonce: string }> = [];
    for (let round = 0; round < 10; round++) {
      const reply = await t().api(path);
      expect(reply.status, reply.text).toBe(200);
      items = reply.json.items;
      if (items.length === 0) break;
      for (const item of items) {
        const put = await t().report(item.nonce, { status: 'READY' });
        expect(put.status, put.text).toBe(200);
        reported.push(item.identifier);
      }
    }
    expect(items).toEqual([]);
    expect(reported.sort()).toEqual(people.flatMap((p) => [p.email, p.phone]).sort());
    const { violations } = await t().admin.journal();
    expect(violations, JSON.stringify(violations)).toEqual([]);
  });
});
