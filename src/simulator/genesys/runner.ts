import { clockOptions, type SimulatorRunner } from '../runners';
import { startGenesysSimulator } from './server';

/** This platform's simulator as a process runs it (`lethe simulator genesys`), found by the folder's name. */
export const runner: SimulatorRunner = {
  name: 'Genesys Cloud',
  portVariable: 'LETHE_GENESYS_SIMULATOR_PORT',
  defaultPort: 8485,
  async start(port, host) {
    const sim = await startGenesysSimulator({ port, ...(host ? { host } : {}), ...clockOptions() });
    return { ...sim, details: { clientId: sim.context.options.clientId } };
  },
};
