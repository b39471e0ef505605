import { createLogger } from '../../logger';
import { startLivePersonSimulator } from './server';

/**
 * Runs the LivePerson simulator on its own, for trying Lethe before connecting a real account.
 * LETHE_SIMULATOR_PORT (default 8484); LETHE_SIMULATOR_DAY_MS shortens the deletion lifecycle
 * (grace = 5 days, processing = 20 days of that length).
 */
async function main(): Promise<void> {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  const port = Number(process.env.LETHE_SIMULATOR_PORT ?? 8484);
  const dayMs = process.env.LETHE_SIMULATOR_DAY_MS ? Number(process.env.LETHE_SIMULATOR_DAY_MS) : undefined;
  const sim = await startLivePersonSimulator({
    port,
    ...(dayMs ? { graceMs: 5 * dayMs, processingMs: 20 * dayMs } : {}),
  });
  logger.info(
    { url: sim.url, accountId: sim.context.options.accountId, clientId: sim.context.options.clientId },
    'LivePerson simulator listening',
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  createLogger('error').fatal(
    { error: err instanceof Error ? err.message : String(err) },
    'simulator failed',
  );
  process.exit(1);
});
