/**
 * The platforms' documented contracts, held in whole erasures on the time-skipping server with the real
 * defaults (issue 12): discovery that rides out a fault mix and resumes a retried attempt from its
 * heartbeat details; a 404 that proves nothing (a wrong base path) needing attention instead of reading as
 * "gone"; a recording Genesys keeps after its request COMPLETED reported held to the end, never erased.
 */
import { describe, expect, it } from 'vitest';
import { recordingRef } from '../../src/connectors/genesys/connector';
import { defaultHistorySearchLimits } from '../../src/connectors/liveperson/history-search';
import { addUtcMonths, alignTenMinutes, calendarWindows } from '../../src/domain/search-windows';
import type { Faults } from '../../src/simulator/kit/faults';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { progressQuery } from '../../src/workflows/definitions';
import { LetheNeedsAttention, LetheStatus } from '../../src/workflows/search-attributes';
import type { ErasureHarness } from '../helpers/erasure-harness';
import { genesysSubjectSeed } from '../helpers/genesys-fixtures';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

/** One LivePerson subject erased to the end with `faults` on every platform call; the harness after. */
async function eraseWith(tag: string, faults?: Partial<Faults>): Promise<ErasureHarness> {
  const x = await suite.harness({}, { httpTimeoutMs: 300 });
  const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
  await x.admin.closeConversation(subject.activeConversationId);
  if (faults) await x.admin.faults(faults);
  const result = await x.run(async () => suite.finish((await x.client.start(subject.request)).handle));
  expect(result.outcome).toBe('completed');
  expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  return x;
}

const engagementSearches = async (x: ErasureHarness) =>
  (await x.admin.journal()).entries.filter((e) => e.path.includes('/interactions/search'));

type Searches = Awaited<ReturnType<typeof engagementSearches>>;

/** The searches of resolution and discovery: within the hour of the first (later checks come days after). */
const resolution = (searches: Searches): Searches => {
  const first = Date.parse(searches[0]?.at ?? '');
  return searches.filter((e) => Date.parse(e.at) - first < 3_600_000);
};

/** How many calendar-month windows the retention period (13 months) splits into on the searches' date. */
const windowsOn = (searches: Searches): number => {
  const end = alignTenMinutes(Date.parse(searches[0]?.at ?? ''), 'up');
  return calendarWindows(addUtcMonths(end, -defaultHistorySearchLimits.lookbackMonths), end, 1).length;
};

describe('discovery on a flaky platform', () => {
  it('rides out 5 % 5xx, 3 % malformed bodies and 2 % timeouts, breaking no rule', async () => {
    const x = await eraseWith('flaky', {
      errorRate: 0.05,
      malformedRate: 0.03,
      timeoutRate: 0.02,
      timeoutHoldMs: 1_000, // past the 300 ms call timeout: a real timeout
      seed: 12,
    });
    const { entries, violations } = await x.admin.journal();
    expect(entries.filter((e) => e.fault !== undefined).length).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });

  it('resumes a retried attempt from the windows and pages the last one saved, never from the start', async () => {
    const clean = await engagementSearches(await eraseWith('resume'));
    // The sixth Engagement History search fails every try of the call: the attempt gives up there.
    const x = await eraseWith('resume', {
      errorRate: 1,
      pathContains: '/interactions/search',
      skipFirst: 5,
      maxFaults: 4,
    });
    const faulted = await engagementSearches(x);
    expect(faulted.filter((e) => e.fault === 'error')).toHaveLength(4);
    // Every window searched exactly once, as without the fault: none was searched again. The two runs
    // happen a month apart on the server's clock, and the retention period splits into calendar-month
    // windows by date, so each is counted against the windows of its own date.
    const clean200 = resolution(clean);
    // Each identifier searches every window; discovery then reads each engagement by id (fewer than a
    // period's windows): the remainder.
    const perIdentifier = Math.floor(clean200.length / windowsOn(clean200));
    const byId = clean200.length % windowsOn(clean200);
    expect(perIdentifier).toBeGreaterThan(0);
    const faulted200 = resolution(faulted.filter((e) => e.status === 200));
    expect(faulted200).toHaveLength(perIdentifier * windowsOn(faulted200) + byId);
    expect(faulted.filter((e) => e.status === 200).length - faulted200.length).toBe(
      clean.length - clean200.length,
    );
    const retried = x.attempts.filter((a) => a.name === 'resolveIdentities' && a.attempt === 2);
    expect(retried).toHaveLength(1);
    const saved = (retried[0]?.heartbeatDetails as { steps?: Record<string, unknown> } | undefined)?.steps;
    // The search period, the conversation windows and the five engagement windows it had finished.
    expect(Object.keys(saved ?? {}).length).toBeGreaterThanOrEqual(5 + 5 + 1);
  });
});

describe('a 404 proves nothing by itself', () => {
  it('needs attention, naming the call, when the base path is wrong; nothing is read as gone', async () => {
    const x = await suite.harness({}, { platforms: ['genesys'], apiBasePath: { genesys: '/api/v3' } });
    const g = x.genesys;
    if (!g) throw new Error('no Genesys simulator');
    const { seed, subject: s } = genesysSubjectSeed(await g.admin.now(), 'wrong-path');
    await g.admin.seed(seed);
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start({
        requestId: 'ticket-wrong-path',
        subjectKey: 'wrong-path-subject',
        identifiers: [{ kind: 'email', value: s.email }],
        requestedBy: 'privacy-desk',
      });
      const attention = await waitUntil(
        async () => (await handle.query(progressQuery)).needsAttention,
        30_000,
        'the erasure to need attention',
      );
      expect(attention).toMatchObject({ platform: 'genesys', type: 'UnexplainedNotFound' });
      expect(attention.message).toMatch(/genesys searchSubjects: HTTP 404/);
      expect(attention.message).toMatch(/base URL, the region and the permissions/);
      expect((await handle.describe()).typedSearchAttributes.get(LetheNeedsAttention)).toBe(true);
      expect((await handle.query(progressQuery)).platforms.genesys?.confirmed).toBe(0);
      await x.client.cancel(workflowId, { by: 'ops', reason: 'wrong region configured' });
      return suite.finish(handle);
    });
    expect(result.outcome).toBe('cancelled');
    expect(await g.admin.requests()).toEqual([]);
  });
});

describe('a recording Genesys keeps after its request COMPLETED', () => {
  it('is reported held to the end, with since and last seen, re-checked daily, and never claimed erased', async () => {
    const x = await suite.harness({}, { platforms: ['genesys'] });
    const g = x.genesys;
    if (!g) throw new Error('no Genesys simulator');
    const { seed, subject: s } = genesysSubjectSeed(await g.admin.now(), 'kept');
    await g.admin.seed(seed);
    await g.admin.endConversation(s.openConversation);
    const held = recordingRef(s.heldRecording.conversationId, s.heldRecording.id);

    const { result, status } = await x.run(async () => {
      const { handle } = await x.client.start({
        requestId: 'ticket-kept',
        subjectKey: 'kept-subject',
        identifiers: [{ kind: 'email', value: s.email }],
        requestedBy: 'privacy-desk',
      });
      const ended = await suite.finish(handle);
      return { result: ended, status: (await handle.describe()).typedSearchAttributes.get(LetheStatus) };
    });

    // Everything else verified gone; the kept recording named, with the platform's reason, not erased.
    expect(result.outcome).toBe('completed');
    expect(status).toBe('completed');
    expect(result.reasons).toEqual([]);
    const r = result.platforms.genesys;
    expect(r?.verdict).toBe('erased_except_held');
    expect(r?.erased.recording).toEqual([recordingRef(s.recording.conversationId, s.recording.id)]);
    expect(r?.stillPresent).toEqual([]);
    expect(r?.held).toHaveLength(1);
    const hold = r?.held[0];
    expect(hold).toMatchObject({
      kind: 'recording',
      id: held,
      reason: expect.stringMatching(/kept by Genesys/),
    });
    expect(hold?.releasedAt).toBeUndefined();
    // Re-checked daily until the hard stop: last seen long after it was first seen kept.
    expect(Date.parse(hold?.lastSeen ?? '') - Date.parse(hold?.since ?? '')).toBeGreaterThan(30 * 86_400_000);
    const certified = result.certificate?.certificate.systems.genesys;
    expect(certified?.verdict).toBe('erased_except_held');
    expect(certified?.held[0]).toMatchObject({
      reason: hold?.reason,
      since: hold?.since,
      lastSeen: hold?.lastSeen,
    });
    expect(certified?.held[0]?.releasedAt).toBeUndefined();
    expect(certified?.erased.recording?.count).toBe(1);
    expect((await g.admin.journal()).violations).toEqual([]);
  });
});
