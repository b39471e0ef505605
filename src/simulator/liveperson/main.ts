import { runSimulator, simulatorDayMs } from '../kit/main';
import { startLivePersonSimulator } from './server';

/**
 * Runs the LivePerson simulator on its own, for trying Lethe before connecting a real account.
 * LETHE_SIMULATOR_PORT (default 8484); LETHE_SIMULATOR_DAY_MS shortens the deletion lifecycle
 * (grace = 5 days, processing = 20 days of that length).
 */
runSimulator('LivePerson', async () => {
  const dayMs = simulatorDayMs();
  const sim = await startLivePersonSimulator({
    port: Number(process.env.LETHE_SIMULATOR_PORT ?? 8484),
    ...(dayMs ? { graceMs: 5 * dayMs, processingMs: 20 * dayMs } : {}),
  });
  const { accountId, clientId } = sim.context.options;
  return { ...sim, details: { accountId, clientId } };
});
