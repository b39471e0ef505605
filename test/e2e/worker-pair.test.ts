/**
 * The two SDK workers of a Lethe worker process (src/worker.ts), run until a function settles: a stop
 * that reaches the erasures' worker first (SIGINT and SIGTERM reach both, in no set order) does not fail
 * the run while the function and the governors' worker are still finishing.
 */
import { describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../src/activities';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER, LOCAL_HMAC_KEY } from '../../src/local/local-keys';
import { createLogger } from '../../src/ops/logger';
import { createLetheWorkers, runWorkersUntil } from '../../src/worker';
import { devServerSuite } from '../helpers/dev-server-suite';
import { waitUntil } from '../helpers/temporal';

const suite = devServerSuite();

describe('runWorkersUntil', () => {
  it("returns the function's result when the erasures' worker stops before the function settles", async () => {
    const workers = await createLetheWorkers({
      connection: suite.env.nativeConnection,
      namespace: suite.env.namespace ?? 'default',
      taskQueue: `worker-pair-${Date.now()}`,
      activities: createActivities({
        connectors: {},
        logger: createLogger('silent'),
        certificates: { signer: LOCAL_CERT_SIGNER, digestKey: LOCAL_HMAC_KEY },
      }),
      dataConverter: LOCAL_DATA_CONVERTER,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    let settle: (value: string) => void = () => undefined;
    const settled = new Promise<string>((resolve) => {
      settle = resolve;
    });
    const run = runWorkersUntil(workers, () => settled);
    await waitUntil(
      async () => workers.erasure.getState() === 'RUNNING' && workers.governor.getState() === 'RUNNING',
      30_000,
      'both workers running',
    );
    // As a stop signal does: the erasures' worker is shut down and has stopped, the function not yet settled.
    workers.erasure.shutdown();
    await waitUntil(
      async () => workers.erasure.getState() === 'STOPPED',
      30_000,
      "the erasures' worker stopped",
    );
    // Let the run see that stop (a few turns of the event loop, no wall-clock wait) before settling.
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    settle('done');
    expect(await run).toBe('done');
    expect(workers.governor.getState()).toBe('STOPPED');
  });
});
