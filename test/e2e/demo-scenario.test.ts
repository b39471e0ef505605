/**
 * End to end on the Temporal dev server over real HTTP: the demo's scenario on a compressed clock
 * (a day lasts 200 ms). At the end the simulator holds no personal data of the subject, the bystander's
 * data is untouched, and no platform call broke a rule of the contract.
 */
import { describe, expect, it } from 'vitest';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { devServerSuite, E2E_DAY_MS } from '../helpers/dev-server-suite';
import { idsOf } from '../helpers/results';

const DAY = E2E_DAY_MS;
const suite = devServerSuite();

describe('the demo scenario on the dev server', () => {
  it('erases the subject everywhere it lives on LivePerson, and nothing else', async () => {
    const subject = await seedDemoSubject(suite.x.admin, suite.x.sim.context.options.accountId, 'e2e');
    suite.remember([...subject.personalValues, subject.consumerId, subject.bystanderValue]);
    expect(await suite.x.admin.remaining(subject.personalValues)).not.toEqual([]);

    const result = await suite.x.run(async () => {
      const { handle, joined } = await suite.x.client.start(subject.request);
      expect(joined).toBe(false);
      const closer = setTimeout(
        () => void suite.x.admin.closeConversation(subject.activeConversationId),
        3 * DAY,
      );
      try {
        return await handle.result();
      } finally {
        clearTimeout(closer);
      }
    });

    expect(result.outcome).toBe('completed');
    const lp = result.platforms.liveperson;
    expect(lp?.erased.conversation?.sort()).toEqual(
      [...subject.closedConversationIds, subject.activeConversationId].sort(),
    );
    expect(lp?.erased.consumer).toEqual([subject.consumerId]);
    expect(lp?.erased.engagement).toEqual([subject.engagementId]);
    expect(lp?.stillPresent).toEqual([]);
    expect(lp?.failedBatches).toEqual([]);
    for (const r of lp?.requests ?? []) {
      // Verified gone by looking; the platform may still call the request IN_PROGRESS on a busy
      // machine (its status and its deletions are not one moment): never a failure, never present.
      const last = r.verifications.at(-1);
      expect(last?.present).toBe(0);
      expect(['DONE', 'IN_PROGRESS']).toContain(last?.requestStatus);
    }

    expect(await suite.x.admin.remaining(subject.personalValues)).toEqual([]);
    expect(await suite.x.admin.remaining([subject.bystanderValue])).toHaveLength(2); // profile + conversation
    const journal = await suite.x.admin.journal();
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(journal.violations).toEqual([]);
  });

  it('packs several subjects into shared requests through the governor, each told only of its own ids', async () => {
    const subjects: DemoSubject[] = [];
    for (const tag of ['e2e-a', 'e2e-b', 'e2e-c']) {
      const s = await seedDemoSubject(suite.x.admin, suite.x.sim.context.options.accountId, tag);
      suite.remember([...s.personalValues, s.consumerId, s.bystanderValue]);
      await suite.x.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    const before = (await suite.x.admin.requests()).length;
    const results = await suite.x.run(async () => {
      const handles = await Promise.all(
        subjects.map(async (s) => (await suite.x.client.start(s.request)).handle),
      );
      return Promise.all(handles.map((h) => h.result()));
    });
    const sent = (await suite.x.admin.requests()).slice(before);
    expect(sent.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    results.forEach((result, i) => {
      const s = subjects[i];
      if (!s) throw new Error('missing subject');
      const own = new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
      expect(result.outcome).toBe('completed');
      for (const request of result.platforms.liveperson?.requests ?? []) {
        for (const id of idsOf(request)) expect(own.has(id)).toBe(true);
      }
      expect(result.platforms.liveperson?.stillPresent).toEqual([]);
    });
    for (const s of subjects) expect(await suite.x.admin.remaining(s.personalValues)).toEqual([]);
    expect((await suite.x.admin.journal()).violations).toEqual([]);
  });
});
