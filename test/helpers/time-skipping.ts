import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import type { LocalStack } from '../../src/local/stack';

// Free of vitest on purpose: scripts/record-histories.ts drives the same scenarios outside the runner.

/** Moves every simulator clock of `stack` to the test server's time and returns that time. */
export async function syncClocks(env: TestWorkflowEnvironment, stack: LocalStack): Promise<number> {
  const now = await env.currentTimeMs();
  let at = now;
  for (const s of Object.values(stack.simulators)) at = Math.max(at, s.clock.setAtLeast(now));
  return at;
}

/**
 * Skips time a day at a time until the workflow closes, then returns its result. Awaiting `result()`
 * alone does not always unlock the test server's clock when a second workflow (a governor) is in
 * play; explicit sleeps always do.
 */
export async function finishOn<T>(
  env: TestWorkflowEnvironment,
  // biome-ignore lint/suspicious/noExplicitAny: a handle of any workflow type, whatever its arguments
  handle: WorkflowHandle<(...args: any[]) => Promise<T>>,
  maxDays = 400,
): Promise<T> {
  for (let day = 0; day < maxDays; day++) {
    if ((await handle.describe()).status.name !== 'RUNNING') {
      // A plain client: the time-skipping client's result() waits on the clock lock, which can hang here.
      const plain = new Client({
        connection: env.connection,
        dataConverter: LOCAL_DATA_CONVERTER,
        namespace: env.namespace ?? 'default',
      });
      return plain.workflow.getHandle(handle.workflowId).result();
    }
    await env.sleep('1 day');
  }
  throw new Error(`the workflow still runs after ${maxDays} skipped days`);
}
