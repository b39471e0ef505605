/**
 * The codec server's access tokens verified against the identity provider's key set (JWKS), as
 * src/codec/access-token.ts does with jose: keys by kid from a local JWKS server that rotates, the
 * cache (one fetch for many tokens; an unknown kid refetches, but not within the cooldown), the same
 * claim and algorithm checks as with a PEM key, a key set that cannot be had (a 503, never a crash),
 * the configuration (one of PEM and JWKS; https only, loopback aside), and one request end to end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  JWKS_DEFAULTS,
  type JwksCacheOptions,
  JwtVerifier,
  KeySetUnavailableError,
  TokenError,
} from '../../src/codec/access-token';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { Keyring } from '../../src/codec/keyring';
import { startConfiguredCodecServer } from '../../src/codec/main';
import { type CodecServer, startCodecServer } from '../../src/codec/server';
import { ConfigError, loadConfig } from '../../src/config';
import { createLogger } from '../../src/ops/logger';

const ISSUER = 'https://idp.example';
const AUDIENCE = 'temporal-ui';

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256' | 'EdDSA';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg'] = 'RS256'): Promise<SigningKey> {
  const pair = await generateKeyPair(alg);
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    jwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' },
  };
}

/** A token as the identity provider issues it; `claims` and `header` override the defaults. */
function token(
  key: SigningKey,
  claims: Record<string, unknown> = {},
  header: { kid?: string | undefined; alg?: string } = {},
): Promise<string> {
  const kid = 'kid' in header ? header.kid : key.kid;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'operator-1', iat: now, exp: now + 600, ...claims })
    .setProtectedHeader({ alg: header.alg ?? key.alg, ...(kid !== undefined ? { kid } : {}) })
    .sign(key.privateKey);
}

/** What the key set server answers: the keys, an error status, something that is not a key set, or nothing. */
type Answer = 'keys' | 'error' | 'not-json' | 'not-a-key-set' | 'hang';

/** The identity provider's JWKS endpoint, on loopback: what it publishes can change between requests. */
class KeySetServer {
  keys: SigningKey[] = [];
  answer: Answer = 'keys';
  fetches = 0;
  private readonly server: Server = createServer((_req, res) => {
    this.fetches++;
    if (this.answer === 'hang') return; // never answers: the verifier's timeout must end the wait
    if (this.answer === 'error') return void res.writeHead(500).end('down for maintenance');
    res.writeHead(200, { 'content-type': 'application/json' });
    if (this.answer === 'not-json') return void res.end('<html>login</html>');
    if (this.answer === 'not-a-key-set') return void res.end('{"nope":[]}');
    res.end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
  });

  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }
}

const verifierFor = (url: string, jwks: JwksCacheOptions = {}): JwtVerifier =>
  new JwtVerifier({ jwksUrl: url, issuer: ISSUER, audience: AUDIENCE, jwks });

/** A loopback URL where nothing listens. */
async function deadUrl(): Promise<string> {
  const gone = await new KeySetServer().start();
  await gone.close();
  return gone.url;
}

const servers: KeySetServer[] = [];
const keySet = async (...keys: SigningKey[]): Promise<KeySetServer> => {
  const s = await new KeySetServer().start();
  s.keys = keys;
  servers.push(s);
  return s;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let keyA: SigningKey;
let keyB: SigningKey;
beforeAll(async () => {
  keyA = await signingKey('key-a');
  keyB = await signingKey('key-b');
});

describe('access tokens against the key set: rotation and caching', () => {
  // Jose times its cache with Date.now(): faking Date alone lets these run on the production defaults
  // (JWKS_DEFAULTS) without waiting, while sockets and fetch timeouts keep real time.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it('follows a rotation: A verifies, then B after A is withdrawn (refetch on unknown kid), then A no longer', async () => {
    const idp = await keySet(keyA);
    const verifier = verifierFor(idp.url);

    await expect(verifier.verify(await token(keyA))).resolves.toMatchObject({ sub: 'operator-1' });
    expect(idp.fetches).toBe(1);

    idp.keys = [keyB];
    // Within the cooldown after a fetch, an unknown kid is refused without asking the provider again.
    advance(JWKS_DEFAULTS.cooldownMs - 1_000);
    await expect(verifier.verify(await token(keyB))).rejects.toThrow(/unknown kid/);
    expect(idp.fetches).toBe(1);

    advance(2_000);
    await expect(verifier.verify(await token(keyB))).resolves.toMatchObject({ sub: 'operator-1' });
    expect(idp.fetches).toBe(2);
    const withdrawn = verifier.verify(await token(keyA));
    await expect(withdrawn).rejects.toThrow(TokenError);
    await expect(withdrawn).rejects.toThrow(
      'signed with a key the identity provider does not publish (unknown kid)',
    );
    expect(idp.fetches).toBe(2);
  });

  it('fetches once for many tokens with a known kid', async () => {
    const idp = await keySet(keyA, keyB);
    const verifier = verifierFor(idp.url);
    const tokens = await Promise.all(Array.from({ length: 25 }, (_, i) => token(i % 2 ? keyA : keyB)));
    // Concurrent first requests share one fetch too.
    await Promise.all(tokens.slice(0, 5).map((t) => verifier.verify(t)));
    for (const t of tokens.slice(5)) {
      advance(10_000); // 200 s in all, well within the cache's age but past many cooldowns
      await verifier.verify(t);
    }
    expect(idp.fetches).toBe(1);
  });

  it('refetches at most once per cooldown, however many made-up kids arrive', async () => {
    const idp = await keySet(keyA);
    const verifier = verifierFor(idp.url);
    await verifier.verify(await token(keyA));
    const stranger = await signingKey('stranger');
    for (const round of [1, 2]) {
      advance(JWKS_DEFAULTS.cooldownMs + 1);
      for (let i = 0; i < 10; i++)
        await expect(
          verifier.verify(await token(stranger, {}, { kid: `made-up-${round}-${i}` })),
        ).rejects.toThrow(/unknown kid/);
      expect(idp.fetches).toBe(1 + round);
    }
  });

  it('drops a withdrawn key once the cache is older than its maximum age, even for a known kid', async () => {
    const idp = await keySet(keyA, keyB);
    const verifier = verifierFor(idp.url);
    await verifier.verify(await token(keyA));
    idp.keys = [keyB];
    advance(JWKS_DEFAULTS.cacheMaxAgeMs - 1_000);
    await verifier.verify(await token(keyA)); // still cached
    expect(idp.fetches).toBe(1);
    advance(2_000);
    await expect(verifier.verify(await token(keyA))).rejects.toThrow(/unknown kid/);
    expect(idp.fetches).toBe(2);
  });

  it('verifies ES256 and EdDSA keys of the set by kid too', async () => {
    const ec = await signingKey('ec-1', 'ES256');
    const ed = await signingKey('ed-1', 'EdDSA');
    const idp = await keySet(keyA, ec, ed);
    const verifier = verifierFor(idp.url);
    for (const key of [keyA, ec, ed])
      await expect(verifier.verify(await token(key)), key.alg).resolves.toMatchObject({ iss: ISSUER });
  });

  it('refuses a token without a kid when the set has several keys, and takes it when there is one', async () => {
    const several = verifierFor((await keySet(keyA, keyB)).url);
    await expect(several.verify(await token(keyA, {}, { kid: undefined }))).rejects.toThrow(
      'names no key (kid), and the identity provider publishes several',
    );
    const one = verifierFor((await keySet(keyA)).url);
    await expect(one.verify(await token(keyA, {}, { kid: undefined }))).resolves.toMatchObject({
      iss: ISSUER,
    });
  });
});

describe('access tokens against the key set: what is refused', () => {
  const now = Math.floor(Date.now() / 1000);

  it.each([
    ['another issuer', { iss: 'https://other.example' }, 'wrong issuer'],
    ['another audience', { aud: 'someone-else' }, 'wrong audience'],
    ['an expired token', { exp: now - 3600, iat: now - 7200 }, 'expired'],
    ['a token not valid yet', { nbf: now + 3600 }, 'not valid yet'],
  ])('refuses %s, saying so without quoting the token', async (_what, claims, reason) => {
    const verifier = verifierFor((await keySet(keyA)).url);
    const jwt = await token(keyA, claims);
    const err = await verifier.verify(jwt).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect((err as Error).message).toBe(reason);
    expect((err as Error).message).not.toContain('operator-1');
  });

  it('refuses a token without expiry', async () => {
    const verifier = verifierFor((await keySet(keyA)).url);
    await expect(verifier.verify(await token(keyA, { exp: undefined }))).rejects.toThrow('without expiry');
  });

  it('refuses alg none and HS256 (even keyed with a published key), before asking for keys', async () => {
    const idp = await keySet(keyA);
    const verifier = verifierFor(idp.url);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const claims = { iss: ISSUER, aud: AUDIENCE, exp: now + 600 };
    const none = `${b64({ alg: 'none', kid: keyA.kid })}.${b64(claims)}.`;
    // The classic confusion: an HMAC keyed with the public key's bytes.
    const hs256 = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid })
      .sign(new TextEncoder().encode(JSON.stringify(keyA.jwk)));
    for (const jwt of [none, hs256])
      await expect(verifier.verify(jwt)).rejects.toThrow(
        'algorithm is not accepted (only RS256, ES256, EdDSA)',
      );
    expect(idp.fetches).toBe(0);
  });

  it('refuses a token signed by a key outside the set, and what is not a JWT', async () => {
    const verifier = verifierFor((await keySet(keyA)).url);
    const forger = await signingKey(keyA.kid); // claims A's kid, holds another key
    await expect(verifier.verify(await token(forger))).rejects.toThrow('signature does not verify');
    await expect(verifier.verify('not-a-jwt')).rejects.toThrow('not a JWT');
  });
});

describe('access tokens against the key set: the key set cannot be had', () => {
  it.each([
    ['nothing listens', 'down', /cannot be reached \(ECONNREFUSED\)/],
    ['it answers 500', 'error', /did not answer 200 OK/],
    ['it answers a login page', 'not-json', /did not answer 200 OK with JSON/],
    ['it answers JSON that is no key set', 'not-a-key-set', /is not a valid key set/],
    ['it does not answer in time', 'hang', /did not answer within 200 ms/],
  ] as const)(
    'refuses, as unavailable, when %s; and verifies once it answers again',
    async (_what, answer, why) => {
      const idp = await keySet(keyA);
      const url = answer === 'down' ? await deadUrl() : idp.url;
      if (answer !== 'down') idp.answer = answer;
      const verifier = verifierFor(url, { timeoutMs: 200 });
      const jwt = await token(keyA);
      const err = await verifier.verify(jwt).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KeySetUnavailableError);
      expect((err as Error).message).toMatch(why);
      expect((err as Error).message).not.toContain(jwt.split('.')[1]);
      await expect(verifier.prefetch()).rejects.toThrow(KeySetUnavailableError);
      if (answer === 'down') return;
      idp.answer = 'keys';
      await expect(verifier.verify(jwt)).resolves.toMatchObject({ sub: 'operator-1' });
    },
  );

  it('keeps verifying known kids from the cache while the provider is down', async () => {
    const idp = await keySet(keyA);
    const verifier = verifierFor(idp.url);
    await verifier.verify(await token(keyA));
    idp.answer = 'error';
    await expect(verifier.verify(await token(keyA))).resolves.toMatchObject({ sub: 'operator-1' });
  });
});

describe('access tokens against the key set: configuration', () => {
  const env = (extra: Record<string, string>): NodeJS.ProcessEnv => ({
    LETHE_SUBJECT_HMAC_KEY: 'hmac-key-0123456789-abcdefghijklmnop',
    LETHE_CODEC_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    LETHE_CODEC_SERVER_MODE: 'production',
    LETHE_CODEC_TLS_CERT: '/run/lethe-codec/tls.crt',
    LETHE_CODEC_TLS_KEY: '/run/lethe-codec/tls.key',
    ...extra,
  });
  const problems = (e: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(e);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('loadConfig accepted an invalid configuration');
  };

  it('takes a JWKS URL instead of a PEM key in production, https or loopback http', () => {
    for (const url of [
      'https://login.example.com/.well-known/jwks.json',
      'http://127.0.0.1:8080/jwks',
      'http://localhost/jwks',
      'http://[::1]:9000/jwks',
    ])
      expect(loadConfig(env({ LETHE_CODEC_JWKS_URL: url })).codecServer.jwksUrl).toBe(url);
  });

  it('refuses both a PEM key and a JWKS URL, naming both settings', () => {
    const message = problems(
      env({
        LETHE_CODEC_JWT_PUBLIC_KEY: '/run/lethe-codec/jwt.pem',
        LETHE_CODEC_JWKS_URL: 'https://idp.example/jwks',
      }),
    );
    expect(message).toContain(
      'codecServer.jwksUrl (LETHE_CODEC_JWKS_URL): the access token is verified with one of',
    );
    expect(message).toContain('codecServer.jwtPublicKeyFile (LETHE_CODEC_JWT_PUBLIC_KEY)');
  });

  it('refuses neither in production, naming the JWKS option too', () => {
    expect(problems(env({}))).toContain('LETHE_CODEC_JWKS_URL');
  });

  it.each(['http://idp.example/jwks', 'http://10.0.0.5/jwks', 'ftp://idp.example/jwks', 'not a url'])(
    'refuses %s: https only, loopback aside',
    (url) => {
      const message = problems(env({ LETHE_CODEC_JWKS_URL: url }));
      expect(message).toContain(
        'codecServer.jwksUrl (LETHE_CODEC_JWKS_URL): must be an https:// URL (plain http:// only on loopback',
      );
      expect(message).not.toContain(url);
    },
  );

  it('refuses credentials in the URL, and the verifier refuses what the configuration would', () => {
    expect(problems(env({ LETHE_CODEC_JWKS_URL: 'https://u:p@idp.example/jwks' }))).toContain(
      'must not carry a user name or password',
    );
    expect(() => new JwtVerifier({ jwksUrl: 'http://idp.example/jwks' })).toThrow(/https:\/\//);
    expect(() => new JwtVerifier({} as never)).toThrow(/exactly one/);
  });
});

describe('the codec server with a JWKS-verified token, end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lethe-codec-jwks-'));
  const codecKeys = `k1:${randomBytes(32).toString('base64')}`;
  const keyring = Keyring.parse(codecKeys);
  const codec = new EncryptionCodec(keyring);
  let cert: Buffer;
  let dispatcher: Agent;

  beforeAll(() => {
    execFileSync(
      'openssl',
      [
        ...'req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1'.split(
          ' ',
        ),
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'));
    dispatcher = new Agent({ connect: { ca: cert } });
  });
  afterAll(async () => {
    await dispatcher.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = async (server: CodecServer, body: unknown, bearer?: string) => {
    const res = await request(`${server.url}/decode`, {
      method: 'POST',
      dispatcher,
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : undefined };
  };
  const sealed = async (value: unknown) => ({
    payloads: (await codec.encode([defaultPayloadConverter.toPayload(value) as Payload])).map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? []).toString('base64'),
    })),
  });

  it('decodes for a token verified by the configured key set, and refuses one signed outside it', async () => {
    const idp = await keySet(keyA);
    const server = await startConfiguredCodecServer(
      loadConfig({
        LETHE_SUBJECT_HMAC_KEY: 'hmac-key-0123456789-abcdefghijklmnop',
        LETHE_CODEC_KEYS: codecKeys,
        LETHE_LOG_LEVEL: 'silent',
        LETHE_CODEC_SERVER_MODE: 'production',
        LETHE_CODEC_SERVER_PORT: '0',
        LETHE_CODEC_TLS_CERT: join(dir, 'cert.pem'),
        LETHE_CODEC_TLS_KEY: join(dir, 'key.pem'),
        LETHE_CODEC_JWKS_URL: idp.url,
        LETHE_CODEC_JWT_ISSUER: ISSUER,
        LETHE_CODEC_JWT_AUDIENCE: AUDIENCE,
      }),
    );
    try {
      expect(idp.fetches).toBe(1); // fetched at start-up
      const answer = await post(server, await sealed('for operators'), await token(keyA));
      expect(answer.status).toBe(200);
      const [out] = answer.json.payloads as { metadata: Record<string, string>; data: string }[];
      expect(
        defaultPayloadConverter.fromPayload({
          metadata: Object.fromEntries(
            Object.entries(out?.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
          ),
          data: Buffer.from(out?.data ?? '', 'base64'),
        }),
      ).toBe('for operators');
      const forged = await post(
        server,
        await sealed('for operators'),
        await token(await signingKey(keyA.kid)),
      );
      expect(forged.status).toBe(401);
      expect(JSON.stringify(forged.json)).not.toContain('for operators');
      expect(idp.fetches).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('answers 503 while the key set cannot be had, logs why without the token, and keeps serving', async () => {
    const lines: string[] = [];
    const server = await startCodecServer({
      keyring,
      mode: 'production',
      allowedOrigins: [],
      tls: { cert, key: readFileSync(join(dir, 'key.pem')) },
      verifier: verifierFor(await deadUrl(), { timeoutMs: 500 }),
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    try {
      const jwt = await token(keyA);
      for (let i = 0; i < 2; i++) {
        const answer = await post(server, await sealed('for operators'), jwt);
        expect(answer.status).toBe(503);
        expect(answer.json).toEqual({
          message: 'access tokens cannot be verified right now; try again later',
        });
      }
      expect(lines.join('\n')).toContain("the identity provider's key set (JWKS) cannot be reached");
      for (const part of jwt.split('.')) expect(lines.join('\n')).not.toContain(part);
      // A token that is plainly bad is still the caller's fault.
      expect((await post(server, await sealed('x'), 'not-a-jwt')).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});
