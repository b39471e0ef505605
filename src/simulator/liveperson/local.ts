import type { LocalPlatform } from '../kit/local-platform';
import { LivePersonAdminClient } from './admin-client';
import { demoSeeder } from './demo-person';
import { type LivePersonSimulator, type StartOptions, startLivePersonSimulator } from './server';

/** The LivePerson simulator in a local stack, and the settings that reach it. */
export const local: LocalPlatform<LivePersonAdminClient, LivePersonSimulator, StartOptions> = {
  demo: demoSeeder,
  // Its seeder needs the account too (engagement ids begin with it).
  adminAt: (settings) =>
    typeof settings.domainApiUrl === 'string' &&
    settings.domainApiUrl !== '' &&
    typeof settings.accountId === 'string'
      ? new LivePersonAdminClient(settings.domainApiUrl)
      : undefined,
  async start(clock, overrides) {
    const sim = await startLivePersonSimulator({ ...clock, ...overrides });
    const o = sim.context.options;
    return {
      sim,
      url: sim.url,
      admin: new LivePersonAdminClient(sim.url),
      clock: sim.context.clock,
      settings: (apiBasePath = '') => ({
        accountId: o.accountId,
        domainApiUrl: `${sim.url}${apiBasePath}`,
        clientId: o.clientId,
        clientSecret: o.clientSecret,
      }),
      monthlyQuota: o.monthlyQuota,
      close: () => sim.close(),
    };
  },
};
