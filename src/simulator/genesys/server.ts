import { VirtualClock } from '../kit/clock';
import { FaultInjector } from '../kit/faults';
import { Router } from '../kit/http';
import { Journal } from '../kit/journal';
import { serve } from '../kit/serve';
import { TokenIssuer } from '../kit/tokens';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api-routes';
import { type GenesysContext, RateLimiter } from './context';
import { oauthRoutes } from './oauth-routes';
import { defaultGenesysOptions, type GenesysSimulatorOptions } from './options';
import { GenesysStore } from './store';

/** A running Genesys Cloud simulator: API, login (OAuth) and `/admin` on one base URL. */
export interface GenesysSimulator {
  readonly url: string;
  readonly context: GenesysContext;
  close(): Promise<void>;
}

export interface GenesysStartOptions extends Partial<GenesysSimulatorOptions> {
  readonly port?: number;
  readonly host?: string;
  /** The real-time source under the virtual clock (tests pin it). */
  readonly realNow?: () => number;
  /** Platform milliseconds per real millisecond (default 1). */
  readonly clockRate?: number;
  /** The real instant from which the clock runs at `clockRate` (a deployment's platform clock); default: start. */
  readonly clockEpochMs?: number;
}

/** Starts the simulator on loopback. */
export async function startGenesysSimulator(start: GenesysStartOptions = {}): Promise<GenesysSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options = { ...defaultGenesysOptions, ...overrides };
  const context: GenesysContext = {
    options,
    store: new GenesysStore(options),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    tokens: new TokenIssuer(),
    journal: new Journal(),
    faults: new FaultInjector(),
    limiter: new RateLimiter(),
    ratePerMinute: options.ratePerMinute,
    clientSecret: options.clientSecret,
  };
  let url = '';
  const router = new Router();
  oauthRoutes(router, context);
  apiRoutes(router, context, () => url);
  adminRoutes(router, context);
  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    malformedBody: '{"entities": "not-a-list", "conversations": [{"conversationId": 7',
    errorBody: { message: 'The service is currently unavailable', code: 'service.unavailable', status: 503 },
  });
  url = served.url;
  return { url, context, close: served.close };
}
