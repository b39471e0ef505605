import { clockOptions, type SimulatorRunner } from '../runners';
import { startChatbotSimulator } from './server';

/** This platform's simulator as a process runs it (`lethe simulator chatbot`), found by the folder's name. */
export const runner: SimulatorRunner = {
  name: 'chatbot',
  portVariable: 'LETHE_CHATBOT_SIMULATOR_PORT',
  defaultPort: 8486,
  async start(port, host) {
    const { tokenTtlMs: _none, ...clock } = clockOptions();
    const sim = await startChatbotSimulator({ port, ...(host ? { host } : {}), ...clock });
    return { ...sim, details: { uciKey: sim.context.options.uciKey } };
  },
};
