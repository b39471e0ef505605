import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Payload } from '@temporalio/common';
import { Agent, request } from 'undici';
import { ENVIRONMENT } from '../../../src/config';
import { freePort } from '../../helpers/ports';
import type { ClusterDeployment } from './deployment';
import { type LetheProcess, startLethe } from './lethe-process';

const ISSUER = 'https://idp.cluster-test.example/';
const AUDIENCE = 'temporal-ui';

/** The codec server in production mode, with what an operator's browser would hold to call it. */
export interface ProductionCodecServer {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  readonly process: LetheProcess;
  /** An access token of the identity provider (EdDSA), valid for five minutes. */
  token(): string;
  /** A well-formed token signed by a key the codec server does not trust. */
  foreignToken(): string;
  /** `POST /decode` as the Web UI sends it, over TLS checked against the server's certificate. */
  decode(payloads: readonly Payload[], token?: string): Promise<{ status: number; payloads?: Payload[] }>;
  close(): Promise<void>;
}

/**
 * Starts `npx tsx src/codec/main.ts` as the compose service runs it (LETHE_CODEC_SERVER_MODE=production)
 * with files made here: a TLS certificate for 127.0.0.1 (openssl) and the identity provider's token key
 * (Ed25519, node:crypto). It decrypts with the deployment's payload keys.
 */
export async function startProductionCodecServer(d: ClusterDeployment): Promise<ProductionCodecServer> {
  const dir = mkdtempSync(join(d.cluster.dir, 'codec-'));
  const cert = join(dir, 'tls.crt');
  const key = join(dir, 'tls.key');
  // A self-signed certificate for the address the test calls; the client trusts exactly this one.
  const selfSigned = 'req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1';
  const subject = ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
  execFileSync('openssl', [...selfSigned.split(' '), ...subject, '-keyout', key, '-out', cert], {
    stdio: 'ignore',
  });
  const idp = generateKeyPairSync('ed25519');
  const jwtKey = join(dir, 'jwt-public.pem');
  writeFileSync(jwtKey, idp.publicKey.export({ type: 'spki', format: 'pem' }));
  const port = await freePort();
  const server = startLethe(
    'codec-server',
    'src/codec/main.ts',
    {
      [ENVIRONMENT.subjectHmacKey]: d.keys.environment.LETHE_SUBJECT_HMAC_KEY ?? '',
      [ENVIRONMENT.codecKeys]: d.keys.environment.LETHE_CODEC_KEYS ?? '',
      [ENVIRONMENT.codecServerMode]: 'production',
      [ENVIRONMENT.codecServerHost]: '127.0.0.1',
      [ENVIRONMENT.codecServerPort]: String(port),
      [ENVIRONMENT.codecTlsCert]: cert,
      [ENVIRONMENT.codecTlsKey]: key,
      [ENVIRONMENT.codecJwtPublicKey]: jwtKey,
      [ENVIRONMENT.codecJwtIssuer]: ISSUER,
      [ENVIRONMENT.codecJwtAudience]: AUDIENCE,
    },
    d.cluster.dir,
  );
  const url = String((await server.logged('codec server listening')).url);
  const dispatcher = new Agent({ connect: { ca: readFileSync(cert, 'utf8') } });
  return {
    url,
    process: server,
    token: () => jwt(idp.privateKey),
    foreignToken: () => jwt(generateKeyPairSync('ed25519').privateKey),
    async decode(payloads, token) {
      const res = await request(`${url}/decode`, {
        method: 'POST',
        dispatcher,
        headers: {
          'content-type': 'application/json',
          'x-namespace': d.cluster.namespace,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ payloads: payloads.map(toJson) }),
      });
      const body = (await res.body.json()) as { payloads?: JsonPayload[] };
      return { status: res.statusCode, ...(body.payloads ? { payloads: body.payloads.map(fromJson) } : {}) };
    },
    async close() {
      await server.stop();
      await dispatcher.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JWT as an identity provider issues it for the Web UI (EdDSA over header.claims). */
function jwt(key: KeyObject): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const signed = `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part({ iss: ISSUER, aud: AUDIENCE, sub: 'operator', iat: now, exp: now + 300 })}`;
  return `${signed}.${sign(null, Buffer.from(signed), key).toString('base64url')}`;
}

interface JsonPayload {
  readonly metadata: Record<string, string>;
  readonly data: string;
}

/** proto3 JSON, as the Web UI sends payloads: bytes in base64. */
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});
