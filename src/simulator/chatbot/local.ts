import type { LocalPlatform } from '../kit/local-platform';
import { ChatbotAdminClient } from './admin-client';
import { demoSeeder } from './demo-person';
import type { ChatbotSimulatorOptions } from './options';
import { type ChatbotSimulator, startChatbotSimulator } from './server';

/** The chatbot simulator in a local stack, and the settings that reach it. */
export const local: LocalPlatform<ChatbotAdminClient, ChatbotSimulator, Partial<ChatbotSimulatorOptions>> = {
  demo: demoSeeder,
  adminAt: (settings) =>
    typeof settings.baseUrl === 'string' && settings.baseUrl !== ''
      ? new ChatbotAdminClient(settings.baseUrl)
      : undefined,
  async start(clock, overrides) {
    // Its API token does not expire: the clock's token lifetime is not an option of its own.
    const { tokenTtlMs: _none, ...own } = clock as { tokenTtlMs?: number };
    const sim = await startChatbotSimulator({ ...own, ...overrides });
    const o = sim.context.options;
    return {
      sim,
      url: sim.url,
      admin: new ChatbotAdminClient(sim.url),
      clock: sim.context.clock,
      settings: (apiBasePath = '') => ({
        baseUrl: `${sim.url}${apiBasePath}`,
        apiToken: o.apiToken,
        uciKey: o.uciKey,
      }),
      close: () => sim.close(),
    };
  },
};
