import { randomUUID } from 'node:crypto';
import { VirtualClock } from '../../kit/clock';
import { FaultInjector } from '../../kit/faults';
import { Router } from '../../kit/http';
import { Journal } from '../../kit/journal';
import { serve } from '../../kit/serve';
import type { SimulatorStartOptions } from '../../kit/start-options';
import { adminRoutes } from './admin-routes';
import { apiRoutes } from './api-routes';
import { type OneTrustContext, settingsOf } from './context';
import { oauthRoutes } from './oauth-routes';
import { defaultOneTrustOptions, type OneTrustOptions } from './options';
import { MinuteLimiter } from './rate-limit';
import { OneTrustStore } from './store';
import { OneTrustTokens } from './tokens';

/** A running OneTrust simulator: one tenant's token endpoint, subtask API and HTTP action, and `/admin`. */
export interface OneTrustSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the tenant's host Lethe calls, and `/admin`. */
  readonly url: string;
  readonly context: OneTrustContext;
  close(): Promise<void>;
}

export type OneTrustStartOptions = Partial<OneTrustOptions> & SimulatorStartOptions;

/** Starts the simulator on loopback; every value is an option. */
export async function startOneTrustSimulator(start: OneTrustStartOptions = {}): Promise<OneTrustSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options: OneTrustOptions = { ...defaultOneTrustOptions, ...overrides };
  const context: OneTrustContext = {
    options,
    settings: settingsOf(options),
    tenant: { tenantGuid: randomUUID(), tenantId: 1, orgGroupGuid: randomUUID() },
    store: new OneTrustStore(),
    tokens: new OneTrustTokens(),
    limiter: new MinuteLimiter(),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    journal: new Journal(),
    faults: new FaultInjector(),
  };
  const router = new Router();
  oauthRoutes(router, context);
  apiRoutes(router, context);
  adminRoutes(router, context);

  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    // Valid JSON that is neither a token answer (wrong types) nor the status call's boolean.
    malformedBody: '{"access_token": 42, "token_type": null, "expires_in": "soon"}',
    errorBody: { status: 500, error: 'Internal Server Error', message: 'Internal server error' },
  });
  return { url: served.url, context, close: served.close };
}

export type { OneTrustContext, TenantIdentity, TenantSettings } from './context';
export type { HttpActionBody } from './http-action';
export type { OneTrustHeader, OneTrustOptions } from './options';
export { defaultOneTrustOptions };
