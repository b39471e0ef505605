import { createServer, type IncomingHttpHeaders, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A platform call whose answer the proxy holds: the platform has acted, the caller has heard nothing. */
export interface HeldAnswer {
  readonly method: string;
  readonly path: string;
  /** The platform's status and body, as they would have reached the caller. */
  readonly status: number;
  readonly body: string;
}

/**
 * An HTTP proxy in front of one simulator, one per worker process, so a held call names the process
 * that made it. Once armed, it forwards the next matching request, lets the platform act on it and holds
 * the answer; the caller is left inside its call for as long as the test needs (a latency could not
 * promise that), and the test can kill it there. Everything else passes straight through.
 */
export interface AnswerHold {
  /** `http://127.0.0.1:port`: the platform URL the worker is configured with. */
  readonly url: string;
  /** Holds the answer of the next request `matches` accepts; resolves once the platform has answered it. */
  arm(matches: (method: string, path: string) => boolean): Promise<HeldAnswer>;
  /** Stops holding: later matching requests pass (one already held stays held). */
  disarm(): void;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Starts a proxy to `target` (`http://host:port`) on loopback. */
export async function startAnswerHold(target: string): Promise<AnswerHold> {
  const to = new URL(target);
  let armed:
    | { matches: (method: string, path: string) => boolean; held: (h: HeldAnswer) => void }
    | undefined;
  const holding = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const hold = armed?.matches(method, path) ? armed : undefined;
    if (hold) armed = undefined;
    // The Host header is kept: the simulator answers with service URIs on the host the worker used,
    // so every later call of that worker comes through this proxy too.
    const upstream = request(
      { host: to.hostname, port: to.port, method, path, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const reply: Answer = {
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: Buffer.concat(chunks),
          };
          if (!hold) return send(res, reply);
          holding.add(res);
          res.once('close', () => holding.delete(res));
          hold.held({
            method,
            path: new URL(path, 'http://proxy').pathname,
            status: reply.status,
            body: reply.body.toString('utf8'),
          });
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (matches) =>
      new Promise<HeldAnswer>((held) => {
        armed = { matches, held };
      }),
    disarm() {
      armed = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of holding) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
