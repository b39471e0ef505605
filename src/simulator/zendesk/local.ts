import type { LocalPlatform } from '../kit/local-platform';
import { ZendeskAdminClient } from './admin-client';
import { demoSeeder } from './demo-person';
import type { ZendeskSimulatorOptions } from './options';
import { startZendeskSimulator, type ZendeskSimulator } from './server';

/** The Zendesk simulator in a local stack, and the settings that reach it (Support and messaging). */
export const local: LocalPlatform<ZendeskAdminClient, ZendeskSimulator, Partial<ZendeskSimulatorOptions>> = {
  demo: demoSeeder,
  adminAt: (settings) =>
    typeof settings.baseUrl === 'string' && settings.baseUrl !== ''
      ? new ZendeskAdminClient(settings.baseUrl)
      : undefined,
  async start(clock, overrides) {
    // Its API token does not expire: the clock's token lifetime is not an option of its own.
    const { tokenTtlMs: _none, ...own } = clock as { tokenTtlMs?: number };
    const sim = await startZendeskSimulator({ ...own, ...overrides });
    const o = sim.context.options;
    return {
      sim,
      url: sim.url,
      admin: new ZendeskAdminClient(sim.url),
      clock: sim.context.clock,
      settings: (apiBasePath = '') => ({
        baseUrl: `${sim.url}${apiBasePath}`,
        email: o.agentEmail,
        apiToken: o.apiToken,
        ratePerMinute: o.ratePerMinute,
        messagingUrl: sim.url,
        messagingAppId: o.messagingAppId,
        messagingKeyId: o.messagingKeyId,
        messagingKeySecret: o.messagingKeySecret,
      }),
      close: () => sim.close(),
    };
  },
};
