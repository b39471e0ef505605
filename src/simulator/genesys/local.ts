import type { LocalPlatform } from '../kit/local-platform';
import { GenesysAdminClient } from './admin-client';
import { demoSeeder } from './demo-person';
import type { GenesysSimulatorOptions } from './options';
import { type GenesysSimulator, startGenesysSimulator } from './server';

/** The Genesys Cloud simulator in a local stack, and the settings that reach it. */
export const local: LocalPlatform<GenesysAdminClient, GenesysSimulator, Partial<GenesysSimulatorOptions>> = {
  demo: demoSeeder,
  adminAt: (settings) =>
    typeof settings.apiUrl === 'string' && settings.apiUrl !== ''
      ? new GenesysAdminClient(settings.apiUrl)
      : undefined,
  async start(clock, overrides) {
    const sim = await startGenesysSimulator({ ...clock, ...overrides });
    const o = sim.context.options;
    return {
      sim,
      url: sim.url,
      admin: new GenesysAdminClient(sim.url),
      clock: sim.context.clock,
      settings: (apiBasePath = '') => ({
        apiUrl: `${sim.url}${apiBasePath}`,
        loginUrl: sim.url,
        clientId: o.clientId,
        clientSecret: o.clientSecret,
        ratePerMinute: o.ratePerMinute,
      }),
      close: () => sim.close(),
    };
  },
};
