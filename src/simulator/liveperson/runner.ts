import { clockOptions, type SimulatorRunner } from '../runners';
import { startLivePersonSimulator } from './server';

/** This platform's simulator as a process runs it (`lethe simulator liveperson`), found by the folder's name. */
export const runner: SimulatorRunner = {
  name: 'LivePerson',
  portVariable: 'LETHE_SIMULATOR_PORT',
  defaultPort: 8484,
  async start(port, host) {
    const sim = await startLivePersonSimulator({ port, ...(host ? { host } : {}), ...clockOptions() });
    const { accountId, clientId } = sim.context.options;
    return { ...sim, details: { accountId, clientId } };
  },
};
