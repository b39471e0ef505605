import { runSimulator, simulatorDayMs } from '../kit/main';
import { startGenesysSimulator } from './server';

/**
 * Runs the Genesys Cloud simulator on its own, for trying Lethe before connecting a real org.
 * LETHE_GENESYS_SIMULATOR_PORT (default 8485); LETHE_SIMULATOR_DAY_MS shortens a GDPR request's run
 * (finished one simulated day after it was made).
 */
runSimulator('Genesys Cloud', async () => {
  const dayMs = simulatorDayMs();
  const sim = await startGenesysSimulator({
    port: Number(process.env.LETHE_GENESYS_SIMULATOR_PORT ?? 8485),
    ...(dayMs ? { searchingAfterMs: dayMs / 24, erasingAfterMs: dayMs / 12, completedAfterMs: dayMs } : {}),
  });
  return { ...sim, details: { clientId: sim.context.options.clientId } };
});
