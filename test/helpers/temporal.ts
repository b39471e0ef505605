import { TestWorkflowEnvironment } from '@temporalio/testing';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { installQuietRuntime } from '../../src/local/quiet-runtime';
import { registerSearchAttributes } from '../../src/local/search-attributes';
import { timeSkippingServer } from '../../src/local/temporal-binaries';

/** Keeps the SDK's logging to errors, once per process. */
export const quietRuntime = (): void => installQuietRuntime('ERROR');

/** A time-skipping test server from the pinned binary (see scripts/install-temporal-tools.sh). */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: LOCAL_DATA_CONVERTER },
    server: { executable: timeSkippingServer() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** Polls `check` until it returns a value, failing after `timeoutMs`: for real-time (dev server) waits only. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let counter = 0;
/** A task queue no other test uses. */
export const uniqueTaskQueue = (prefix: string): string => `${prefix}-${process.pid}-${++counter}`;
