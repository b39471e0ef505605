/**
 * Idempotency under a real crash, on the dev server: a worker process is killed (SIGKILL) the moment the
 * platform creates the first deletion request, before the activity can report it. Another worker takes
 * over; the retried activity finds the request the platform already has and reuses it: no duplicate.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoSubject } from '../../src/demo/scenario';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { quietRuntime, waitUntil } from '../helpers/temporal';

const DAY = 200;
let env: TestWorkflowEnvironment;
let x: ErasureHarness;
let child: ChildProcess | undefined;
let killedOnRequest: number | undefined;

beforeAll(async () => {
  quietRuntime();
  env = await startDevServer();
  x = await startErasureHarness(env, {
    timing: timingForDay(DAY),
    clock: 'real',
    governed: true,
    simulator: {
      graceMs: 5 * DAY,
      processingMs: 20 * DAY,
      onDeletionCreated: (requestId) => {
        if (killedOnRequest !== undefined || !child) return;
        killedOnRequest = requestId;
        child.kill('SIGKILL'); // the 201 is not even written yet
      },
    },
  });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await x?.close();
  await env?.teardown();
});

describe('a worker killed between the platform creating a request and the activity completing', () => {
  it('leaves no duplicate request at the platform', async () => {
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'crash');
    await x.admin.closeConversation(subject.activeConversationId);
    const o = x.sim.context.options;
    let output = '';
    child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, '..', 'helpers', 'worker-process.ts')],
      {
        env: {
          ...process.env,
          TEST_TEMPORAL_ADDRESS: env.address,
          TEST_TEMPORAL_NAMESPACE: env.namespace ?? 'default',
          TEST_TASK_QUEUE: x.taskQueue,
          TEST_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
          TEST_LP_URL: x.sim.url,
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

    const { handle } = await x.client.start(subject.request);
    const worker = child;
    await waitUntil(
      async () => (worker.signalCode === 'SIGKILL' ? true : undefined),
      60_000,
      'the worker to be killed',
    );
    expect(killedOnRequest).toBeDefined();

    // Another worker takes over; the orphaned attempt times out and is retried there.
    const result = await x.run(() => handle.result());

    expect(result.outcome).toBe('completed');
    const requests = await x.admin.requests();
    expect(requests.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    expect(result.platforms.liveperson?.requests.map((r) => r.requestId)).toContain(String(killedOnRequest));
    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  });
});
