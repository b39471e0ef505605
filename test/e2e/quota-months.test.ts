/**
 * The quota across calendar months, end to end on the dev server over real HTTP: 250 subjects start at
 * once against an account allowed 10 deletion requests a month. The simulator's clock runs 43,200 times
 * faster than real time (a month in about a minute) and a compressed day lasts 2 s, so the governor
 * spreads the requests over the following months (its first request held until all have handed over); every erasure completes, each names only the requests
 * that carried its own ids, no month sees more than 10 requests, and no call breaks a rule.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { progressQuery } from '../../src/workflows/definitions';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { idsOf } from '../helpers/results';
import { quietRuntime, waitUntil } from '../helpers/temporal';

const DAY = 2000;
const SUBJECTS = 250;
let env: TestWorkflowEnvironment;
let x: ErasureHarness;

beforeAll(async () => {
  quietRuntime();
  env = await startDevServer();
  x = await startErasureHarness(env, {
    // Ten requests a month for 250 subjects means two or three months of sending plus the 30-day window:
    // past the default 90-day hard stop, which is configuration (and not what this test is about).
    timing: { ...timingForDay(DAY), hardStopMs: 200 * DAY },
    clock: 'real',
    governed: true,
    simulator: { monthlyQuota: 10 },
  });
});
afterAll(async () => {
  await x?.close();
  await env?.teardown();
});

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

describe('250 subjects against 10 requests a month', () => {
  it('all complete across the following months, within the quota, each with only its own requests', {
    timeout: 600_000,
  }, async () => {
    const subjects: DemoSubject[] = [];
    for (let i = 0; i < SUBJECTS; i++) {
      const s = await seedDemoSubject(x.admin, x.sim.context.options.accountId, `month-${i}`);
      await x.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    // The governor's first request waits until every subject has handed its ids over: how many partial
    // requests a flush window (a compressed day, 2 s) cuts while 250 subjects are still arriving would
    // depend on how fast this machine starts them, not on the governor.
    const release = x.gate('submitBatch');
    const results = await x.run(async () => {
      const handles = await Promise.all(subjects.map(async (s) => (await x.client.start(s.request)).handle));
      try {
        await waitUntil(
          async () => {
            for (const h of handles) {
              const lp = (await h.query(progressQuery)).platforms.liveperson;
              if ((lp?.queued ?? 0) + (lp?.submitted ?? 0) < 7) return undefined;
            }
            return true;
          },
          300_000,
          'every subject handing its 7 ids over',
        );
      } finally {
        release();
      }
      return Promise.all(handles.map((h) => h.result()));
    });

    const requests = await x.admin.requests();
    const perMonth = new Map<string, number>();
    for (const r of requests)
      perMonth.set(monthOf(r.createdAt), (perMonth.get(monthOf(r.createdAt)) ?? 0) + 1);
    expect(Math.max(...perMonth.values())).toBeLessThanOrEqual(10);
    expect(perMonth.size).toBeGreaterThanOrEqual(2);
    // 1,250 conversation ids, 250 consumers and 250 engagements: 13 + 3 + 3 requests once all are
    // queued, and the one the governor took before that (held above): full requests, no needless partials.
    expect(requests.length).toBeLessThanOrEqual(20);

    const requestIds = new Set(requests.map((r) => String(r.requestId)));
    results.forEach((result, i) => {
      const s = subjects[i] as DemoSubject;
      const own = new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
      expect(result.outcome).toBe('completed');
      expect(result.stoppedAtHardStop).toBe(false);
      const lp = result.platforms.liveperson;
      expect(lp?.stillPresent).toEqual([]);
      expect(Object.values(lp?.erased ?? {}).flat()).toHaveLength(7);
      for (const request of lp?.requests ?? []) {
        expect(requestIds.has(request.requestId)).toBe(true);
        for (const id of idsOf(request)) expect(own.has(id)).toBe(true);
      }
    });
    expect(await x.admin.remaining(subjects.flatMap((s) => s.personalValues.slice(0, 2)))).toEqual([]);
    expect((await x.admin.journal()).violations).toEqual([]);
  });
});
