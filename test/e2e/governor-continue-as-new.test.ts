/**
 * Long histories: on a dev server that suggests continue-as-new after 60 history events, the governor
 * and the erasures continue as new many times, each carrying its state over (the governor its queue and
 * ledger, an erasure its records, requests and verifications), and every erasure still completes with
 * only its own ids and everything verified gone.
 */
import { describe, expect, it } from 'vitest';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { governorStatusQuery, governorWorkflowId } from '../../src/workflows/definitions';
import { devServerSuite, E2E_DAY_MS } from '../helpers/dev-server-suite';
import { idsOf } from '../helpers/results';

const DAY = E2E_DAY_MS;
const suite = devServerSuite({
  extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=60'],
});

describe('a long-lived governor', () => {
  it('continues as new with its state and keeps serving every erasure', async () => {
    const subjects: DemoSubject[] = [];
    for (let i = 0; i < 8; i++) {
      const s = await seedDemoSubject(suite.x.admin, suite.x.sim.context.options.accountId, `can-${i}`);
      suite.remember([...s.personalValues, s.consumerId]);
      await suite.x.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    const governorId = governorWorkflowId('liveperson', suite.x.sim.context.options.accountId);
    const { results, status } = await suite.x.run(async () => {
      const handles = [];
      // Two at a time, a compressed day apart: the governor sees arrivals, flushes and ticks in between.
      for (let i = 0; i < subjects.length; i += 2) {
        for (const s of subjects.slice(i, i + 2))
          handles.push((await suite.x.client.start(s.request)).handle);
        await new Promise((r) => setTimeout(r, 2 * DAY));
      }
      const done = await Promise.all(handles.map((h) => h.result()));
      return {
        results: done,
        status: await suite.env.client.workflow.getHandle(governorId).query(governorStatusQuery),
      };
    });

    const runsOf = async (workflowId: string): Promise<number> => {
      let runs = 0;
      for await (const _ of suite.env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
        runs += 1;
      return runs;
    };
    expect(await runsOf(governorId)).toBeGreaterThan(1);
    for (const s of subjects)
      expect(await runsOf(suite.x.client.workflowIdFor(s.request.subjectKey))).toBeGreaterThan(1);
    expect(status.queuedIds).toBe(0);
    expect(status.sentTotal).toBe((await suite.x.admin.requests()).length);

    results.forEach((result, i) => {
      const s = subjects[i] as DemoSubject;
      const own = new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
      expect(result.outcome).toBe('completed');
      expect(result.platforms.liveperson?.stillPresent).toEqual([]);
      // The state survived every continue-as-new: all seven records erased, each request verified gone.
      expect(Object.values(result.platforms.liveperson?.erased ?? {}).flat()).toHaveLength(7);
      for (const request of result.platforms.liveperson?.requests ?? []) {
        // Verified gone by looking; the platform may still call the request IN_PROGRESS on a busy
        // machine (its status and its deletions are not one moment): never a failure, never present.
        const last = request.verifications.at(-1);
        expect(last?.present).toBe(0);
        expect(['DONE', 'IN_PROGRESS']).toContain(last?.requestStatus);
      }
      expect(result.timeline[0]?.phase).toBe('resolving');
      for (const request of result.platforms.liveperson?.requests ?? []) {
        for (const id of idsOf(request)) expect(own.has(id)).toBe(true);
      }
    });
    for (const s of subjects) expect(await suite.x.admin.remaining(s.personalValues)).toEqual([]);
    expect((await suite.x.admin.journal()).violations).toEqual([]);
  });
});
