/**
 * The codec server (src/codec/server.ts) as the Web UI calls it: `/decode` and `/encode` in proto3
 * JSON, CORS for the UI's origin only (preflight without auth), loopback-only in local mode, and in
 * production HTTPS with the operator's access token verified: without a valid one nothing is decoded.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtVerifier, TokenError } from '../../src/codec/access-token';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { Keyring } from '../../src/codec/keyring';
import { type CodecServer, CodecServerConfigError, startCodecServer } from '../../src/codec/server';

const keyring = Keyring.parse(`k1:${randomBytes(32).toString('base64')}`);
const codec = new EncryptionCodec(keyring);
const UI = 'http://localhost:8233';

const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const sealedBody = async (value: unknown) => ({
  payloads: (await codec.encode([defaultPayloadConverter.toPayload(value) as Payload])).map(toJson),
});
const decodedValue = (json: { metadata: Record<string, string>; data: string }): unknown =>
  defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(
      Object.entries(json.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
    ),
    data: Buffer.from(json.data, 'base64'),
  });

async function post(url: string, body: unknown, headers: Record<string, string> = {}, dispatcher?: Agent) {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify(body),
    ...(dispatcher ? { dispatcher } : {}),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

describe('codec server, local mode', () => {
  let server: CodecServer;
  beforeAll(async () => {
    server = await startCodecServer({ keyring, mode: 'local', allowedOrigins: [UI] });
  });
  afterAll(() => server.close());

  it('decodes what the codec encrypted, for the UI origin, with CORS headers for it', async () => {
    const answer = await post(`${server.url}/decode`, await sealedBody({ email: 'ada@example.com' }), {
      origin: UI,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(UI);
    expect(decodedValue(answer.json.payloads[0])).toEqual({ email: 'ada@example.com' });
  });

  it('encodes, and what it encodes decodes back', async () => {
    const plain = toJson(defaultPayloadConverter.toPayload('hello') as Payload);
    const encoded = await post(`${server.url}/encode`, { payloads: [plain] });
    expect(Buffer.from(encoded.json.payloads[0].metadata.encoding, 'base64').toString()).toBe(
      'binary/encrypted',
    );
    const decoded = await post(`${server.url}/decode`, encoded.json);
    expect(decodedValue(decoded.json.payloads[0])).toBe('hello');
  });

  it('answers the preflight without auth, allowing the headers the UI sends', async () => {
    const res = await request(`${server.url}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST' },
    });
    await res.body.text();
    expect(res.statusCode).toBe(204);
    expect(String(res.headers['access-control-allow-headers'])).toContain('x-namespace');
    expect(String(res.headers['access-control-allow-headers'])).toContain('authorization');
  });

  it('refuses another origin, a bad body and an unknown path, decoding nothing', async () => {
    const foreign = await post(`${server.url}/decode`, await sealedBody('x'), {
      origin: 'https://evil.example',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect((await post(`${server.url}/decode`, { nope: 1 })).status).toBe(400);
    expect((await post(`${server.url}/steal`, await sealedBody('x'))).status).toBe(404);
  });

  it('binds to loopback only in local mode', async () => {
    await expect(
      startCodecServer({ keyring, mode: 'local', allowedOrigins: [UI], host: '0.0.0.0' }),
    ).rejects.toThrow(CodecServerConfigError);
  });
});

describe('codec server, production mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lethe-codec-'));
  const idp = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const verifier = new JwtVerifier({
    publicKeyPem: idp.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    issuer: 'https://idp.example',
    audience: 'temporal-ui',
  });
  const jwt = (claims: Record<string, unknown>, key = idp.privateKey): string => {
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${head}.${body}.${sign('sha256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
  };
  const now = Math.floor(Date.now() / 1000);
  const good = { iss: 'https://idp.example', aud: 'temporal-ui', sub: 'operator-1', exp: now + 600 };
  let server: CodecServer;
  let dispatcher: Agent;

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made here: the server serves HTTPS only.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const cert = readFileSync(join(dir, 'cert.pem'));
    server = await startCodecServer({
      keyring,
      mode: 'production',
      allowedOrigins: ['https://temporal.example.com'],
      tls: { cert, key: readFileSync(join(dir, 'key.pem')) },
      verifier,
    });
    dispatcher = new Agent({ connect: { ca: cert } });
  });
  afterAll(async () => {
    await server.close();
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS, and decodes for a valid access token', async () => {
    expect(server.url).toMatch(/^https:\/\//);
    const answer = await post(
      `${server.url}/decode`,
      await sealedBody('for operators'),
      { authorization: `Bearer ${jwt(good)}` },
      dispatcher,
    );
    expect(answer.status).toBe(200);
    expect(decodedValue(answer.json.payloads[0])).toBe('for operators');
  });

  it.each([
    ['no token', undefined],
    ['a token signed by someone else', () => jwt(good, stranger.privateKey)],
    ['an expired token', () => jwt({ ...good, exp: now - 3600 })],
    ['a token for another audience', () => jwt({ ...good, aud: 'someone-else' })],
    ['a token from another issuer', () => jwt({ ...good, iss: 'https://other.example' })],
    ['something that is not a JWT', () => 'not-a-jwt'],
  ])('refuses %s with 401 and decodes nothing', async (_what, make) => {
    const headers: Record<string, string> = make ? { authorization: `Bearer ${make()}` } : {};
    const answer = await post(`${server.url}/decode`, await sealedBody('for operators'), headers, dispatcher);
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.json)).not.toContain('for operators');
    expect(answer.json.payloads).toBeUndefined();
  });

  it('will not start without TLS or a token verifier', async () => {
    await expect(
      startCodecServer({ keyring, mode: 'production', allowedOrigins: [], verifier }),
    ).rejects.toThrow(/needs TLS/);
  });

  it('verifies ES256 and EdDSA tokens too, and refuses an unsigned one', async () => {
    for (const type of ['ec', 'ed25519'] as const) {
      const pair =
        type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519');
      const v = new JwtVerifier({
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      });
      const alg = type === 'ec' ? 'ES256' : 'EdDSA';
      const head = Buffer.from(JSON.stringify({ alg })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ exp: now + 60 })).toString('base64url');
      const signature = sign(type === 'ec' ? 'sha256' : null, Buffer.from(`${head}.${body}`), {
        key: pair.privateKey,
        ...(type === 'ec' ? { dsaEncoding: 'ieee-p1363' as const } : {}),
      }).toString('base64url');
      await expect(v.verify(`${head}.${body}.${signature}`)).resolves.toMatchObject({ exp: now + 60 });
      const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
      await expect(v.verify(`${none}.${body}.`)).rejects.toThrow(TokenError);
    }
  });
});
