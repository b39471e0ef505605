/**
 * End to end on the Temporal dev server over real HTTP: the demo's scenario on a compressed clock
 * (a day lasts 200 ms). At the end the simulator holds no personal data of the subject, the bystander's
 * data is untouched, and no platform call broke a rule of the contract.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoSubject } from '../../src/demo/scenario';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { type ErasureHarness, startErasureHarness } from '../helpers/erasure-harness';
import { quietRuntime } from '../helpers/temporal';

const DAY = 200;
let env: TestWorkflowEnvironment;
let x: ErasureHarness;

beforeAll(async () => {
  quietRuntime();
  env = await startDevServer();
  x = await startErasureHarness(env, {
    timing: timingForDay(DAY),
    clock: 'real',
    simulator: { graceMs: 5 * DAY, processingMs: 20 * DAY },
  });
});
afterAll(async () => {
  await x?.close();
  await env?.teardown();
});

describe('the demo scenario on the dev server', () => {
  it('erases the subject everywhere it lives on LivePerson, and nothing else', async () => {
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'e2e');
    expect(await x.admin.remaining(subject.personalValues)).not.toEqual([]);

    const result = await x.run(async () => {
      const { handle, joined } = await x.client.start(subject.request);
      expect(joined).toBe(false);
      const closer = setTimeout(() => void x.admin.closeConversation(subject.activeConversationId), 3 * DAY);
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
    for (const r of lp?.requests ?? [])
      expect(r.verifications.at(-1)).toMatchObject({ requestStatus: 'DONE', present: 0 });

    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
    expect(await x.admin.remaining([subject.bystanderValue])).toHaveLength(2); // profile + conversation
    const journal = await x.admin.journal();
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(journal.violations).toEqual([]);
  });
});
