import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Worker } from '@temporalio/worker';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { installQuietRuntime } from '../../src/local/quiet-runtime';
import { workflowBundleOptions } from '../../src/workflow-bundle';

let bundle: Promise<{ code: string }> | undefined;

/** Quiet SDK logs and one workflow bundle (Lethe's workflows plus the baselines) for every suite. */
export function benchBundle(): Promise<{ code: string }> {
  installQuietRuntime('ERROR');
  bundle ??= bundleWorkflowCode(
    workflowBundleOptions({
      workflowsPath: join(__dirname, '..', 'workflows.ts'),
      logger: new DefaultLogger('ERROR'),
    }),
  );
  return bundle;
}

/** Runs `fn` with a worker that serves the baseline workflows and their one activity. */
export async function withBaselineWorker<T>(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  fn: () => Promise<T>,
): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await benchBundle(),
    activities: { ping: async () => 'pong' },
    dataConverter: LOCAL_DATA_CONVERTER,
  });
  return worker.runUntil(fn);
}
