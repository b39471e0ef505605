/**
 * The governor is long-lived: on a dev server that suggests continue-as-new after 60 history events, it
 * continues as new many times while erasures come and go, carrying its queue and ledger over, and every
 * erasure still completes with only its own ids.
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

    let runs = 0;
    for await (const _ of env.client.workflow.list({ query: `WorkflowId = '${governorId}'` })) runs += 1;
    expect(runs).toBeGreaterThan(1);
    expect(status.queuedIds).toBe(0);
    expect(status.sentTotal).toBe((await x.admin.requests()).length);

    results.forEach((result, i) => {
      const s = subjects[i] as DemoSubject;
      const own = new Set([...s.closedConversationIds, s.activeConversationId, s.consumerId, s.engagementId]);
      expect(result.outcome).toBe('completed');
      expect(result.platforms.liveperson?.stillPresent).toEqual([]);
      for (const request of result.platforms.liveperson?.requests ?? []) {
        for (const id of request.ids) expect(own.has(id)).toBe(true);
      }
    });
    for (const s of subjects) expect(await x.admin.remaining(s.personalValues)).toEqual([]);
    expect((await x.admin.journal()).violations).toEqual([]);
  });
});
