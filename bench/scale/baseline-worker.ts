/**
 * The scale bench's baseline worker process: the trivial workflow (bench/workflows.ts `sleepingBaseline`)
 * with the same cache and slot limits as a Lethe worker, so the two processes compare like for like.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { installQuietRuntime } from '../../src/local/quiet-runtime';
import { WorkerHealth } from '../../src/ops/health';
import { startHealthServer } from '../../src/ops/health-server';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  installQuietRuntime('ERROR');
  const [host, port] = env('LETHE_HEALTH_ADDRESS').split(':');
  const health = new WorkerHealth();
  const server = await startHealthServer(health, { host: host ?? '127.0.0.1', port: Number(port) });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') }),
    namespace: env('TEMPORAL_NAMESPACE'),
    taskQueue: env('LETHE_TASK_QUEUE'),
    workflowBundle: { codePath: env('BENCH_WORKFLOW_BUNDLE') },
    dataConverter: LOCAL_DATA_CONVERTER,
    // Unused by the trivial workflow; registered so the worker polls for activities like a Lethe worker
    // (and its readiness, which needs both pollers, means the same).
    activities: { ping: async () => 'pong' },
    maxCachedWorkflows: Number(env('LETHE_WORKER_MAX_CACHED_WORKFLOWS')),
    maxConcurrentWorkflowTaskExecutions: Number(env('LETHE_WORKER_MAX_CONCURRENT_WORKFLOW_TASKS')),
  });
  health.attach(worker);
  process.once('SIGTERM', () => worker.shutdown());
  await worker.run();
  await server.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
