import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import {
  ContractError,
  close,
  createServer,
  listen,
  Router,
  readBody,
  type SimResponse,
  send,
} from '../kit/http';
import { accessRoutes } from './access-routes';
import { adminRoutes } from './admin-routes';
import { VirtualClock } from './clock';
import { type SimulatorContext, TokenIssuer } from './context';
import { deletionRoutes } from './deletion-routes';
import { engagementRoutes } from './engagement-routes';
import { FaultInjector } from './faults';
import { Journal } from './journal';
import { messagingRoutes } from './messaging-routes';
import { defaultSimulatorOptions, type LivePersonSimulatorOptions } from './options';
import { LivePersonStore } from './store';

/** A running LivePerson simulator. */
export interface LivePersonSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the Domain API, every service and `/admin`. */
  readonly url: string;
  readonly context: SimulatorContext;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<LivePersonSimulatorOptions> {
  readonly port?: number;
  readonly host?: string;
  /** The real-time source under the virtual clock (tests may pin it). */
  readonly realNow?: () => number;
  /** Called when a deletion request is created, before its 201 is written. */
  readonly onDeletionCreated?: (requestId: number) => void;
  /** Platform milliseconds per real millisecond (default 1). */
  readonly clockRate?: number;
}

/** Starts the simulator on loopback. Every documented number is an option with the documented default. */
export async function startLivePersonSimulator(start: StartOptions = {}): Promise<LivePersonSimulator> {
  const { port, host, realNow, onDeletionCreated, clockRate, ...overrides } = start;
  const options = { ...defaultSimulatorOptions, ...overrides };
  const context: SimulatorContext = {
    options,
    store: new LivePersonStore(options),
    clock: new VirtualClock(realNow, clockRate),
    tokens: new TokenIssuer(),
    journal: new Journal(),
    faults: new FaultInjector(),
    host: '',
    clientSecret: options.clientSecret,
    ...(onDeletionCreated ? { onDeletionCreated } : {}),
  };
  const router = new Router();
  accessRoutes(router, context);
  messagingRoutes(router, context);
  engagementRoutes(router, context);
  deletionRoutes(router, context);
  adminRoutes(router, context);

  const server: Server = createServer((req, res) => {
    handle(router, context, req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'simulator error' } });
    });
  });
  const url = await listen(server, port ?? 0, host ?? '127.0.0.1');
  context.host = new URL(url).host;
  return { url, context, close: () => close(server) };
}

async function handle(
  router: Router,
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = new URL(req.url ?? '/', 'http://simulator');
  const path = parsed.pathname;
  const method = req.method ?? 'GET';
  const admin = path.startsWith('/admin/');
  const journal = (status: number, violations: string[], fault?: string): void => {
    if (!admin) {
      ctx.journal.add({
        at: new Date(ctx.clock.now()).toISOString(),
        method,
        path: `${path}${parsed.search}`,
        status,
        violations,
        ...(fault ? { fault } : {}),
      });
    }
  };

  if (!admin) {
    if (ctx.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, ctx.faults.latencyMs));
    const fault = ctx.faults.decide(path);
    if (fault === 'timeout') {
      journal(0, [], 'timeout');
      setTimeout(() => req.socket.destroy(), ctx.faults.timeoutHoldMs).unref();
      return;
    }
    if (fault === 'error') {
      journal(500, [], 'error');
      return send(res, { status: 500, body: { message: 'Internal server error' } });
    }
    if (fault === 'malformed') {
      journal(200, [], 'malformed');
      return send(res, { status: 200, raw: '{"_metadata": {"count": "many"}, "unexpected": [' });
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
    journal(response.status, []);
  } catch (err) {
    if (!(err instanceof ContractError)) throw err;
    journal(err.status, err.violation ? [err.message] : []);
    response = { status: err.status, body: { message: err.message } };
  }
  send(res, response);
}
