/**
 * One clock for the platforms in a compressed run (DESIGN §12), end to end on the dev server: the
 * platforms' clock runs a day a second from a configured epoch chosen so that platform time nears the end
 * of a calendar month. With two requests a month allowed and three needed, the governor sends two in
 * one platform month and the third early in the next, seconds later in real time (counting
 * months on real time it would wait for the real month's end). The search windows use the same dates,
 * so no call breaks a window rule.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { quietRuntime } from '../helpers/temporal';

const DAY = 1000;
const RATE = DAY_MS / DAY;
let env: TestWorkflowEnvironment;
let x: ErasureHarness;

beforeAll(async () => {
  quietRuntime();
  env = await startDevServer();
  const now = Date.now();
  const inTenDays = new Date(now + 10 * DAY_MS);
  const boundary = Date.UTC(inTenDays.getUTCFullYear(), inTenDays.getUTCMonth() + 1, 1);
  // Platform time = epoch + (real − epoch) × rate: three platform days before the boundary, now.
  const startAt = boundary - 3 * DAY_MS;
  const epoch = Math.round((now * RATE - startAt) / (RATE - 1));
  x = await startErasureHarness(env, {
    timing: timingForDay(DAY),
    clock: 'real',
    governed: true,
    platformClockEpochMs: epoch,
    simulator: { monthlyQuota: 2 },
  });
});
afterAll(async () => {
  await x?.close();
  await env?.teardown();
});

const monthOf = (ms: number): string => new Date(ms).toISOString().slice(0, 7);

describe('the platform clock across a month boundary', () => {
  it("counts quota months and search windows on the platforms' dates, not on real time", {
    timeout: 120_000,
  }, async () => {
    expect(x.platformClock?.rate).toBe(RATE);
    const subjects: DemoSubject[] = [];
    for (const tag of ['clock-a', 'clock-b']) {
      const s = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
      await x.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    const results = await x.run(async () => {
      const handles = await Promise.all(subjects.map(async (s) => (await x.client.start(s.request)).handle));
      return Promise.all(handles.map((h) => h.result()));
    });

    for (const r of results) expect(r.outcome).toBe('completed');
    const requests = await x.admin.requests();
    // Conversations, engagements and consumers of both subjects packed into three requests.
    expect(requests).toHaveLength(3);
    // Never more than two in one platform month, and the last in a later platform month than the first
    // (platform dates): a platform month is 30 s of real time here, so the wait was for the platform's
    // month, not the real one. Which month the second falls in depends on how busy the machine is (at a
    // day a second, a few seconds are a few platform days), so the test does not ask.
    const sorted = [...requests].sort((x, y) => x.createdAt - y.createdAt).map((r) => monthOf(r.createdAt));
    const perMonth = new Map<string, number>();
    for (const m of sorted) perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
    expect(Math.max(...perMonth.values())).toBe(2);
    expect((sorted.at(-1) ?? '') > (sorted[0] ?? '')).toBe(true);
    expect((await x.admin.journal()).violations).toEqual([]);
    expect(await x.admin.remaining(subjects.flatMap((s) => s.personalValues))).toEqual([]);
  });
});
