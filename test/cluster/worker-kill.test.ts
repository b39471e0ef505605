/**
 * A worker process killed (SIGKILL) inside the submit activity, on the cluster: LivePerson has created the
 * deletion request, and its answer is held on the way back to the worker that asked (each worker's
 * LivePerson calls go through a proxy of its own), so that worker is provably inside `submitBatch` when
 * it dies. The other worker takes the activity over once its attempt times out, finds the request the
 * platform already has (LivePerson has no idempotency key: by time, README "Submitting") and reuses
 * it: every kind is requested exactly once, and the erasure completes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { governorWorkflowId } from '../../src/workflows/definitions';
import { waitUntil } from '../helpers/temporal';
import type { HeldAnswer } from './helpers/answer-hold';
import { type ClusterDeployment, startDeployment } from './helpers/deployment';
import { activityRuns, pidOf } from './helpers/history';

const DAY_MS = 400;
const ACCOUNT = 'clusterkill';
const isCreate = (method: string, path: string): boolean =>
  method === 'POST' && /\/personal-data-deletion$/.test(new URL(path, 'http://x').pathname);

let d: ClusterDeployment;
beforeAll(async () => {
  d = await startDeployment({ accountId: ACCOUNT, taskQueue: `cluster-kill-${process.pid}`, dayMs: DAY_MS });
});
afterAll(async () => {
  await d?.close();
});

describe('a worker process killed in the middle of a submission', () => {
  it('is taken over by the other worker, with no duplicate deletion request', async () => {
    const lp = d.platforms.admins.liveperson;
    const subject = await seedDemoSubject(lp, ACCOUNT, 'kill');
    // Nothing to wait for: every record goes out at once, one request per kind.
    await lp.closeConversation(subject.activeConversationId);

    // Whichever worker sends the first create gets its answer held.
    const holds = d.workers.map((w, index) =>
      w.livepersonProxy.arm(isCreate).then((held): [number, HeldAnswer] => [index, held]),
    );
    const { handle } = await d.client.start({ ...subject.request, systems: ['liveperson'] });
    const [index, held] = await Promise.race(holds);
    for (const w of d.workers) w.livepersonProxy.disarm();
    const victim = d.workers[index];
    const survivor = d.workers[1 - index];
    if (!victim || !survivor) throw new Error('two workers expected');
    expect(held.status).toBe(201); // the platform has the request; the worker has not heard of it
    const heldId = String((JSON.parse(held.body) as { request_id: unknown }).request_id);

    // The governor's submit activity is running, on the victim's process.
    const governor = d.client.temporal.workflow.getHandle(governorWorkflowId('liveperson', ACCOUNT));
    const pending = await waitUntil(
      async () => {
        const activities = (await governor.describe()).raw.pendingActivities ?? [];
        return activities.find((a) => a.activityType?.name === 'submitBatch' && a.lastWorkerIdentity);
      },
      30_000,
      'the submit activity to be running',
    );
    const victimPid = pidOf(pending.lastWorkerIdentity ?? '');
    expect(victim.process.owns(victimPid)).toBe(true);
    expect(await victim.process.kill()).toBe('SIGKILL');

    const result = await handle.result();

    expect(result.outcome).toBe('completed');
    const requests = await lp.requests();
    expect(requests.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    const creates = (await lp.journal()).entries.filter(
      (e) => isCreate(e.method, e.path) && e.status === 201,
    );
    expect(creates).toHaveLength(requests.length);
    // The held request is the one the erasure reports, reused rather than sent again.
    expect(requests.map((r) => String(r.requestId))).toContain(heldId);
    expect(result.platforms.liveperson?.requests.map((r) => r.requestId)).toContain(heldId);
    expect(await lp.remaining(subject.personalValues)).toEqual([]);
    expect((await lp.remaining([subject.bystanderValue])).length).toBeGreaterThan(0);
    expect((await lp.journal()).violations).toEqual([]);

    // The attempt that finished the held submission ran on the survivor, after the victim's.
    const submits = (await activityRuns(d.client.temporal, governor.workflowId)).filter(
      (r) => r.type === 'submitBatch',
    );
    const retried = submits.filter((r) => r.attempt > 1);
    expect(retried.length).toBeGreaterThanOrEqual(1);
    for (const r of retried) expect(survivor.process.owns(pidOf(r.identity))).toBe(true);
    expect((await fetch(`${survivor.healthUrl}/readyz`)).status).toBe(200);
  });
});
