import { CallJournal } from '../../kit/call-journal';
import { VirtualClock } from '../../kit/clock';
import { FaultInjector } from '../../kit/faults';
import { Router } from '../../kit/http';
import { serve } from '../../kit/serve';
import type { SimulatorStartOptions } from '../../kit/start-options';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api-routes';
import { executorOf, type FidesContext } from './context';
import { defaultFidesOptions, type FidesOptions } from './options';
import { FidesStore } from './store';

/** A running Fides simulator: one deployment, Lethe's connector, the callback endpoint, and `/admin`. */
export interface FidesSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: Fides' URL Lethe calls back (`{url}/api/v1/…`), and `/admin`. */
  readonly url: string;
  readonly context: FidesContext;
  close(): Promise<void>;
}

export type FidesStartOptions = Partial<FidesOptions> & SimulatorStartOptions;

/** Starts the simulator on loopback; every value is an option. */
export async function startFidesSimulator(start: FidesStartOptions = {}): Promise<FidesSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options: FidesOptions = { ...defaultFidesOptions, ...overrides };
  const context: FidesContext = {
    options,
    executor: executorOf(options),
    store: new FidesStore(),
    inflight: new Set(),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    journal: new CallJournal(),
    faults: new FaultInjector(),
  };
  const router = new Router();
  apiRoutes(router, context);
  adminRoutes(router, context);

  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    // Valid JSON shaped like FastAPI's error, with `detail` of the wrong type.
    malformedBody: '{"detail": 500, "task_queued": "yes"}',
    errorBody: { detail: 'Internal Server Error' },
  });
  const close = async (): Promise<void> => {
    await Promise.allSettled([...context.inflight]);
    await served.close();
  };
  return { url: served.url, context, close };
}

export type { FidesContext } from './context';
export { CALLBACK_PATH, connectorContract } from './contract';
export type { FidesOptions } from './options';
export { defaultFidesOptions };
