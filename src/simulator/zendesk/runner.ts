import { clockOptions, type SimulatorRunner } from '../runners';
import { startZendeskSimulator } from './server';

/** This platform's simulator as a process runs it (`lethe simulator zendesk`), found by the folder's name. */
export const runner: SimulatorRunner = {
  name: 'Zendesk',
  portVariable: 'LETHE_ZENDESK_SIMULATOR_PORT',
  defaultPort: 8487,
  async start(port, host) {
    // Its API token does not expire: the clock's token lifetime is not an option of its own.
    const { tokenTtlMs: _none, ...clock } = clockOptions();
    const sim = await startZendeskSimulator({ port, ...(host ? { host } : {}), ...clock });
    return { ...sim, details: { agentEmail: sim.context.options.agentEmail } };
  },
};
