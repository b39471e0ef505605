import { runSimulator, simulatorDayMs } from '../kit/main';
import { startChatbotSimulator } from './server';

/**
 * Runs the chatbot simulator on its own, for trying Lethe before connecting a real bot.
 * LETHE_CHATBOT_SIMULATOR_PORT (default 8486); LETHE_SIMULATOR_DAY_MS shortens the one-day delay
 * before an accepted delete is carried out.
 */
runSimulator('chatbot', async () => {
  const dayMs = simulatorDayMs();
  const sim = await startChatbotSimulator({
    port: Number(process.env.LETHE_CHATBOT_SIMULATOR_PORT ?? 8486),
    ...(dayMs ? { deletionDelayMs: dayMs } : {}),
  });
  return { ...sim, details: { uciKey: sim.context.options.uciKey } };
});
