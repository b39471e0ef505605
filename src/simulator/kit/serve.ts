import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { VirtualClock } from './clock';
import type { FaultInjector } from './faults';
import {
  ContractError,
  close,
  createServer,
  listen,
  type Router,
  readBody,
  type SimResponse,
  send,
} from './http';
import type { Journal } from './journal';

/** What every simulator shares with the kit's server loop: its clock, journal and fault injector. */
export interface SimulatorCore {
  readonly clock: VirtualClock;
  readonly journal: Journal;
  readonly faults: FaultInjector;
}

export interface ServeOptions {
  readonly port?: number;
  readonly host?: string;
  /** The body an injected "malformed" fault answers with: shaped like the platform's, but broken. */
  readonly malformedBody: string;
  /** The body of an injected 500. */
  readonly errorBody?: unknown;
}

/**
 * Serves `router` on loopback: injects the configured faults into platform calls, answers contract
 * breaches with their status and message, and journals every platform call (admin calls are not).
 */
export async function serve(
  router: Router,
  core: SimulatorCore,
  options: ServeOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    handle(router, core, options, req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'simulator error' } });
    });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  return { url, close: () => close(server) };
}

async function handle(
  router: Router,
  core: SimulatorCore,
  options: ServeOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = new URL(req.url ?? '/', 'http://simulator');
  const path = parsed.pathname;
  const method = req.method ?? 'GET';
  const admin = path.startsWith('/admin/');
  const journal = (
    status: number,
    violations: string[],
    fault?: string,
    notes: Pick<SimResponse, 'repeatOf' | 'overlaps'> = {},
  ): void => {
    if (admin) return;
    core.journal.add({
      at: new Date(core.clock.now()).toISOString(),
      method,
      path: `${path}${parsed.search}`,
      status,
      violations,
      ...(fault ? { fault } : {}),
      ...(notes.repeatOf !== undefined ? { repeatOf: notes.repeatOf } : {}),
      ...(notes.overlaps !== undefined ? { overlaps: notes.overlaps } : {}),
    });
  };

  let loseAnswer = false;
  if (!admin) {
    if (core.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, core.faults.latencyMs));
    const fault = core.faults.decide(path, method);
    loseAnswer = fault === 'lost_answer';
    if (fault === 'timeout') {
      journal(0, [], 'timeout');
      setTimeout(() => req.socket.destroy(), core.faults.timeoutHoldMs).unref();
      return;
    }
    if (fault === 'error') {
      journal(500, [], 'error');
      return send(res, { status: 500, body: options.errorBody ?? { message: 'Internal server error' } });
    }
    if (fault === 'malformed') {
      journal(200, [], 'malformed');
      return send(res, { status: 200, raw: options.malformedBody });
    }
  }

  let response: SimResponse;
  try {
    const route = router.match(method, path);
    if (!route) throw new ContractError(404, `no route for ${method} ${path}`);
    const body = await readBody(req);
    response = await route.handler({
      method,
      path,
      query: parsed.searchParams,
      headers: req.headers,
      body,
      params: route.params,
    });
    journal(response.status, [], loseAnswer ? 'lost_answer' : undefined, response);
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    journal(err.status, err.violation ? [err.message] : [], loseAnswer ? 'lost_answer' : undefined);
    response = { status: err.status, headers: err.headers, body: err.body ?? { message: err.message } };
  }
  // The platform acted; its answer never reaches the caller.
  if (loseAnswer) req.socket.destroy();
  else send(res, response);
}
