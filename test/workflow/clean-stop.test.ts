/**
 * The quota governor and the end of an erasure: one request's lasting failure is its owners' to report
 * (the governor goes on for everyone else), and an erasure that stops takes its queued ids back and
 * waits for the request already carrying some of them, so nothing goes out for it once it has ended
 * and every request that carried its ids is in its evidence.
 */
import { describe, expect, it } from 'vitest';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { governorStatusQuery, governorWorkflowId, progressQuery } from '../../src/workflows/definitions';
import type { ErasureHarness } from '../helpers/erasure-harness';
import { idsOf } from '../helpers/results';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

async function closedSubject(x: ErasureHarness, tag: string): Promise<DemoSubject> {
  const s = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
  await x.admin.closeConversation(s.activeConversationId);
  return s;
}

const governorOf = (x: ErasureHarness) =>
  suite.env.client.workflow.getHandle(governorWorkflowId('liveperson', x.sim.context.options.accountId));

describe('the governor and the end of an erasure', () => {
  it('answers the owners of a request whose create fails for good, and goes on for everyone', async () => {
    const x = await suite.harness({}, { governed: true });
    const [a, b] = [await closedSubject(x, 'gov-bad-1'), await closedSubject(x, 'gov-bad-2')];
    // Every create answers a broken body, until one request's retries are spent (ten attempts).
    await x.admin.faults({
      malformedRate: 1,
      method: 'POST',
      pathContains: 'personal-data-deletion',
      maxFaults: 10,
    });
    const [first, late, status] = await x.run(async () => {
      const ha = (await x.client.start((a as DemoSubject).request)).handle;
      const hb = (await x.client.start((b as DemoSubject).request)).handle;
      const ra = await suite.finish(ha);
      await suite.finish(hb);
      // The governor still runs and serves a subject that arrives afterwards.
      const c = await closedSubject(x, 'gov-bad-3');
      const rc = await suite.finish((await x.client.start(c.request)).handle);
      return [ra, rc, await governorOf(x).query(governorStatusQuery)] as const;
    });
    const lp = first.platforms.liveperson;
    expect(first.outcome).toBe('incomplete');
    expect(lp?.failedBatches.map((f) => f.errorType)).toEqual(['ProtocolError']);
    // What that request carried is not claimed gone: named still present, by digest in the certificate.
    const refused = (lp?.failedBatches[0]?.ids ?? []).map((id) => ({ kind: lp?.failedBatches[0]?.kind, id }));
    expect(refused.length).toBeGreaterThan(0);
    expect(lp?.stillPresent).toEqual(refused);
    expect(first.certificate?.certificate.systems.liveperson?.stillPresent).toHaveLength(refused.length);
    expect(first.reasons).toContainEqual(expect.objectContaining({ scope: 'liveperson', reason: 'refused' }));
    // The kinds after the failed one went out and were erased.
    expect(lp?.requests.length).toBeGreaterThan(0);
    expect(late.outcome).toBe('completed');
    expect((await governorOf(x).describe()).status.name).toBe('RUNNING');
    expect(status.lastError ?? '').not.toMatch(/ProtocolError/); // later requests succeeded since
    expect((await x.admin.journal()).violations).toEqual([]);
  });

  it("a cancel while the governor is sending the subject's ids waits for the request and names it", async () => {
    const x = await suite.harness({}, { governed: true });
    const s = await closedSubject(x, 'stop-inflight');
    const hold = x.gate('submitBatch');
    // A deadline two days out: the governor sends at once (no flush window), so no time need pass.
    const at = await suite.syncClock(x);
    const request = { ...s.request, options: { deadline: new Date(at + 2 * 86_400_000).toISOString() } };
    const [result, status] = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(request);
      await waitUntil(
        async () => x.attempts.some((a) => a.name === 'submitBatch') || undefined,
        60_000,
        'a send',
      );
      await x.client.cancel(workflowId, { by: 'dpo', reason: 'request withdrawn' });
      // The governor has dropped what was still queued; the request in flight is all that is left.
      const queued = async () => (await governorOf(x).query(governorStatusQuery)).queuedIds;
      await waitUntil(async () => (await queued()) === 0 || undefined, 60_000, 'the withdrawal');
      expect((await handle.query(progressQuery)).phase).not.toBe('cancelled'); // it waits for the receipt
      hold();
      const ended = async () => (await handle.describe()).status.name !== 'RUNNING';
      await waitUntil(async () => (await ended()) || undefined, 60_000, 'the end of the erasure');
      return [await handle.result(), await governorOf(x).query(governorStatusQuery)] as const;
    });
    const atPlatform = await x.admin.requests();
    expect(atPlatform.length).toBeGreaterThan(0);
    const named = new Set(result.cancellation?.submitted.map((r) => r.requestId));
    // Every request that carried the subject's ids is in its cancellation record and its result.
    for (const r of atPlatform) expect(named.has(String(r.requestId))).toBe(true);
    const lpRequests = result.platforms.liveperson?.requests ?? [];
    expect(lpRequests.map((r) => r.requestId).sort()).toEqual([...named].sort());
    // The rest never went out, and the governor keeps nothing of the subject's.
    expect(status.queuedIds).toBe(0);
    // Nothing is claimed gone: what was found is named still present.
    expect(result.outcome).toBe('cancelled');
    expect(result.platforms.liveperson?.erased).toEqual({});
    expect(result.platforms.liveperson?.stillPresent.length).toBeGreaterThan(0);
    expect(result.certificate?.certificate.systems.liveperson?.stillPresent.length).toBe(
      result.platforms.liveperson?.stillPresent.length,
    );
    for (const id of lpRequests.flatMap(idsOf))
      expect(result.platforms.liveperson?.stillPresent.map((r) => r.id)).toContain(id);
  });

  it('at the hard stop takes its ids back from a governor that cannot send, and names them still present', async () => {
    // The account's month is always spent: the governor can never send; the ids wait in its queue.
    const x = await suite.harness({ monthlyQuota: 0 }, { governed: true, governorMonthlyQuota: 100 });
    const s = await closedSubject(x, 'stop-hard');
    const [result, status] = await x.run(async () => {
      const done = await suite.finish((await x.client.start(s.request)).handle, 120);
      return [done, await governorOf(x).query(governorStatusQuery)] as const;
    });
    expect(result.stoppedAtHardStop).toBe(true);
    expect(result.outcome).toBe('incomplete');
    expect(await x.admin.requests()).toEqual([]);
    // Nothing of the ended subject's stays queued to go out later.
    expect(status.queuedIds).toBe(0);
    const lp = result.platforms.liveperson;
    expect(lp?.requests).toEqual([]);
    expect(lp?.stillPresent.map((r) => r.id).sort()).toEqual(
      [...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId].sort(),
    );
    expect(result.certificate?.certificate.systems.liveperson?.stillPresent).toHaveLength(
      lp?.stillPresent.length ?? -1,
    );
  });
});
