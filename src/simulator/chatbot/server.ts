import { VirtualClock } from '../kit/clock';
import { FaultInjector } from '../kit/faults';
import { Router } from '../kit/http';
import { Journal } from '../kit/journal';
import { serve } from '../kit/serve';
import { adminRoutes } from './admin-routes';
import { complianceRoutes } from './compliance-routes';
import type { ChatbotSimulatorContext } from './context';
import { conversationRoutes } from './conversation-routes';
import { type ChatbotSimulatorOptions, defaultChatbotSimulatorOptions } from './options';
import { ChatbotStore } from './store';

/** A running chatbot (Laiye/ViaSay) simulator. */
export interface ChatbotSimulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`: the Data Compliance API, the Conversations log and `/admin`. */
  readonly url: string;
  readonly context: ChatbotSimulatorContext;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<ChatbotSimulatorOptions> {
  readonly port?: number;
  readonly host?: string;
  /** The real-time source under the virtual clock (tests may pin it). */
  readonly realNow?: () => number;
  /** Platform milliseconds per real millisecond (default 1). */
  readonly clockRate?: number;
  /** The real instant from which the clock runs at `clockRate` (a deployment's platform clock); default: start. */
  readonly clockEpochMs?: number;
}

/** Starts the simulator on loopback; every name and number is an option with the simulator's default. */
export async function startChatbotSimulator(start: StartOptions = {}): Promise<ChatbotSimulator> {
  const { port, host, realNow, clockRate, clockEpochMs, ...overrides } = start;
  const options = { ...defaultChatbotSimulatorOptions, ...overrides };
  const context: ChatbotSimulatorContext = {
    options,
    store: new ChatbotStore(options),
    clock: new VirtualClock(realNow, clockRate, clockEpochMs),
    journal: new Journal(),
    faults: new FaultInjector(),
  };
  const router = new Router();
  complianceRoutes(router, context);
  conversationRoutes(router, context);
  adminRoutes(router, context);

  const served = await serve(router, context, {
    ...(port !== undefined ? { port } : {}),
    ...(host !== undefined ? { host } : {}),
    // Valid JSON that breaks every route's shape: ids and flags of the wrong type, no message string.
    malformedBody: '{"conversations": [{"id": 42, "deleted": "maybe"}], "page": "one", "message": 7}',
  });
  return { url: served.url, context, close: served.close };
}
