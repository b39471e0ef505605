import { ConfigError, platformClockFromEnvironment } from '../config';
import type { PlatformId } from '../domain/platforms';
import { DAY_MS } from '../domain/timing';

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
export function clockOptions(env: NodeJS.ProcessEnv = process.env) {
  const clock = platformClockFromEnvironment(env);
  if (!clock) return {};
  // On a fast clock an hour-long token would expire between two calls: give it a year.
  return { clockRate: clock.rate, clockEpochMs: clock.epochMs, tokenTtlMs: 365 * DAY_MS };
}

/**
 * A platform's simulator on its own, for trying Lethe before connecting a real account: from the
 * platform's folder (`src/simulator/<id>/runner.ts`), found by the platform's id.
 */
export async function simulatorRunner(platform: PlatformId): Promise<SimulatorRunner> {
  const loaded = (await import(/* @vite-ignore */ `./${platform}/runner.js`)) as { runner?: SimulatorRunner };
  if (!loaded.runner) throw new Error(`src/simulator/${platform}/runner.ts exports no runner`);
  return loaded.runner;
}

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
