import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, importSPKI, type JWTPayload, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import {
  type ForgeryKind,
  TranscendAdminClient,
} from '../../src/simulator/privacy-tools/transcend/admin-client';
import {
  startTranscendSimulator,
  type TranscendSimulator,
} from '../../src/simulator/privacy-tools/transcend/server';

const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
const DAY = 86_400_000;
const EMAIL = { type: 'email', value: 'ada@example.com' };
const PHONE = { type: 'phone', value: '+15550100' };

/** A stand-in for Lethe's intake: records every webhook and answers `status` (204: no body). */
class Receiver {
  readonly calls: Array<{ headers: IncomingHttpHeaders; body: unknown }> = [];
  status = 200;
  url = '';
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.calls.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(this.status).end(this.status === 204 ? undefined : 'accepted');
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks/transcend/dsr-job`;
    return this;
  }
  close(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let sim: TranscendSimulator;
let admin: TranscendAdminClient;
let receiver: Receiver;
/** The simulator's time when each test starts (a reset keeps the clock: it never goes back). */
let t0: number;

beforeAll(async () => {
  sim = await startTranscendSimulator({ realNow: () => T0 });
  admin = new TranscendAdminClient(sim.url);
  receiver = await new Receiver().start();
});

afterAll(() => Promise.all([sim?.close(), receiver?.close()]));

beforeEach(async () => {
  await admin.reset();
  await admin.silo({ webhookUrl: receiver.url });
  receiver.calls.length = 0;
  receiver.status = 200;
  t0 = await admin.now();
});

const opts = () => sim.context.options;
const bearer = () => `Bearer ${opts().apiKey}`;

/** One plain-fetch call to the simulated Transcend (no Lethe code involved). */
async function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  const res = await fetch(`${sim.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  const json: any = /^[[{]/.test(text) ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, text, json };
}

/** `PUT /v1/data-silo` as Lethe sends it; `body` undefined sends none, a string is sent as is. */
function put(nonce: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const sent = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const named: Record<string, string> = nonce === undefined ? {} : { 'x-transcend-nonce': nonce };
  const json: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  return call('PUT', '/v1/data-silo', { authorization: bearer(), ...named, ...json, ...headers }, sent);
}

const pending = (query = '', silo = opts().dataSiloId, type = 'ERASURE', auth = bearer()) =>
  call('GET', `/v1/data-silo/${silo}/pending-requests/${type}${query}`, { authorization: auth });
/** `auth` null: no authorization header. */
const publicKey = (auth: string | null = bearer()) =>
  call('GET', '/public-keys/sombra-general-signing-key', auth === null ? {} : { authorization: auth });
const lastEntry = async (): Promise<JournalEntry | undefined> => (await admin.journal()).entries.at(-1);
const lastViolation = async () => (await lastEntry())?.violations[0];
const reportsOf = async (id: string, profile = 0) => (await admin.request(id)).profiles[profile]?.reports;
/** One field of every pending item. */
const pendingField = async (field: string, query = '', type = 'ERASURE') => {
  const { items } = (await pending(query, opts().dataSiloId, type)).json;
  return (items as Array<Record<string, unknown>>).map((item) => item[field]);
};

/** What a receiver following `transcend-io/examples` checks: ES384, the audience, the scope. */
async function verifySombraToken(token: string, now = t0): Promise<JWTPayload> {
  const key = await importSPKI((await publicKey()).text, 'ES384');
  const checks = { algorithms: ['ES384'], audience: opts().audience, currentDate: new Date(now) };
  const { payload } = await jwtVerify(token, key, checks);
  if (payload.scope !== 'coreIdentifier') throw new Error(`scope ${String(payload.scope)}`);
  return payload;
}

describe('GET /public-keys/sombra-general-signing-key', () => {
  it.each([
    ['no authorization header', null],
    ['another key', 'Bearer not-the-key'],
    ['the key without the Bearer scheme', 'transcend-silo-api-key'],
  ])('answers 401 to %s, journaled as a broken rule', async (_, auth) => {
    const res = await publicKey(auth);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('BEGIN PUBLIC KEY');
    expect((await lastEntry())?.violations).toHaveLength(1);
  });

  it('answers the ES384 public key as SPKI PEM text that jose imports, the same key after a reset', async () => {
    const res = await publicKey();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+-----END PUBLIC KEY-----\n?$/);
    const key = await importSPKI(res.text, 'ES384');
    expect(key.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-384' });
    await admin.reset();
    expect((await publicKey()).text).toBe(res.text);
  });
});

describe('the new privacy request job webhook', () => {
  it('sends one signed webhook per identifier, each with its own nonce, in order', async () => {
    const created = await admin.createRequest({ id: 'req-1', identifiers: [EMAIL, PHONE] });
    const deliveries = await admin.deliver('req-1');
    const nonces = created.profiles.map((p) => p.nonce);
    expect(deliveries).toEqual(nonces.map((nonce) => ({ nonce, status: 200, body: 'accepted' })));
    expect(new Set(nonces).size).toBe(2);
    expect(receiver.calls).toHaveLength(2);

    for (const [i, identifier] of [EMAIL, PHONE].entries()) {
      const { headers, body } = receiver.calls[i] ?? { headers: {}, body: undefined };
      expect(headers['content-type']).toBe('application/json');
      expect(headers['x-transcend-nonce']).toBe(nonces[i]);
      expect(await verifySombraToken(String(headers['x-sombra-token']))).toEqual({
        aud: 'lethe-intake',
        scope: 'coreIdentifier',
        value: EMAIL.value,
        iat: Math.floor(t0 / 1000),
        exp: Math.floor(t0 / 1000) + 60,
      });
      expect(body).toEqual({
        type: 'ERASURE',
        coreIdentifier: { value: EMAIL.value },
        extras: {
          request: { id: 'req-1', link: `${sim.url}/privacy-requests/incoming-requests/req-1` },
          profile: { identifier: identifier.value, type: identifier.type },
        },
      });
    }
    // Issued on the simulator's clock, the token is refused once its minute has passed.
    const token = String(receiver.calls[0]?.headers['x-sombra-token']);
    await expect(verifySombraToken(token, t0 + 61_000)).rejects.toBeInstanceOf(errors.JWTExpired);
  });

  it('carries the request type and the core identifier it was created with', async () => {
    await admin.createRequest({ id: 'acc', type: 'ACCESS', coreIdentifier: 'cust-42', identifiers: [PHONE] });
    await admin.deliver('acc');
    const { headers, body } = receiver.calls[0] ?? { headers: {}, body: undefined };
    expect((await verifySombraToken(String(headers['x-sombra-token']))).value).toBe('cust-42');
    expect(body).toMatchObject({ type: 'ACCESS', coreIdentifier: { value: 'cust-42' } });
  });

  it('records each answer on its profile, and a connection failure as status 0', async () => {
    await admin.createRequest({ id: 'req-2', identifiers: [EMAIL, PHONE] });
    receiver.status = 204;
    expect(await admin.deliver('req-2', [1])).toMatchObject([{ status: 204, body: '' }]);
    const closed = await new Receiver().start();
    await closed.close();
    await admin.silo({ webhookUrl: closed.url });
    const [failed] = await admin.deliver('req-2', [0]);
    expect(failed).toMatchObject({ status: 0, body: '' });
    expect(failed?.error).toMatch(/fetch failed/);
    const view = await admin.request('req-2');
    expect(view.profiles.map((p) => p.deliveries.map((d) => [d.status, d.at]))).toEqual([
      [[0, t0]],
      [[204, t0]],
    ]);
  });
});

describe('forged webhooks', () => {
  // The error a receiver checking like the examples (jose here) meets, by the code jose gives it.
  const refusals: Array<[ForgeryKind, Record<string, string>]> = [
    ['bad-signature', { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' }],
    ['expired', { code: 'ERR_JWT_EXPIRED' }],
    ['wrong-audience', { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud' }],
    ['wrong-scope', { message: 'scope requestIdentifier' }],
    ['alg-none', { code: 'ERR_JOSE_ALG_NOT_ALLOWED' }],
  ];

  it.each(refusals)('%s: the token fails verification', async (kind, expected) => {
    await admin.createRequest({ id: 'req-f', identifiers: [EMAIL] });
    const delivery = await admin.deliverForged('req-f', { kind });
    expect(delivery.status).toBe(200);
    expect(receiver.calls).toHaveLength(1);
    const token = receiver.calls[0]?.headers['x-sombra-token'];
    expect(typeof token).toBe('string');
    const error: unknown = await verifySombraToken(String(token)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject(expected);
  });

  it('no-token: the webhook carries no x-sombra-token; its nonce cannot be reported on', async () => {
    const created = await admin.createRequest({ id: 'req-f', identifiers: [EMAIL] });
    const delivery = await admin.deliverForged('req-f', { kind: 'no-token' });
    const headers = receiver.calls[0]?.headers ?? {};
    expect(headers['x-sombra-token']).toBeUndefined();
    expect(headers['x-transcend-nonce']).toBe(delivery.nonce);
    expect(delivery.nonce).not.toBe(created.profiles[0]?.nonce);
    const res = await put(delivery.nonce, { status: 'RESOLVED' });
    expect(res.status).toBe(400);
    expect(await lastViolation()).toMatch(/forged webhook/);
    const { forgedDeliveries } = await admin.request('req-f');
    expect(forgedDeliveries).toMatchObject([{ kind: 'no-token', status: 200 }]);
  });
});

describe('PUT /v1/data-silo', () => {
  let nonce: string;
  beforeEach(async () => {
    nonce = (await admin.createRequest({ id: 'req', identifiers: [EMAIL] })).profiles[0]?.nonce ?? '';
  });

  it.each([
    ['no authorization header', {}],
    ['another key', { authorization: 'Bearer not-the-key' }],
  ])('answers 401 to %s and records nothing', async (_, headers) => {
    const res = await call('PUT', '/v1/data-silo', { 'x-transcend-nonce': nonce, ...headers });
    expect(res.status).toBe(401);
    expect((await lastEntry())?.violations).toHaveLength(1);
    expect(await reportsOf('req')).toEqual([]);
  });

  it.each([
    ['a missing nonce', undefined],
    ['an unknown nonce', 'not-a-nonce'],
  ])('answers 400 to %s, journaled as a broken rule', async (_, bad) => {
    const res = await put(bad, { status: 'RESOLVED' });
    expect(res.status).toBe(400);
    expect(await lastViolation()).toMatch(/x-transcend-nonce/);
  });

  it.each([
    ['an undocumented field', { status: 'RESOLVED', retryAfterDate: '2026-04-01' }, /retryAfterDate/],
    ['a status outside the enum', { status: 'DONE' }, /status must be one of/],
    ['a profileStatus outside its enum', { profileStatus: 'READY' }, /profileStatus must be one of/],
    ['a message that is no string', { message: 7 }, /message must be a string/],
    ['a null pollId', { pollId: null }, /pollId must be a string/],
    ['an array body', [{ status: 'RESOLVED' }], /JSON object/],
    ['extra legacy profile keys', { profiles: [{ profileId: 'ada', found: true }] }, /profiles must/],
  ])('answers 400 to %s, journaled, and records nothing', async (_, body, why) => {
    const res = await put(nonce, body);
    expect(res.status).toBe(400);
    expect(await lastViolation()).toMatch(why);
    expect(await reportsOf('req')).toEqual([]);
  });

  it('refuses a body that is not sent as JSON', async () => {
    const res = await put(nonce, 'status=RESOLVED', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(400);
    expect(await lastViolation()).toMatch(/application\/json/);
  });

  it('accepts an empty body as the confirmation that completes the profile, answering {}', async () => {
    expect(await put(nonce)).toMatchObject({ status: 200, json: {} });
    const view = await admin.request('req');
    expect(view).toMatchObject({ state: 'completed', completedAt: t0 });
    expect(view.profiles[0]).toMatchObject({ reports: [{ at: t0 }], resolved: true });
    expect((await lastEntry())?.violations).toEqual([]);
  });

  it('accepts the deprecated profiles form and records its profile ids', async () => {
    expect((await put(nonce, { profiles: [{ profileId: 'ada' }] })).status).toBe(200);
    expect(await reportsOf('req')).toEqual([{ profiles: ['ada'], at: t0 }]);
  });

  it('records WAITING with its message, then RESOLVED, each at its time', async () => {
    expect((await put(nonce, { status: 'WAITING', message: '2 open conversations' })).status).toBe(200);
    expect((await admin.request('req')).state).toBe('open');
    await admin.advance(3 * DAY);
    expect((await put(nonce, { status: 'RESOLVED', pollId: 'job-7' })).status).toBe(200);
    const view = await admin.request('req');
    expect(view.profiles[0]?.reports).toEqual([
      { status: 'WAITING', message: '2 open conversations', at: t0 },
      { status: 'RESOLVED', pollId: 'job-7', at: t0 + 3 * DAY },
    ]);
    expect(view).toMatchObject({ state: 'completed', completedAt: t0 + 3 * DAY });
  });

  it('accepts a repeated identical report and counts it as a duplicate', async () => {
    const waiting = { status: 'WAITING', message: 'still open' };
    expect((await put(nonce, waiting)).status).toBe(200);
    expect((await put(nonce, waiting)).status).toBe(200);
    const profile = (await admin.request('req')).profiles[0];
    expect(profile?.reports).toHaveLength(2);
    expect(profile?.duplicates).toBe(1);
  });

  it('completes a request only once every profile is resolved; then answers 409', async () => {
    const created = await admin.createRequest({ id: 'two', identifiers: [EMAIL, PHONE] });
    const [first, second] = created.profiles.map((p) => p.nonce);
    expect((await put(first, { status: 'READY' })).status).toBe(200);
    // A report on a resolved profile of an open request is still accepted; resolution stays.
    expect((await put(first, { status: 'WAITING' })).status).toBe(200);
    expect((await put(second, { profileStatus: 'ERROR', message: 'vendor down' })).status).toBe(200);
    let view = await admin.request('two');
    expect([view.state, view.profiles.map((p) => p.resolved)]).toEqual(['open', [true, false]]);
    await admin.advance(DAY);
    expect((await put(second, { status: 'WAITING', profileStatus: 'SKIPPED' })).status).toBe(200);
    view = await admin.request('two');
    expect(view).toMatchObject({ state: 'completed', completedAt: t0 + DAY });

    const again = await put(first, { status: 'RESOLVED' });
    expect(again.status).toBe(409);
    expect(again.json.message).toMatch(/completed/);
    const entry = await lastEntry();
    expect([entry?.status, entry?.violations]).toEqual([409, []]);
    expect(await reportsOf('two')).toHaveLength(2);
  });

  it('answers 409 once the request is revoked', async () => {
    expect((await admin.revoke('req')).state).toBe('revoked');
    const res = await put(nonce, { status: 'RESOLVED' });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/revoked/);
    expect(await reportsOf('req')).toEqual([]);
  });

  it('answers 429 with Retry-After past ratePerMinute PUTs in a minute, and accepts once it has passed', async () => {
    await admin.silo({ ratePerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await put(nonce, { status: 'WAITING' })).status).toBe(200);
    const limited = await put(nonce, { status: 'WAITING' });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '60']);
    await admin.advance(59_000);
    const still = await put(nonce, { status: 'WAITING' });
    expect([still.status, still.headers.get('retry-after')]).toEqual([429, '1']);
    await admin.advance(1_000);
    expect((await put(nonce, { status: 'WAITING' })).status).toBe(200);
    expect(await reportsOf('req')).toHaveLength(4);
  });
});

describe('GET /v1/data-silo/{id}/pending-requests/{type}', () => {
  it('answers 401 without the key, 404 for another silo, 400 for an unknown type or page', async () => {
    expect((await pending('', opts().dataSiloId, 'ERASURE', 'Bearer nope')).status).toBe(401);
    expect((await pending('', 'another-silo')).status).toBe(404);
    expect((await pending('', opts().dataSiloId, 'DELETE')).status).toBe(400);
    expect((await pending('?limit=0')).status).toBe(400);
  });

  it('lists the unresolved profiles of open requests of that type', async () => {
    const created = await admin.createRequest({ id: 'era', identifiers: [EMAIL, PHONE] });
    await admin.createRequest({ id: 'acc', type: 'ACCESS', identifiers: [EMAIL] });
    await admin.advance(DAY + DAY / 2);
    const res = await pending();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      items: [EMAIL, PHONE].map((identifier, i) => ({
        identifier: identifier.value,
        type: identifier.type,
        coreIdentifier: EMAIL.value,
        dataSiloId: 'lethe-silo',
        requestId: 'era',
        nonce: created.profiles[i]?.nonce,
        daysUntilOverdue: 29,
        attributes: [],
      })),
    });
    expect(await pendingField('requestId', '', 'ACCESS')).toEqual(['acc']);
    expect(await pendingField('type', '?offset=1&limit=1')).toEqual(['phone']);
  });

  it('drops a profile once it is resolved, and every profile of a revoked request', async () => {
    const created = await admin.createRequest({ id: 'era', identifiers: [EMAIL, PHONE] });
    await admin.createRequest({ id: 'gone', identifiers: [{ type: 'customerId', value: 'cust-9' }] });
    const nonces = () => pendingField('nonce');
    const [emailNonce, phoneNonce] = created.profiles.map((p) => p.nonce);
    await put(emailNonce, { status: 'WAITING' });
    expect(await nonces()).toHaveLength(3);
    await put(emailNonce, { status: 'RESOLVED' });
    await admin.revoke('gone');
    expect(await nonces()).toEqual([phoneNonce]);
    await put(phoneNonce, {});
    expect(await nonces()).toEqual([]);
  });
});
