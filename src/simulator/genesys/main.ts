import { createLogger } from '../../logger';
import { startGenesysSimulator } from './server';

/**
 * Runs the Genesys Cloud simulator on its own, for trying Lethe before connecting a real org.
 * LETHE_GENESYS_SIMULATOR_PORT (default 8485); LETHE_SIMULATOR_DAY_MS shortens a GDPR request's run
 * (completed one simulated day after it was made).
 */
async function main(): Promise<void> {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  const port = Number(process.env.LETHE_GENESYS_SIMULATOR_PORT ?? 8485);
  const dayMs = process.env.LETHE_SIMULATOR_DAY_MS ? Number(process.env.LETHE_SIMULATOR_DAY_MS) : undefined;
  const sim = await startGenesysSimulator({
    port,
    ...(dayMs ? { searchingAfterMs: dayMs / 24, erasingAfterMs: dayMs / 12, completedAfterMs: dayMs } : {}),
  });
  logger.info({ url: sim.url, clientId: sim.context.options.clientId }, 'Genesys Cloud simulator listening');
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
