import { createLogger } from '../../logger';
import { startChatbotSimulator } from './server';

/**
 * Runs the chatbot simulator on its own, for trying Lethe before connecting a real bot.
 * LETHE_CHATBOT_SIMULATOR_PORT (default 8486); LETHE_SIMULATOR_DAY_MS shortens the one-day delay
 * before an accepted delete is carried out.
 */
async function main(): Promise<void> {
  const logger = createLogger(process.env.LETHE_LOG_LEVEL ?? 'info');
  const port = Number(process.env.LETHE_CHATBOT_SIMULATOR_PORT ?? 8486);
  const dayMs = process.env.LETHE_SIMULATOR_DAY_MS ? Number(process.env.LETHE_SIMULATOR_DAY_MS) : undefined;
  const sim = await startChatbotSimulator({ port, ...(dayMs ? { deletionDelayMs: dayMs } : {}) });
  logger.info({ url: sim.url, uciKey: sim.context.options.uciKey }, 'chatbot simulator listening');
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
