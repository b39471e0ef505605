import { ConfigError, platformClockFromEnvironment } from '../config';
import type { PlatformId } from '../domain/platforms';
import { DAY_MS } from '../domain/timing';
import { startChatbotSimulator } from './chatbot/server';
import { startGenesysSimulator } from './genesys/server';
import { startLivePersonSimulator } from './liveperson/server';

/** A simulator as a process runs it: what to call it, where it listens by default, how to start it. */
export interface SimulatorRunner {
  readonly name: string;
  /** The variable that sets its port, and the port without it. */
  readonly portVariable: string;
  readonly defaultPort: number;
  start(
    port: number,
    host?: string,
  ): Promise<{ url: string; close(): Promise<void>; details?: Record<string, unknown> }>;
}

/**
 * The simulators' clock: the deployment's platform clock (LETHE_TIME_PROFILE=compressed with
 * LETHE_DAY_MS and LETHE_PLATFORM_CLOCK_EPOCH, as Lethe's workers and clients read them), so the
 * platforms keep their documented durations on the same compressed calendar as Lethe. Real time otherwise.
 */
function clockOptions(env: NodeJS.ProcessEnv = process.env) {
  const clock = platformClockFromEnvironment(env);
  if (!clock) return {};
  // On a fast clock an hour-long token would expire between two calls: give it a year.
  return { clockRate: clock.rate, clockEpochMs: clock.epochMs, tokenTtlMs: 365 * DAY_MS };
}

/** Each platform's simulator on its own, for trying Lethe before connecting a real account. */
export const simulatorRunners: Record<PlatformId, SimulatorRunner> = {
  liveperson: {
    name: 'LivePerson',
    portVariable: 'LETHE_SIMULATOR_PORT',
    defaultPort: 8484,
    async start(port, host) {
      const sim = await startLivePersonSimulator({ port, ...(host ? { host } : {}), ...clockOptions() });
      const { accountId, clientId } = sim.context.options;
      return { ...sim, details: { accountId, clientId } };
    },
  },
  genesys: {
    name: 'Genesys Cloud',
    portVariable: 'LETHE_GENESYS_SIMULATOR_PORT',
    defaultPort: 8485,
    async start(port, host) {
      const sim = await startGenesysSimulator({ port, ...(host ? { host } : {}), ...clockOptions() });
      return { ...sim, details: { clientId: sim.context.options.clientId } };
    },
  },
  chatbot: {
    name: 'chatbot',
    portVariable: 'LETHE_CHATBOT_SIMULATOR_PORT',
    defaultPort: 8486,
    async start(port, host) {
      const { tokenTtlMs: _none, ...clock } = clockOptions();
      const sim = await startChatbotSimulator({ port, ...(host ? { host } : {}), ...clock });
      return { ...sim, details: { uciKey: sim.context.options.uciKey } };
    },
  },
};

/** Where a simulator binds: LETHE_SIMULATOR_HOST (0.0.0.0 in a container), else loopback. */
export const bindHostOf = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  env.LETHE_SIMULATOR_HOST || undefined;

/** The port a runner listens on: its variable if set, else its default. A bad value names the variable. */
export function portOf(runner: SimulatorRunner, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[runner.portVariable];
  if (raw === undefined || raw === '') return runner.defaultPort;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new ConfigError([`${runner.portVariable}: must be a port number (0 to 65535)`]);
  return port;
}
