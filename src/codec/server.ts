import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Payload } from '@temporalio/common';
import type { Logger } from '../ops/logger';
import { type AccessTokenVerifier, KeySetUnavailableError, TokenError } from './access-token';
import { EncryptionCodec } from './encryption-codec';
import type { Keyring } from './keyring';

/**
 * `local`: plain HTTP on loopback only, no token (demo, tests). `production`: HTTPS, and every
 * encode/decode needs the operator's valid access token (the Web UI passes it only to https://).
 */
export type CodecServerMode = 'local' | 'production';

export interface CodecServerOptions {
  readonly keyring: Keyring;
  readonly mode: CodecServerMode;
  /** Origins of the Web UI allowed to call (CORS); nothing else gets CORS headers. */
  readonly allowedOrigins: readonly string[];
  readonly port?: number;
  readonly host?: string;
  /** Required in production. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Required in production. */
  readonly verifier?: AccessTokenVerifier;
  readonly logger?: Logger;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BODY = 8 * 1024 * 1024;

/** A running codec server. */
export interface CodecServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Thrown when the options would serve payloads where they must not be served. */
export class CodecServerConfigError extends Error {}

/**
 * The codec server the Web UI calls (`POST <endpoint>/decode` and `/encode`, `{payloads}` in
 * proto3 JSON both ways, `X-Namespace` header), with CORS for the UI's origins only.
 */
export async function startCodecServer(options: CodecServerOptions): Promise<CodecServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.mode === 'local' && !LOOPBACK.has(host))
    throw new CodecServerConfigError(
      'a local codec server binds to loopback only; use production mode to serve others',
    );
  if (options.mode === 'production' && (!options.tls || !options.verifier))
    throw new CodecServerConfigError(
      'a production codec server needs TLS (certificate and key) and an access-token verifier',
    );
  const codec = new EncryptionCodec(options.keyring);
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, options, codec).catch(() => {
      if (!res.headersSent) reply(res, 500, { message: 'codec server error' }, {});
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler)
    : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function corsHeaders(req: IncomingMessage, allowed: readonly string[]): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin || !allowed.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, x-namespace, authorization, authorization-extras',
    'access-control-allow-credentials': 'true',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: CodecServerOptions,
  codec: EncryptionCodec,
): Promise<void> {
  const cors = corsHeaders(req, options.allowedOrigins);
  // A browser call from an origin that is not the UI's gets no CORS headers, so the browser drops it.
  if (req.headers.origin && Object.keys(cors).length === 0)
    return reply(res, 403, { message: 'origin not allowed' }, {});
  if (req.method === 'OPTIONS') return reply(res, 204, undefined, cors);
  const path = new URL(req.url ?? '/', 'http://codec').pathname;
  const action = path.endsWith('/decode') ? 'decode' : path.endsWith('/encode') ? 'encode' : undefined;
  if (req.method !== 'POST' || !action) return reply(res, 404, { message: 'POST /encode or /decode' }, cors);
  if (options.mode === 'production') {
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    try {
      if (!token) throw new TokenError('no bearer token');
      await options.verifier?.verify(token);
    } catch (err) {
      const reason = (err as Error).message;
      // The provider's keys could not be had: the token may be valid, so not 401 (which says "get
      // another token"); a 5xx like the handler's own failures, 503 because it passes once the provider
      // answers again. The body says which, so an operator does not log in again for nothing.
      if (err instanceof KeySetUnavailableError) {
        options.logger?.error({ action, reason }, 'codec request refused: access tokens cannot be verified');
        return reply(
          res,
          503,
          { message: 'access tokens cannot be verified right now; try again later' },
          cors,
        );
      }
      options.logger?.warn({ action, reason }, 'codec request refused');
      return reply(res, 401, { message: 'a valid access token is required' }, cors);
    }
  }
  let payloads: Payload[];
  try {
    payloads = fromJson(await readJson(req));
  } catch (err) {
    return reply(res, 400, { message: (err as Error).message }, cors);
  }
  try {
    const out = action === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    return reply(res, 200, { payloads: out.map(toJson) }, cors);
  } catch (err) {
    return reply(res, 400, { message: (err as Error).message }, cors);
  }
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Error('body is not JSON');
  }
}

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** proto3 JSON (base64 bytes, metadata values included) to payloads; a bad shape is an error. */
function fromJson(body: unknown): Payload[] {
  const list = (body as { payloads?: unknown })?.payloads;
  if (!Array.isArray(list)) throw new Error('body must be {"payloads": [...]}');
  return list.map((p: JsonPayload, i) => {
    if (!p || typeof p !== 'object') throw new Error(`payloads.${i}: must be an object`);
    const metadata: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(p.metadata ?? {})) {
      if (typeof v !== 'string') throw new Error(`payloads.${i}.metadata.${k}: must be base64`);
      metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
    }
    if (p.data !== undefined && typeof p.data !== 'string')
      throw new Error(`payloads.${i}.data: must be base64`);
    return { metadata, data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')) };
  });
}

function toJson(p: Payload): JsonPayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {}))
    metadata[k] = Buffer.from(v ?? new Uint8Array()).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
