import { CallJournal } from '../kit/call-journal';
import { VirtualClock } from '../kit/clock';
import { FaultInjector } from '../kit/faults';
import { Router } from '../kit/http';
import { serve } from '../kit/serve';
import type { SimulatorStartOptions } from '../kit/start-options';
import { adminRoutes } from './admin-routes';
import type { ZendeskContext } from './context';
import { deletedTicketRoutes } from './deleted-ticket-routes';
import { jobRoutes } from './job-routes';
import { messagingRoutes } from './messaging-routes';
import { defaultZendeskOptions, type ZendeskSimulatorOptions } from './options';
import { RateLimiter } from './rate-limits';
import { redactionRoutes } from './redaction-routes';
import { ZendeskStore } from './store';
import { SupportApi } from './support-http';
import { ticketRoutes } from './ticket-routes';
import { userRoutes } from './user-routes';

/**
 * A running Zendesk simulator: the Support API (`/api/v2/...`), Sunshine Conversations
 * (`/v2/apps/{appId}/...`) and `/admin` on one base URL.
 */
export interface ZendeskSimulator {
  readonly url: string;
  readonly context: ZendeskContext;
  close(): Promise<void>;
}

/** The options, plus where to listen and which clock to run on. */
export type ZendeskStartOptions = Partial<ZendeskSimulatorOptions> & SimulatorStartOptions;

/** Starts the simulator on loopback. */
export async function startZendeskSimulator(start: ZendeskStartOptions = {}): Promise<ZendeskSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options: ZendeskSimulatorOptions = { ...defaultZendeskOptions, ...overrides };
  const context: ZendeskContext = {
    options,
    store: new ZendeskStore(options),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    journal: new CallJournal(),
    faults: new FaultInjector(),
    limiter: new RateLimiter(),
    ratePerMinute: options.ratePerMinute,
    url: '',
  };
  const router = new Router();
  const support = new SupportApi(router, context);
  // Fixed paths (`search`, `show_many`, `destroy_many`) before the `{id}` ones they would match.
  userRoutes(support, context);
  ticketRoutes(support, context);
  deletedTicketRoutes(support, context);
  jobRoutes(support, context);
  redactionRoutes(support, context);
  support.fallback();
  messagingRoutes(router, context);
  adminRoutes(router, context);
  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    // Valid JSON that breaks every route's shape: lists that are not lists, ids and statuses of the wrong type.
    malformedBody:
      '{"users": "none", "user": {"id": "seven", "active": "no"}, "tickets": {}, "comments": [{"id": null}], ' +
      '"deleted_tickets": 7, "deleted_users": null, "job_status": {"id": 7, "status": 42}, "next_page": 3, ' +
      '"conversations": "none", "errors": "none"}',
    errorBody: { error: 'InternalServerError', description: 'Something went wrong on our end' },
  });
  context.url = served.url;
  return { url: served.url, context, close: served.close };
}
