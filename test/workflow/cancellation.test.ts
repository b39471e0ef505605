/**
 * Ending an erasure early: by the operator's cancel signal (with who and why) and by Temporal's own
 * cancellation. Requests still in their grace period are withdrawn at the platform; final ones are
 * listed as not withdrawable.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { progressQuery } from '../../src/workflows/definitions';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

describe('cancelling an erasure', () => {
  it('by signal during the wait: records who, why and when, and withdraws requests still in grace', async () => {
    const x = await suite.harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'cancel-signal');
    await x.admin.closeConversation(subject.activeConversationId);

    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('2d'); // inside the 5-day grace period
      await x.client.cancel(workflowId, {
        by: 'dpo@controller.example',
        reason: 'request withdrawn by the subject',
      });
      return handle.result();
    });

    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation).toMatchObject({
      by: 'dpo@controller.example',
      reason: 'request withdrawn by the subject',
      via: 'signal',
    });
    expect(Date.parse(result.cancellation?.at ?? '')).toBeGreaterThan(Date.parse(result.receivedAt));
    const submitted = result.cancellation?.submitted ?? [];
    expect(submitted.map((s) => s.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    expect(submitted.every((s) => s.withdrawn)).toBe(true);
    expect(result.timeline.at(-1)?.phase).toBe('cancelled');

    const atPlatform = await x.admin.requests();
    expect(atPlatform.map((r) => r.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    // Nothing was deleted: the subject's data is still there.
    expect(await x.admin.remaining(subject.personalValues)).not.toEqual([]);
  });

  it('by Temporal cancellation after the grace period: ends cancelled and names the final requests', async () => {
    const x = await suite.harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'cancel-temporal');
    await x.admin.closeConversation(subject.activeConversationId);

    await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      await suite.env.sleep('8d'); // past grace: the requests are final
      await handle.cancel();
      const failure = await handle.result().catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);

      const progress = await handle.query(progressQuery);
      expect(progress.phase).toBe('cancelled');
      expect(progress.cancellation).toMatchObject({ via: 'temporal', by: 'temporal' });
      const submitted = progress.cancellation?.submitted ?? [];
      expect(submitted).toHaveLength(3);
      for (const s of submitted) {
        expect(s.withdrawn).toBe(false);
        expect(s.note).toMatch(/IN_PROGRESS/);
      }
      expect((await handle.describe()).status.name).toBe('CANCELLED');
    });
    expect((await x.admin.requests()).map((r) => r.status)).not.toContain('CANCELED');
  });

  it('before anything was sent: nothing to withdraw, nothing deleted', async () => {
    const x = await suite.harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'cancel-early');
    const release = x.gate('discoverRecords');

    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await x.client.cancel(workflowId, { by: 'ops', reason: 'wrong subject' });
      release();
      return handle.result();
    });

    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation?.submitted).toEqual([]);
    expect(await x.admin.requests()).toEqual([]);
  });

  it('names everything found and not erased as still present, in the result and the certificate', async () => {
    const x = await suite.harness();
    const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'cancel-present');
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('2h'); // found; the open conversation waits, the rest is sent
      await x.client.cancel(workflowId, { by: 'ops', reason: 'wrong subject' });
      return handle.result();
    });
    const lp = result.platforms.liveperson;
    expect(result.outcome).toBe('cancelled');
    expect(lp?.erased).toEqual({});
    expect(lp?.verdict).toBe('incomplete');
    // Sent and withdrawn, or never sent: all still there, none claimed gone; the open one still active.
    expect(lp?.stillPresent.map((r) => r.id).sort()).toEqual(
      [...subject.closedConversationIds, subject.consumerId, subject.engagementId].sort(),
    );
    expect(lp?.stillActive.map((r) => r.id)).toEqual([subject.activeConversationId]);
    expect(result.reasons).toContainEqual({ scope: 'liveperson', reason: 'still_present', records: 6 });
    const certified = result.certificate?.certificate.systems.liveperson;
    expect(certified?.stillPresent).toHaveLength(6);
    expect(certified?.erasedCount).toBe(0);
    expect(JSON.stringify(result.certificate)).not.toContain(subject.consumerId);
  });
});
