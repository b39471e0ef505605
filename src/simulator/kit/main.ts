import { createLogger } from '../../ops/logger';
import { untilStopSignal } from '../../ops/process-lifecycle';

/**
 * Runs one simulator until SIGINT/SIGTERM: starts it, logs where it listens (and what a client needs to
 * know), closes it on the signal. Rejects with the reason if it cannot start.
 */
export async function runSimulator(
  name: string,
  start: () => Promise<{ url: string; close(): Promise<void>; details?: Record<string, unknown> }>,
): Promise<void> {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  const sim = await start();
  logger.info({ url: sim.url, ...sim.details }, `${name} simulator listening`);
  const signal = await untilStopSignal();
  await sim.close();
  logger.info({ signal }, `${name} simulator stopped`);
}
