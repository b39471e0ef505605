import { VirtualClock } from '../kit/clock';
import { FaultInjector } from '../kit/faults';
import { Router } from '../kit/http';
import { Journal } from '../kit/journal';
import { serve } from '../kit/serve';
import { TokenIssuer } from '../kit/tokens';
import { accessRoutes } from './access-routes';
import { adminRoutes } from './admin-routes';
import type { SimulatorContext } from './context';
import { deletionRoutes } from './deletion-routes';
import { engagementRoutes } from './engagement-routes';
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
  /** The real instant from which the clock runs at `clockRate` (a deployment's platform clock); default: start. */
  readonly clockEpochMs?: number;
}

/** Starts the simulator on loopback. Every documented number is an option with the documented default. */
export async function startLivePersonSimulator(start: StartOptions = {}): Promise<LivePersonSimulator> {
  const { port, host, realNow, onDeletionCreated, clockRate, clockEpochMs, ...overrides } = start;
  const options = { ...defaultSimulatorOptions, ...overrides };
  const context: SimulatorContext = {
    options,
    store: new LivePersonStore(options),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
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

  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    malformedBody: '{"_metadata": {"count": "many"}, "unexpected": [',
  });
  context.host = new URL(served.url).host;
  return { url: served.url, context, close: served.close };
}
