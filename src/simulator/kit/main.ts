import { createLogger } from '../../logger';

/**
 * Runs one simulator as its own process until SIGINT/SIGTERM: starts it, logs where it listens (and
 * what a client needs to know), and exits non-zero with the reason if it cannot start.
 */
export function runSimulator(
  name: string,
  start: () => Promise<{ url: string; close(): Promise<void>; details?: Record<string, unknown> }>,
): void {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  start()
    .then((sim) => {
      logger.info({ url: sim.url, ...sim.details }, `${name} simulator listening`);
      const stop = (): void => {
        void sim.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err: unknown) => {
      logger.fatal({ error: err instanceof Error ? err.message : String(err) }, `${name} simulator failed`);
      process.exit(1);
    });
}

/** `LETHE_SIMULATOR_DAY_MS`: a shorter platform day for trying things out, if set. */
export function simulatorDayMs(): number | undefined {
  const v = process.env.LETHE_SIMULATOR_DAY_MS;
  return v ? Number(v) : undefined;
}
