/**
 * Idempotency under a real crash, on the dev server: a worker process is killed (SIGKILL) the moment the
 * platform creates the first deletion request, before the activity can report it. Another worker takes
 * over; the retried activity finds the request the platform already has and reuses it: no duplicate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { devServerSuite } from '../helpers/dev-server-suite';
import { waitUntil } from '../helpers/temporal';

let child: ChildProcess | undefined;
let killedOnRequest: number | undefined;
// A killed worker is noticed after real seconds (a heartbeat timeout, a retry interval, the sticky
// queue's wait): at 200 ms a day those cost a third of the 90-day hard stop. A 500 ms day leaves margin.
const suite = devServerSuite({
  dayMs: 500,
  simulator: {
    onDeletionCreated: (requestId) => {
      if (killedOnRequest !== undefined || !child) return;
      killedOnRequest = requestId;
      child.kill('SIGKILL'); // the 201 is not even written yet
    },
  },
});
afterAll(() => {
  child?.kill('SIGKILL');
});

describe('a worker killed between the platform creating a request and the activity completing', () => {
  it('leaves no duplicate request at the platform', async () => {
    const subject = await seedDemoSubject(suite.x.admin, suite.x.sim.context.options.accountId, 'crash');
    suite.remember([...subject.personalValues, subject.consumerId]);
    await suite.x.admin.closeConversation(subject.activeConversationId);
    const o = suite.x.sim.context.options;
    let output = '';
    child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'helpers', 'worker-process.ts')],
      {
        env: {
          ...process.env,
          TEST_TEMPORAL_ADDRESS: suite.env.address,
          TEST_TEMPORAL_NAMESPACE: suite.env.namespace ?? 'default',
          TEST_TASK_QUEUE: suite.x.taskQueue,
          TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
          TEST_LP_URL: suite.x.sim.url,
          TEST_LP_ACCOUNT: o.accountId,
          TEST_LP_CLIENT_ID: o.clientId,
          TEST_LP_CLIENT_SECRET: o.clientSecret,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    await waitUntil(
      async () => (output.includes('worker ready') ? true : undefined),
      60_000,
      `the worker process (${output})`,
    );

    const { handle } = await suite.x.client.start(subject.request);
    const worker = child;
    await waitUntil(
      async () => (worker.signalCode === 'SIGKILL' ? true : undefined),
      60_000,
      'the worker to be killed',
    );
    expect(killedOnRequest).toBeDefined();

    // Another worker takes over; the orphaned attempt times out and is retried there.
    const result = await suite.x.run(() => handle.result());

    expect(result.outcome).toBe('completed');
    const requests = await suite.x.admin.requests();
    expect(requests.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    expect(result.platforms.liveperson?.requests.map((r) => r.requestId)).toContain(String(killedOnRequest));
    expect(await suite.x.admin.remaining(subject.personalValues)).toEqual([]);
  });
});
