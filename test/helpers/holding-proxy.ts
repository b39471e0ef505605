import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a simulator that, once armed, holds the next request until released: an
 * activity is then provably in flight for as long as a test needs, without sleeping on a latency.
 */
export interface HoldingProxy {
  /** `http://127.0.0.1:port`. */
  readonly url: string;
  /** `127.0.0.1:port`, for the simulator to point its service URIs at. */
  readonly host: string;
  /** Holds the next request that arrives; resolves with its path once one is held. */
  arm(): Promise<string>;
  /** Lets the held request (and every later one) through. */
  release(): void;
  close(): Promise<void>;
}

/** Starts a proxy to `target` (an `http://host:port` URL) on loopback. */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const to = new URL(target);
  let onHeld: ((path: string) => void) | undefined;
  let gate: Promise<void> = Promise.resolve();
  let open = (): void => undefined;
  const server = createServer((req, res) => {
    const hold = onHeld;
    onHeld = undefined;
    hold?.(req.url ?? '/');
    void (hold ? gate : Promise.resolve()).then(() => {
      // The Host header is kept: the simulator answers with service URIs on the host the client used.
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    arm() {
      gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      return new Promise<string>((resolve) => {
        onHeld = resolve;
      });
    },
    release() {
      onHeld = undefined;
      open();
    },
    close: () =>
      new Promise<void>((resolve) => {
        open();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
