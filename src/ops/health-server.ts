import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BindAddress } from '../config/schemas';
import type { HealthReport, WorkerHealth } from './health';

/** A listening health server. */
export interface HealthServer {
  /** Where it listens (the port the system picked when asked for port 0). */
  readonly host: string;
  readonly port: number;
  /** `http://host:port`, for probes and tests. */
  readonly url: string;
  close(): Promise<void>;
}

const ROUTES: Record<string, (r: HealthReport) => boolean> = {
  '/healthz': (r) => r.live,
  '/readyz': (r) => r.ready,
};

function answer(health: WorkerHealth, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://health').pathname;
  const check = ROUTES[path];
  const send = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
  };
  if (!check) send(404, { error: 'not found' });
  else if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(405, { error: 'method not allowed' });
  } else {
    const report = health.report();
    send(check(report) ? 200 : 503, report);
  }
}

/**
 * Serves `/healthz` (liveness) and `/readyz` (readiness) from `health`: 200 or 503 with the report as
 * JSON. The Temporal SDK has no health endpoint of its own.
 */
export async function startHealthServer(health: WorkerHealth, address: BindAddress): Promise<HealthServer> {
  const server = createServer((req, res) => answer(health, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    host: bound.address,
    port: bound.port,
    url: `http://${host}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        // Probes keep connections alive: drop them, or close would wait for their idle timeout.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
