/**
 * The erasure workflow on the time-skipping server with the real 30-day defaults, against the
 * LivePerson simulator over HTTP: happy path, an open conversation that closes on day 9, re-submission
 * of what the platform left behind, the monthly quota, and the progress query in each phase.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/domain/timing';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { progressQuery } from '../../src/workflows/definitions';
import { idsOf } from '../helpers/results';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();
const harness = suite.harness;
const syncClock = suite.syncClock;

describe('erasure workflow (30-day defaults, time-skipping)', () => {
  it('erases a subject end to end and verifies that nothing is left', async () => {
    const x = await harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'happy');
    await x.admin.closeConversation(subject.activeConversationId);
    const startedAt = await suite.env.currentTimeMs();

    const result = await x.run(async () => (await x.client.start(subject.request)).handle.result());

    expect(result.outcome).toBe('completed');
    const lp = result.platforms.liveperson;
    expect(lp?.erased.conversation?.sort()).toEqual(
      [...subject.closedConversationIds, subject.activeConversationId].sort(),
    );
    expect(lp?.erased.consumer).toEqual([subject.consumerId]);
    expect(lp?.erased.engagement).toEqual([subject.engagementId]);
    expect(lp?.requests.map((r) => r.kind)).toEqual(['conversation', 'engagement', 'consumer']);
    for (const r of lp?.requests ?? []) {
      // Grace (5 d) + processing (20 d): DONE on day 25, first seen by the day-30 check.
      expect(r.verifications.map((v) => v.requestStatus)).toEqual([
        'NOT_STARTED',
        'NOT_STARTED',
        'IN_PROGRESS',
        'IN_PROGRESS',
        'IN_PROGRESS',
        'DONE',
      ]);
      expect(r.verifications.at(-1)?.present).toBe(0);
    }
    expect(lp?.stillPresent).toEqual([]);
    expect(result.timeline.map((t) => t.phase)).toEqual([
      'resolving',
      'discovering',
      'submitting',
      'awaiting_platform',
      'completed',
    ]);
    expect((await suite.env.currentTimeMs()) - startedAt).toBeGreaterThanOrEqual(30 * DAY_MS);

    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
    expect(await x.admin.remaining([subject.bystanderValue])).not.toEqual([]);
    expect((await x.admin.journal()).violations).toEqual([]);
  });

  it('submits an open conversation once it closes on day 9, and not before', async () => {
    const x = await harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'day9');
    const startedAt = await suite.env.currentTimeMs();

    const result = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      await suite.env.sleep('2d');
      const early = await handle.query(progressQuery);
      expect(early).toMatchObject({ phase: 'awaiting_platform', platforms: { liveperson: { active: 1 } } });
      await suite.env.sleep('7d');
      await syncClock(x);
      await x.admin.closeConversation(subject.activeConversationId);
      return handle.result();
    });

    const lp = result.platforms.liveperson;
    expect(lp?.erased.conversation).toContain(subject.activeConversationId);
    const late = lp?.requests.find((r) => idsOf(r).includes(subject.activeConversationId));
    const sentAfter = Date.parse(late?.submittedAt ?? '') - startedAt;
    expect(sentAfter).toBeGreaterThanOrEqual(9 * DAY_MS);
    expect(sentAfter).toBeLessThanOrEqual(11 * DAY_MS);
    expect(late?.ids).toEqual([subject.activeConversationId]);
    const journal = await x.admin.journal();
    expect(journal.violations).toEqual([]);
  });

  it('re-submits what is still present after the platform says DONE', async () => {
    const x = await harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'resubmit');
    await x.admin.closeConversation(subject.activeConversationId);
    const stubborn = subject.closedConversationIds[0] as string;
    await x.admin.ignoreDeletionOf([stubborn]);

    const result = await x.run(async () => (await x.client.start(subject.request)).handle.result());

    const carrying = result.platforms.liveperson?.requests.filter((r) => idsOf(r).includes(stubborn)) ?? [];
    expect(carrying).toHaveLength(2);
    expect(carrying[0]?.verifications.at(-1)).toMatchObject({ requestStatus: 'DONE', present: 1 });
    expect(carrying[1]?.ids).toEqual([stubborn]);
    expect(Date.parse(carrying[1]?.submittedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(carrying[0]?.submittedAt ?? '') + 25 * DAY_MS,
    );
    expect(result.platforms.liveperson?.erased.conversation).toContain(stubborn);
    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  });

  it('waits for the next calendar month when the monthly quota is spent', async () => {
    const x = await harness({ monthlyQuota: 1 });
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'quota');
    await x.admin.closeConversation(subject.activeConversationId);

    const result = await x.run(async () => (await x.client.start(subject.request)).handle.result());

    const sent = (await x.admin.requests()).map((r) => new Date(r.createdAt));
    expect(sent).toHaveLength(3);
    const months = sent.map((d) => d.getUTCFullYear() * 12 + d.getUTCMonth());
    expect(new Set(months).size).toBe(3); // one request a month
    for (const d of sent.slice(1)) expect(d.getUTCDate()).toBe(1);
    expect(result.platforms.liveperson?.erased.consumer).toEqual([subject.consumerId]);
    // The 429s broke the quota rule at the simulator: exactly the two refused attempts, nothing else.
    const violations = (await x.admin.journal()).violations;
    expect(violations.map((v) => v.status)).toEqual([429, 429]);
  });

  it('rides out 5xx answers, timeouts and malformed bodies with backoff', async () => {
    const x = await harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'faults');
    await x.admin.closeConversation(subject.activeConversationId);
    await x.admin.faults({
      errorRate: 0.05,
      malformedRate: 0.05,
      timeoutRate: 0.05,
      timeoutHoldMs: 6_000,
      maxFaults: 9,
      seed: 7,
    });

    const result = await x.run(async () => (await x.client.start(subject.request)).handle.result());

    expect(result.outcome).toBe('completed');
    expect(result.platforms.liveperson?.stillPresent).toEqual([]);
    expect(result.platforms.liveperson?.failedBatches).toEqual([]);
    const journal = await x.admin.journal();
    const faults = journal.entries.filter((e) => e.fault !== undefined).map((e) => e.fault);
    expect(faults).toHaveLength(9);
    expect(new Set(faults)).toEqual(new Set(['error', 'malformed', 'timeout']));
    // Retries never duplicated a deletion request.
    expect((await x.admin.requests()).map((r) => r.kind).sort()).toEqual([
      'consumer',
      'conversation',
      'engagement',
    ]);
    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  });

  it('answers the progress query in every phase', async () => {
    const x = await harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'phases');
    // Every conversation and the chat are still going on, so the erasure first waits for them.
    const store = x.sim.context.store;
    for (const id of subject.closedConversationIds) {
      const c = store.conversations.get(id);
      if (c) c.status = 'OPEN';
    }
    const chat = store.engagements.get(subject.engagementId);
    if (chat) chat.ended = false;
    const releaseResolve = x.gate('resolveIdentities');
    const releaseDiscover = x.gate('discoverRecords');

    await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      const phase = async (want: string) =>
        waitUntil(
          async () => {
            const p = await handle.query(progressQuery);
            return p.phase === want ? p : undefined;
          },
          10_000,
          `phase ${want}`,
        );

      await phase('resolving');
      releaseResolve();
      await phase('discovering');
      releaseDiscover();
      const waiting = await waitUntil(
        async () => {
          const p = await handle.query(progressQuery);
          return p.phase === 'waiting_for_active' ? p : undefined;
        },
        10_000,
        'waiting_for_active',
      );
      expect(waiting.platforms.liveperson).toMatchObject({ discovered: 7, active: 6, submitted: 0 });
      expect(Date.parse(waiting.nextCheckAt ?? '')).toBeGreaterThan(await suite.env.currentTimeMs());

      await suite.env.sleep('1d');
      await syncClock(x);
      for (const id of [...subject.closedConversationIds, subject.activeConversationId])
        await x.admin.closeConversation(id);
      await x.admin.endEngagement(subject.engagementId);
      await suite.env.sleep('2d');
      const awaiting = await handle.query(progressQuery);
      expect(awaiting.phase).toBe('awaiting_platform');
      expect(awaiting.platforms.liveperson).toMatchObject({
        discovered: 7,
        active: 0,
        submitted: 7,
        confirmed: 0,
        remaining: 7,
      });
      expect(awaiting.nextCheckAt).toBeDefined();

      await handle.result();
      const done = await handle.query(progressQuery);
      expect(done.phase).toBe('completed');
      expect(done.platforms.liveperson).toMatchObject({ confirmed: 7, remaining: 0 });
      expect(done.nextCheckAt).toBeUndefined();
      expect(done.timeline.map((t) => t.phase)).toEqual([
        'resolving',
        'discovering',
        'waiting_for_active',
        'submitting',
        'awaiting_platform',
        'completed',
      ]);
    });
  });
});
