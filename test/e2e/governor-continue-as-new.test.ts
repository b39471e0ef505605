/**
 * Long histories: on a dev server that suggests continue-as-new after 60 history events, the governor
 * and the erasures continue as new many times, each carrying its state over (the governor its queue and
 * ledger, an erasure its records, requests and verifications), and every erasure still completes with
 * only its own ids and everything verified gone.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoSubject, seedDemoSubject } from '../../src/demo/scenario';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { governorStatusQuery, governorWorkflowId } from '../../src/workflows/definitions';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { quietRuntime } from '../helpers/temporal';

const DAY = 200;
let env: TestWorkflowEnvironment;
let x: ErasureHarness;

beforeAll(async () => {
  quietRuntime();
  env = await startDevServer({
    extraArgs: ['--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=60'],
  });
  x = await startErasureHarness(env, {
    timing: timingForDay(DAY),
    clock: 'real',
    governed: true,
    simulator: { graceMs: 5 * DAY, processingMs: 20 * DAY },
  });
});
afterAll(async () => {
  await x?.close();
  await env?.teardown();
});

describe('a long-lived governor', () => {
  it('continues as new with its state and keeps serving every erasure', async () => {
    const subjects: DemoSubject[] = [];
    for (let i = 0; i < 8; i++) {
      const s = await seedDemoSubject(x.admin, x.sim.context.options.accountId, `can-${i}`);
      await x.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    const governorId = governorWorkflowId('liveperson', x.sim.context.options.accountId);
    const { results, status } = await x.run(async () => {
      const handles = [];
      // Two at a time, a compressed day apart: the governor sees arrivals, flushes and ticks in between.
      for (let i = 0; i < subjects.length; i += 2) {
        for (const s of subjects.slice(i, i + 2)) handles.push((await x.client.start(s.request)).handle);
        await new Promise((r) => setTimeout(r, 2 * DAY));
      }
      const done = await Promise.all(handles.map((h) => h.result()));
      return {
        results: done,
        status: await env.client.workflow.getHandle(governorId).query(governorStatusQuery),
      };
    });

    const runsOf = async (workflowId: string): Promise<number> => {
      let runs = 0;
      for await (const _ of env.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) runs += 1;
      return runs;
    };
    expect(await runsOf(governorId)).toBeGreaterThan(1);
    for (const s of subjects)
      expect(await runsOf(x.client.workflowIdFor(s.request.subjectKey))).toBeGreaterThan(1);
    expect(status.queuedIds).toBe(0);
    expect(status.sentTotal).toBe((await x.admin.requests()).length);

    results.forEach((result, i) => {
      const s = subjects[i] as DemoSubject;
      const own = new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
      expect(result.outcome).toBe('completed');
      expect(result.platforms.liveperson?.stillPresent).toEqual([]);
      // The state survived every continue-as-new: all seven records erased, each request verified DONE.
      expect(Object.values(result.platforms.liveperson?.erased ?? {}).flat()).toHaveLength(7);
      for (const request of result.platforms.liveperson?.requests ?? []) {
        expect(request.verifications.at(-1)).toMatchObject({ requestStatus: 'DONE', present: 0 });
      }
      expect(result.timeline[0]?.phase).toBe('resolving');
      for (const request of result.platforms.liveperson?.requests ?? []) {
        for (const id of request.ids) expect(own.has(id)).toBe(true);
      }
    });
    for (const s of subjects) expect(await x.admin.remaining(s.personalValues)).toEqual([]);
    expect((await x.admin.journal()).violations).toEqual([]);
  });
});
