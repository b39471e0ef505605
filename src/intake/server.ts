import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErasureClient } from '../client';
import type { Logger } from '../ops/logger';
import type { InboundAnswer, IntakeAdapter } from './adapter';
import { type Admission, admit } from './admission';
import type { LetheApi } from './lethe-api/api';

export interface IntakeServerOptions {
  readonly client: ErasureClient;
  readonly adapters: readonly IntakeAdapter[];
  /** Lethe's own signed status API under `/v1/erasures`, when callers are configured. */
  readonly api?: LetheApi;
  /** The task queue of the intake's worker, where the reporters run. */
  readonly reportQueue: string;
  readonly pollMs: number;
  /** The reporters' first and longest retry waits (default theirs). */
  readonly retryInitialMs?: number;
  readonly retryMaximumMs?: number;
  readonly logger: Logger;
  readonly host?: string;
  readonly port?: number;
  readonly now?: () => Date;
}

export interface IntakeServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/**
 * The intake service's HTTP side (issue 19): `POST /intake/<adapter>[/…]` hands the call to that privacy
 * tool's adapter; an erasure it asks for is started or joined (the same subject arriving in several
 * calls is one erasure), and a reporter is started once per upstream request to tell the tool how it
 * goes. Nothing a caller sends can stop the process: every failure is an answer.
 */
export async function startIntakeServer(options: IntakeServerOptions): Promise<IntakeServer> {
  const adapters = new Map(options.adapters.map((a) => [a.id, a]));
  const now = options.now ?? (() => new Date());
  const admission: Admission = {
    client: options.client,
    reportQueue: options.reportQueue,
    pollMs: options.pollMs,
    ...(options.retryInitialMs !== undefined ? { retryInitialMs: options.retryInitialMs } : {}),
    ...(options.retryMaximumMs !== undefined ? { retryMaximumMs: options.retryMaximumMs } : {}),
  };
  const server: Server = createServer((req, res) => {
    handle(req)
      .then((answer) => send(res, answer))
      .catch((err: unknown) => {
        options.logger.error({ err: errorName(err) }, 'intake: call failed');
        if (!res.headersSent) send(res, { status: 500, body: { error: 'internal error' } });
      });
  });

  async function handle(req: IncomingMessage): Promise<InboundAnswer> {
    const path = new URL(req.url ?? '/', 'http://intake').pathname;
    if (options.api && (path === '/v1/erasures' || path.startsWith('/v1/erasures/'))) {
      const rawBody = req.method === 'GET' ? '' : await readBody(req);
      if (rawBody === undefined) return { status: 413, body: { error: 'body larger than 1 MiB' } };
      return admit(admission, await options.api.handle(req.method ?? 'GET', path, req.headers, rawBody));
    }
    const m = /^\/intake\/([a-z0-9-]+)(\/.*)?$/.exec(path);
    const adapter = m ? adapters.get(m[1] ?? '') : undefined;
    if (!adapter) return { status: 404, body: { error: 'no such intake' } };
    const methods = adapter.methods ?? ['POST'];
    const method = req.method ?? 'GET';
    if (!methods.includes(method))
      return {
        status: 405,
        body: { error: `${methods.join(', ')} only` },
        headers: { allow: methods.join(', ') },
      };
    const rawBody = method === 'GET' ? '' : await readBody(req);
    if (rawBody === undefined) return { status: 413, body: { error: 'body larger than 1 MiB' } };
    const query = new URL(req.url ?? '/', 'http://intake').searchParams;
    const outcome = await adapter.receive({ method, path, query, headers: req.headers, rawBody, now: now() });
    const answer = await admit(admission, outcome);
    if (outcome.kind === 'erase' && answer.status < 300)
      options.logger.info({ adapter: adapter.id }, 'intake: erasure started or joined');
    return answer;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, answer: InboundAnswer): void {
  const body = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
  res.writeHead(answer.status, {
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...answer.headers,
  });
  res.end(body);
}

const errorName = (err: unknown): string => (err instanceof Error ? err.name : 'unknown');
