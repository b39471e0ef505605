/**
 * A Lethe worker in a process of its own, so a test can kill it (SIGKILL) at an exact moment. It serves
 * the erasure and governor workflows and the real activities against the LivePerson simulator.
 * Everything comes from the environment the test sets.
 */
import { NativeConnection } from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities } from '../../src/activities';
import { LivePersonSchema } from '../../src/connectors/liveperson/platform';
import { buildConnectors } from '../../src/connectors/registry';
import { defaultRetryPolicy } from '../../src/connectors/retry';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { installQuietRuntime } from '../../src/local/quiet-runtime';
import { createLogger } from '../../src/ops/logger';
import { createLetheWorkers, runWorkers } from '../../src/worker';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  installQuietRuntime('ERROR');
  const connection = await NativeConnection.connect({ address: env('TEST_TEMPORAL_ADDRESS') });
  // Built as a worker builds its connectors (the composition root), from the settings an operator gives.
  const connectors = await buildConnectors(
    {
      liveperson: LivePersonSchema.parse({
        accountId: env('TEST_LP_ACCOUNT'),
        domainApiUrl: env('TEST_LP_URL'),
        clientId: env('TEST_LP_CLIENT_ID'),
        clientSecret: env('TEST_LP_CLIENT_SECRET'),
      }),
    },
    {
      dispatcher: new Agent(),
      timeoutMs: 5_000,
      clockOf: () => ({ now: Date.now, retry: defaultRetryPolicy }),
    },
  );
  const workers = await createLetheWorkers({
    connection,
    namespace: env('TEST_TEMPORAL_NAMESPACE'),
    taskQueue: env('TEST_TASK_QUEUE'),
    workflowBundle: { codePath: env('TEST_WORKFLOW_BUNDLE') },
    dataConverter: LOCAL_DATA_CONVERTER,
    activities: createActivities({ connectors, logger: createLogger('silent') }),
  });
  process.stdout.write('worker ready\n');
  await runWorkers(workers);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
