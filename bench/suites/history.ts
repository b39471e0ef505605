import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { standardTiming } from '../../src/domain/timing';
import { historyStats } from '../../src/local/history-stats';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { registerSearchAttributes } from '../../src/local/search-attributes';
import { timeSkippingServer } from '../../src/local/temporal-binaries';
import { seedLargeSubject } from '../../src/simulator/liveperson/demo-person';
import { startStack } from '../../test/helpers/stack-views';
import type { Figure } from '../figures';
import { benchBundle } from './temporal-setup';

const SIZES = (process.env.LETHE_BENCH_HISTORY_SIZES ?? '10,1000,10000').split(',').map(Number);

/**
 * History events per run and the largest payload of one erasure with 10, 1,000 and 10,000 records on
 * the time-skipping server with the real 30-day defaults: every run must stay under the 4,096 events at
 * which the server suggests continuing as new, and every payload under 512 KiB.
 */
export async function historySuite(): Promise<Figure[]> {
  const workflowBundle = await benchBundle();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: LOCAL_DATA_CONVERTER },
    server: { executable: timeSkippingServer() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  // A reader that takes history pages of any size: a large subject's page can pass gRPC's default 4 MB.
  const connection = await Connection.connect({
    address: env.address,
    channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 },
  });
  const reader = new Client({ connection, namespace: env.namespace ?? 'default' });
  const figures: Figure[] = [];
  try {
    for (const size of SIZES) {
      const stack = await startStack(env, {
        timing: standardTiming,
        clock: 'follow',
        taskQueue: `bench-history-${size}`,
        workflowBundle,
      });
      try {
        const request = await seedLargeSubject(stack.admin, size);
        const workflowId = await stack.run(async () => {
          const { handle, workflowId: id } = await stack.client.start(request);
          const result = await handle.result();
          if (result.outcome !== 'completed' || (result.platforms.liveperson?.stillPresent.length ?? 1) > 0) {
            throw new Error(`the ${size}-record erasure did not complete cleanly`);
          }
          return id;
        });
        const stats = await historyStats(reader, workflowId);
        figures.push({
          name: `events_max_run_${size}`,
          value: stats.maxEventsPerRun,
          unit: `events (${stats.runs} run${stats.runs > 1 ? 's' : ''})`,
        });
        figures.push({
          name: `payload_max_kb_${size}`,
          value: Math.round(stats.maxPayloadBytes / 1024),
          unit: 'KiB',
        });
      } finally {
        await stack.close();
      }
    }
  } finally {
    await connection.close();
    await env.teardown();
  }
  return figures;
}
