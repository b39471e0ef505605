import { VirtualClock } from '../../kit/clock';
import { FaultInjector } from '../../kit/faults';
import { Router } from '../../kit/http';
import { Journal } from '../../kit/journal';
import { serve } from '../../kit/serve';
import type { SimulatorStartOptions } from '../../kit/start-options';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api-routes';
import { siloSettingsOf, type TranscendContext } from './context';
import { defaultTranscendOptions, type TranscendOptions } from './options';
import { SlidingWindowLimiter } from './rate-limit';
import { SombraSigner } from './signing';
import { TranscendStore } from './store';

/** A running Transcend simulator: one data silo, its Sombra gateway, and `/admin`. */
export interface TranscendSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the Sombra URL Lethe calls, and `/admin`. */
  readonly url: string;
  readonly context: TranscendContext;
  close(): Promise<void>;
}

export type TranscendStartOptions = Partial<TranscendOptions> & SimulatorStartOptions;

/** Starts the simulator on loopback with a fresh ES384 signing key; every value is an option. */
export async function startTranscendSimulator(
  start: TranscendStartOptions = {},
): Promise<TranscendSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options: TranscendOptions = { ...defaultTranscendOptions, ...overrides };
  const context: TranscendContext = {
    options,
    silo: siloSettingsOf(options),
    store: new TranscendStore(),
    signer: await SombraSigner.create(),
    limiter: new SlidingWindowLimiter(),
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
    // Valid JSON that fits no route: a pending list of wrongly typed items, and no PEM where a key is due.
    malformedBody: '{"items": [{"identifier": 42, "nonce": null, "requestId": true}]}',
  });
  context.baseUrl = served.url;
  return { url: served.url, context, close: served.close };
}
