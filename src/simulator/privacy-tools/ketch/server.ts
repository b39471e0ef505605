import { VirtualClock } from '../../kit/clock';
import { FaultInjector } from '../../kit/faults';
import { Router } from '../../kit/http';
import { Journal } from '../../kit/journal';
import { serve } from '../../kit/serve';
import type { SimulatorStartOptions } from '../../kit/start-options';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api-routes';
import { endpointOf, type KetchContext } from './context';
import { API_VERSION } from './contract';
import { defaultKetchOptions, type KetchOptions } from './options';
import { KetchStore } from './store';

/** A running Ketch simulator: one tenant, its forwarder, the callbacks, and `/admin`. */
export interface KetchSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: callbacks and `/admin` live under it. */
  readonly url: string;
  readonly context: KetchContext;
  close(): Promise<void>;
}

export type KetchStartOptions = Partial<KetchOptions> & SimulatorStartOptions;

/** Starts the simulator on loopback; every value is an option. */
export async function startKetchSimulator(start: KetchStartOptions = {}): Promise<KetchSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options: KetchOptions = { ...defaultKetchOptions, ...overrides };
  const context: KetchContext = {
    options,
    endpoint: endpointOf(options),
    store: new KetchStore(),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    journal: new Journal(),
    faults: new FaultInjector(),
    baseUrl: '',
  };
  const router = new Router();
  apiRoutes(router, context);
  adminRoutes(router, context);

  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    // Valid JSON shaped like Ketch's Error, with every field of the wrong type.
    malformedBody: '{"apiVersion": 1, "kind": null, "metadata": [], "error": "internal"}',
    errorBody: {
      apiVersion: API_VERSION,
      kind: 'Error',
      metadata: {},
      error: { code: 500, status: 'internal', message: 'Internal error' },
    },
  });
  context.baseUrl = served.url;
  return { url: served.url, context, close: served.close };
}

export type { KetchContext } from './context';
export type { KetchHeader, KetchOptions } from './options';
export { defaultKetchOptions };
