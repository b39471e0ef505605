/**
 * The quota governor on the time-skipping server with the real defaults: many subjects' ids packed into
 * shared requests, each subject answered with only its own ids; the monthly 429 slept through to the
 * next month; a cancelled subject's queued ids withdrawn, its shared requests left alone.
 */
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { governorInputFor } from '../../src/domain/governance';
import type { ErasureResult } from '../../src/domain/result';
import { standardTiming } from '../../src/domain/timing';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import {
  governorStatusQuery,
  governorTaskQueue,
  governorWorkflowId,
  progressQuery,
  receiptSignal,
} from '../../src/workflows/definitions';
import type { ErasureHarness } from '../helpers/erasure-harness';
import { idsOf } from '../helpers/results';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function subjects(x: ErasureHarness, tags: string[]): Promise<DemoSubject[]> {
  const out: DemoSubject[] = [];
  for (const tag of tags) {
    const s = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
    await x.admin.closeConversation(s.activeConversationId);
    out.push(s);
  }
  return out;
}

/** The subject's request with a deadline ten days out: its governor sends at once. */
async function dueInTenDays(x: ErasureHarness, s: DemoSubject): Promise<DemoSubject['request']> {
  const now = await suite.syncClock(x);
  return { ...s.request, options: { deadline: new Date(now + 10 * DAY).toISOString() } };
}

/** Awaits results one after another (the test server's clock is global: one at a time). */
async function awaitInTurn<T>(results: Array<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  for (const next of results) out.push(await next());
  return out;
}

/** Every id a subject's result names in its requests, and the records it erased. */
function ownIds(s: DemoSubject): Set<string> {
  return new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
}

describe('quota governor', () => {
  it('packs several subjects into shared requests and tells each only about its own ids', async () => {
    const x = await suite.harness({}, { governed: true });
    const subs = await subjects(x, ['gov-a', 'gov-b', 'gov-c']);
    const results: ErasureResult[] = await x.run(async () => {
      const handles = await Promise.all(subs.map(async (s) => (await x.client.start(s.request)).handle));
      return awaitInTurn(handles.map((h) => () => suite.finish(h)));
    });
    const atPlatform = await x.admin.requests();
    expect(atPlatform.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']); // 3, not 9
    expect(atPlatform.find((r) => r.kind === 'conversation')?.ids).toHaveLength(15);
    // Each subject handed over all three kinds in one message: three enqueue signals, not nine.
    const governorHistory = await suite.env.client.workflow
      .getHandle(governorWorkflowId('liveperson', x.sim.context.options.accountId))
      .fetchHistory();
    const enqueues = (governorHistory.events ?? []).filter(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'enqueue',
    );
    expect(enqueues).toHaveLength(3);
    results.forEach((result, i) => {
      const subject = subs[i] as DemoSubject;
      expect(result.outcome).toBe('completed');
      const lp = result.platforms.liveperson;
      expect(lp?.stillPresent).toEqual([]);
      expect(lp?.requests).toHaveLength(3);
      for (const request of lp?.requests ?? []) {
        expect(request.shared).toBe(true);
        for (const id of idsOf(request)) expect(ownIds(subject).has(id)).toBe(true);
      }
      expect(lp?.erased.conversation?.sort()).toEqual(
        [...subject.closedConversationIds, subject.activeConversationId].sort(),
      );
    });
    // One shared request, yet each subject re-verifies it at its own time: a day later plus its own
    // shift of under an hour, never all in the same second.
    const firstChecks = results.map((r) => {
      const request = r.platforms.liveperson?.requests.find((q) => q.kind === 'conversation');
      const first = request?.verifications[0];
      return Date.parse(first?.at ?? '') - Date.parse(request?.submittedAt ?? '');
    });
    for (const after of firstChecks) {
      expect(after).toBeGreaterThanOrEqual(DAY);
      expect(after).toBeLessThan(DAY + HOUR);
    }
    expect(new Set(firstChecks).size).toBe(firstChecks.length);
    for (const s of subs) expect(await x.admin.remaining(s.personalValues)).toEqual([]);
    expect((await x.admin.journal()).violations).toEqual([]);
  });

  it('continues as new on its own count of signals, well before the server refuses any', async () => {
    // Two signals a run: three subjects hand over one message each, so the governor hands over at least once.
    const x = await suite.harness({}, { governed: true, governorMaxSignalsPerRun: 2 });
    const subs = await subjects(x, ['gov-runs-a', 'gov-runs-b', 'gov-runs-c']);
    const governorHandle = suite.env.client.workflow.getHandle(
      governorWorkflowId('liveperson', x.sim.context.options.accountId),
    );
    const [results, firstRun, lastRun, status] = await x.run(async () => {
      const handles = [];
      let first: WorkflowExecutionDescription | undefined;
      for (const s of subs) {
        handles.push((await x.client.start(s.request)).handle);
        // The account's governor of an earlier test is closed (terminated with its stack): wait for this one.
        first ??= await waitUntil(
          async () => {
            const d = await governorHandle.describe().catch(() => undefined);
            return d?.status.name === 'RUNNING' ? d : undefined;
          },
          30_000,
          'the governor',
        );
      }
      const done = await awaitInTurn(handles.map((h) => () => suite.finish(h)));
      return [
        done,
        first as WorkflowExecutionDescription,
        await governorHandle.describe(),
        await governorHandle.query(governorStatusQuery),
      ] as const;
    });
    expect(lastRun.runId).not.toBe(firstRun.runId);
    // Every run on the governors' own queue, never behind the erasures' tasks.
    expect([firstRun.taskQueue, lastRun.taskQueue]).toEqual([
      governorTaskQueue(x.taskQueue),
      governorTaskQueue(x.taskQueue),
    ]);
    for (const r of results) expect(r.outcome).toBe('completed');
    // The book and the count of requests went with every run: nothing lost, nothing sent twice.
    expect(status).toMatchObject({ queuedIds: 0, sentTotal: (await x.admin.requests()).length });
    for (const s of subs) expect(await x.admin.remaining(s.personalValues)).toEqual([]);
  });

  it("moves a governor started on its erasures' queue (before governors had their own) to its own", async () => {
    const x = await suite.harness({}, { governed: true });
    const [s] = await subjects(x, ['gov-moves']);
    const input = governorInputFor('liveperson', x.sim.context.options.accountId, standardTiming, {
      maxSignalsPerRun: 1,
    });
    const old = await suite.env.client.workflow.start('governor', {
      workflowId: governorWorkflowId('liveperson', x.sim.context.options.accountId),
      taskQueue: x.taskQueue,
      args: [input],
    });
    const [result, moved] = await x.run(async () => {
      const done = await suite.finish((await x.client.start((s as DemoSubject).request)).handle);
      return [done, await old.describe()] as const;
    });
    expect(result.outcome).toBe('completed');
    expect(moved.runId).not.toBe(old.firstExecutionRunId);
    expect(moved.taskQueue).toBe(governorTaskQueue(x.taskQueue));
  });

  it('drops a hand-over whose activity is retried after the governor took it (no id sent twice)', async () => {
    const x = await suite.harness({}, { governed: true });
    const [s] = await subjects(x, ['gov-handed-twice']);
    // The signal reaches the governor, then the activity's answer is lost: Temporal retries it. A
    // deadline ten days out makes the governor send at once, so the retry comes after the send.
    x.failAfter('enqueueForDeletion', 1);
    const request = await dueInTenDays(x, s as DemoSubject);
    const result = await x.run(async () => suite.finish((await x.client.start(request)).handle));
    expect(result.outcome).toBe('completed');
    expect(x.attempts.filter((a) => a.name === 'enqueueForDeletion').length).toBeGreaterThan(1);
    const atPlatform = await x.admin.requests();
    // One request per kind, as without the retry: the repeated hand-over was dropped, not sent again.
    expect(atPlatform.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    expect((await x.admin.journal()).violations).toEqual([]);
  });

  it("tells a request's owners by one activity, and a retried one resumes after the owners it told", async () => {
    const x = await suite.harness({}, { governed: true });
    const [s] = await subjects(x, ['gov-told-twice']);
    // The owners are told, then the activity's answer is lost: Temporal retries it.
    x.failAfter('answerOwners', 1);
    const request = await dueInTenDays(x, s as DemoSubject);
    const result = await x.run(async () => suite.finish((await x.client.start(request)).handle));
    expect(result.outcome).toBe('completed');
    const retried = x.attempts.filter((a) => a.name === 'answerOwners' && a.attempt > 1);
    expect(retried.length).toBeGreaterThan(0);
    // The retry starts after the one owner told (its heartbeat), and the erasure holds each request once.
    expect(retried[0]?.heartbeatDetails).toBe(1);
    const lp = result.platforms.liveperson;
    expect(lp?.requests.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    const governorHistory = await suite.env.client.workflow
      .getHandle(governorWorkflowId('liveperson', x.sim.context.options.accountId))
      .fetchHistory();
    const signalCommands = (governorHistory.events ?? []).filter(
      (e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes,
    );
    expect(signalCommands).toEqual([]);
  });

  it('records a receipt told twice once (answers come at least once)', async () => {
    const x = await suite.harness({}, { governed: true });
    const [s] = await subjects(x, ['gov-receipt-twice']);
    const request = await dueInTenDays(x, s as DemoSubject);
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(request);
      await waitUntil(
        async () => ((await x.admin.requests()).length === 3 ? true : undefined),
        60_000,
        'three requests sent',
      );
      await waitUntil(
        async () => {
          const lp = (await handle.query(progressQuery)).platforms.liveperson;
          return lp && lp.submitted > 0 && lp.queued === 0 ? true : undefined;
        },
        60_000,
        'the receipts recorded',
      );
      const sent = (await x.admin.requests()).find((r) => r.kind === 'conversation');
      const receipt = {
        platform: 'liveperson',
        requestId: String(sent?.requestId),
        kind: 'conversation',
        ids: sent?.ids,
        shared: false,
      };
      await suite.env.client.workflow.getHandle(workflowId).signal(receiptSignal, receipt as never);
      return suite.finish(handle);
    });
    expect(result.outcome).toBe('completed');
    expect(result.platforms.liveperson?.requests).toHaveLength(3);
  });

  it('sleeps to the first day of next month on the monthly 429 and resubmits', async () => {
    // The governor believes in 100 a month; the account allows 2, so the platform answers 429.
    const x = await suite.harness({ monthlyQuota: 2 }, { governed: true, governorMonthlyQuota: 100 });
    const [s] = await subjects(x, ['gov-429']);
    const governorHandle = suite.env.client.workflow.getHandle(
      governorWorkflowId('liveperson', x.sim.context.options.accountId),
    );
    const [result, status] = await x.run(async () => {
      const done = await suite.finish((await x.client.start((s as DemoSubject).request)).handle);
      return [done, await governorHandle.query(governorStatusQuery)] as const; // queries need a worker
    });
    expect(result.outcome).toBe('completed');
    const sent = (await x.admin.requests()).map((r) => new Date(r.createdAt));
    expect(sent).toHaveLength(3);
    const third = sent[2] as Date;
    expect(third.getUTCDate()).toBe(1);
    expect(third.getUTCMonth()).not.toBe((sent[0] as Date).getUTCMonth());
    expect(status).toMatchObject({ queuedIds: 0, sentTotal: 3 });
    expect((await x.admin.journal()).violations.map((v) => v.status)).toEqual([429]);
  });

  it("withdraws a cancelled subject's queued ids and leaves shared requests to the others", async () => {
    const x = await suite.harness({}, { governed: true });
    const [a, b] = await subjects(x, ['gov-keep', 'gov-cancel']);
    const [kept, cancelled] = await x.run(async () => {
      const first = await x.client.start((a as DemoSubject).request);
      const second = await x.client.start((b as DemoSubject).request);
      await suite.env.sleep('2h'); // both queued, nothing sent yet (the flush window is a day)
      await x.client.cancel(second.workflowId, { by: 'dpo', reason: 'request withdrawn' });
      return awaitInTurn([() => suite.finish(first.handle), () => suite.finish(second.handle)]);
    });
    expect(cancelled?.outcome).toBe('cancelled');
    expect(cancelled?.cancellation?.submitted).toEqual([]); // nothing had been sent
    const sentIds = (await x.admin.requests()).flatMap((r) => r.ids);
    for (const id of ownIds(b as DemoSubject)) expect(sentIds).not.toContain(id);
    expect(kept?.outcome).toBe('completed');
    expect(await x.admin.remaining((a as DemoSubject).personalValues)).toEqual([]);
    expect(await x.admin.remaining((b as DemoSubject).personalValues)).not.toEqual([]);
  });

  it('reports shared requests as not withdrawable when a subject is cancelled after sending', async () => {
    const x = await suite.harness({}, { governed: true });
    const [a, b] = await subjects(x, ['gov-shared-1', 'gov-shared-2']);
    const cancelled = await x.run(async () => {
      const first = await x.client.start((a as DemoSubject).request);
      const second = await x.client.start((b as DemoSubject).request);
      await suite.env.sleep('2d'); // sent (after the one-day flush window), still in the 5-day grace period
      await x.client.cancel(second.workflowId, { by: 'dpo', reason: 'duplicate' });
      const result = await suite.finish(second.handle);
      await x.client.cancel(first.workflowId, { by: 'test', reason: 'end of test' });
      await suite.finish(first.handle);
      return result;
    });
    const submitted = cancelled.cancellation?.submitted ?? [];
    expect(submitted).toHaveLength(3);
    for (const s of submitted) {
      expect(s.withdrawn).toBe(false);
      expect(s.note).toMatch(/shared/);
    }
  });
});
