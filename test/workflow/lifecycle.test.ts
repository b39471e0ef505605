/**
 * The erasure's lifecycle beyond the happy path, on the time-skipping server with the real defaults:
 * legal holds, refused credentials (needs attention), overdue and the hard stop, identifiers added on the
 * way, refused updates, dry runs, search attributes and deadlines, and idempotent submission.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { InvalidRequestError, RequestRefusedError } from '../../src/client';
import { DAY_MS } from '../../src/domain/timing';
import { seedDemoSubject, seedHiddenIdentity } from '../../src/simulator/liveperson/demo-person';
import {
  addIdentifiersUpdate,
  legalHoldUpdate,
  progressQuery,
  retryUpdate,
} from '../../src/workflows/definitions';
import {
  LetheDeadline,
  LetheNeedsAttention,
  LethePlatforms,
  LetheStatus,
} from '../../src/workflows/search-attributes';
import { waitUntil } from '../helpers/temporal';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

const closedSubject = async (tag: string, simulator = {}, options: { governed?: boolean } = {}) => {
  const x = await suite.harness(simulator, options);
  const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
  await x.admin.closeConversation(subject.activeConversationId);
  return { x, subject };
};

describe('legal hold', () => {
  it('withdraws requests still in grace, holds everything until release, then erases', async () => {
    const { x, subject } = await closedSubject('hold-grace');
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('2d');
      await x.client.placeHold(workflowId, { by: 'legal@controller.example', reason: 'litigation hold #77' });
      await suite.env.sleep('1d');
      const held = await handle.query(progressQuery);
      expect(held.phase).toBe('on_hold');
      expect(held.holds[0]?.withdrawn).toHaveLength(3);
      expect((await x.admin.requests()).map((r) => r.status)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
      await suite.env.sleep('20d');
      expect(await x.admin.remaining(subject.personalValues)).not.toEqual([]); // nothing deleted under hold
      await x.client.releaseHold(workflowId, { by: 'legal@controller.example', reason: 'case closed' });
      return handle.result();
    });
    expect(result.outcome).toBe('completed');
    expect(result.holds).toHaveLength(1);
    expect(result.holds[0]).toMatchObject({
      by: 'legal@controller.example',
      reason: 'litigation hold #77',
      releasedBy: 'legal@controller.example',
    });
    expect(result.timeline.map((t) => t.phase)).toContain('on_hold');
    const requests = await x.admin.requests();
    expect(requests.filter((r) => r.status === 'DONE')).toHaveLength(3);
    expect(await x.admin.remaining(subject.personalValues)).toEqual([]);
  });

  it('names the requests that were already final and could not be withdrawn', async () => {
    const { x, subject } = await closedSubject('hold-final');
    await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('7d');
      await x.client.placeHold(workflowId, { by: 'legal', reason: 'regulator inquiry' });
      await suite.env.sleep('1d');
      const held = await handle.query(progressQuery);
      expect(held.holds[0]?.withdrawn).toEqual([]);
      expect(held.holds[0]?.notWithdrawable.map((n) => n.note)).toEqual(
        expect.arrayContaining([expect.stringMatching(/IN_PROGRESS/)]),
      );
      await x.client.cancel(workflowId, { by: 'test', reason: 'end of test' });
      await handle.result();
    });
  });
});

describe('refused credentials', () => {
  it('needs attention until an operator retries, and is searchable meanwhile', async () => {
    const { x, subject } = await closedSubject('auth');
    await x.admin.rotateSecret('rotated-by-the-platform');
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const stuck = await waitUntil(
        async () => {
          const p = await handle.query(progressQuery);
          return p.needsAttention ? p : undefined;
        },
        20_000,
        'needs attention',
      );
      expect(stuck.needsAttention).toMatchObject({ platform: 'liveperson', type: 'AuthFailed' });
      expect((await handle.describe()).typedSearchAttributes.get(LetheNeedsAttention)).toBe(true);
      await x.admin.rotateSecret(x.sim.context.options.clientSecret); // the operator fixes the credentials
      await x.client.retry(workflowId, 'ops@controller.example');
      return handle.result();
    });
    expect(result.outcome).toBe('completed');
    expect(result.platforms.liveperson?.stillPresent).toEqual([]);
  });

  it('tries again by itself on the slow timer', async () => {
    const { x, subject } = await closedSubject('auth-timer');
    await x.admin.rotateSecret('rotated-by-the-platform');
    const result = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      await waitUntil(
        async () => ((await handle.query(progressQuery)).needsAttention ? true : undefined),
        20_000,
        'needs attention',
      );
      await x.admin.rotateSecret(x.sim.context.options.clientSecret);
      return handle.result(); // no retry: the hourly timer fires
    });
    expect(result.outcome).toBe('completed');
  });
});

describe('a batch the platform refuses', () => {
  it("is reported failed with the platform's message in progress and result, and the rest goes on", async () => {
    const { x, subject } = await closedSubject('refused-batch');
    const release = x.gate('submitBatch');
    const result = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      await waitUntil(
        async () => ((await handle.query(progressQuery)).phase === 'submitting' ? true : undefined),
        20_000,
        'submitting',
      );
      // The conversation opens again between discovery and submission: the platform refuses the batch.
      const reopened = x.sim.context.store.conversations.get(subject.closedConversationIds[0] as string);
      if (reopened) reopened.status = 'OPEN';
      release();
      await waitUntil(
        async () => ((await handle.query(progressQuery)).lastError ? true : undefined),
        20_000,
        'the refusal',
      );
      const progress = await handle.query(progressQuery);
      expect(progress.lastError).toMatchObject({ platform: 'liveperson', type: 'PlatformRejected' });
      expect(progress.lastError?.message).toMatch(/closed/);
      expect(progress.platforms.liveperson?.failed).toBe(5);
      return handle.result();
    });
    const lp = result.platforms.liveperson;
    expect(lp?.failedBatches).toHaveLength(1);
    expect(lp?.failedBatches[0]).toMatchObject({ kind: 'conversation', errorType: 'PlatformRejected' });
    expect(lp?.failedBatches[0]?.ids).toHaveLength(5);
    expect(lp?.failedBatches[0]?.message).toMatch(/closed/);
    expect(lp?.erased.engagement).toEqual([subject.engagementId]);
    expect(lp?.erased.consumer).toEqual([subject.consumerId]);
  });
});

describe('overdue and the hard stop', () => {
  it('is overdue past the window, keeps checking, and ends incomplete at the hard stop naming what is left', async () => {
    const { x, subject } = await closedSubject('overdue', { processingMs: 400 * DAY_MS });
    const result = await x.run(async () => {
      const { handle } = await x.client.start(subject.request);
      await suite.env.sleep('40d');
      const late = await handle.query(progressQuery);
      expect(late.phase).toBe('overdue');
      expect(late.overdue).toBe(true);
      expect(late.deadline.meetsDeadline).toBe(false);
      expect((await handle.describe()).typedSearchAttributes.get(LetheStatus)).toBe('overdue');
      const ended = await handle.result();
      // Said plainly everywhere: the search attribute, the progress query, the result, the certificate.
      expect((await handle.describe()).typedSearchAttributes.get(LetheStatus)).toBe('incomplete');
      const last = await handle.query(progressQuery);
      expect(last.phase).toBe('incomplete');
      expect(last.outcome).toBe('incomplete');
      expect(last.reasons).toEqual([{ scope: 'liveperson', reason: 'still_present', records: 7 }]);
      return ended;
    });
    expect(result.outcome).toBe('incomplete');
    expect(result.reasons).toEqual([{ scope: 'liveperson', reason: 'still_present', records: 7 }]);
    expect(result.certificate?.certificate.outcome).toBe('incomplete');
    expect(result.certificate?.certificate.systems.liveperson?.verdict).toBe('incomplete');
    expect(result.stoppedAtHardStop).toBe(true);
    const lp = result.platforms.liveperson;
    expect(lp?.stillPresent.map((r) => r.kind).sort()).toEqual([
      'consumer',
      'conversation',
      'conversation',
      'conversation',
      'conversation',
      'conversation',
      'engagement',
    ]);
    // Seven scheduled checks in the window, then weekly until day 90.
    const checks = lp?.requests[0]?.verifications.length ?? 0;
    expect(checks).toBeGreaterThanOrEqual(14);
    expect(Date.parse(result.finishedAt) - Date.parse(result.receivedAt)).toBeGreaterThanOrEqual(90 * DAY_MS);
  });
});

describe('identifiers added on the way', () => {
  it('discovers again and erases what the new identifier leads to', async () => {
    const { x, subject } = await closedSubject('add-ids');
    const { email: hidden, conversationId: hiddenConversation } = await seedHiddenIdentity(
      x.admin,
      'add-ids',
    );
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('3d');
      const answer = await x.client.addIdentifiers(
        workflowId,
        [{ kind: 'email', value: hidden }],
        'privacy-desk',
      );
      expect(answer.added).toBe(1);
      return handle.result();
    });
    expect(result.platforms.liveperson?.erased.conversation).toContain(hiddenConversation);
    expect(result.platforms.liveperson?.erased.consumer).toContain('consumer-add-ids-2');
    expect(result.identifiers).toEqual(
      expect.arrayContaining([
        { kind: 'email', value: hidden, provenance: 'update:privacy-desk' },
        // Found through the operator's email, which only this consumer's details hold.
        {
          kind: 'livepersonConsumerId',
          value: 'consumer-add-ids-2',
          provenance: 'liveperson:email',
          via: `email:${hidden}`,
          link: 'own',
        },
      ]),
    );
    expect(await x.admin.remaining([hidden])).toEqual([]);
  });
});

describe('refused updates change nothing', () => {
  it('rejects a release without a hold, a second hold, a retry with nothing to retry, and invalid identifiers', async () => {
    const { x, subject } = await closedSubject('refused');
    await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('1d');
      const before = await handle.query(progressQuery);
      // Straight to the workflow: Temporal's update failure, with the validator's reason as its cause.
      const refused = async (p: Promise<unknown>, message: RegExp) => {
        const err = await p.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
        expect(String((err as WorkflowUpdateFailedError).cause?.message)).toMatch(message);
      };
      // Through the client: its own error, naming the erasure and carrying the same reason.
      const refusedToClient = async (p: Promise<unknown>, message: RegExp) => {
        const err = await p.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RequestRefusedError);
        expect((err as RequestRefusedError).workflowId).toBe(workflowId);
        expect((err as Error).message).toMatch(message);
      };
      await refusedToClient(
        x.client.releaseHold(workflowId, { by: 'legal', reason: 'x' }),
        /no legal hold to release/,
      );
      await refusedToClient(x.client.retry(workflowId, 'ops'), /nothing needs attention/);
      // Around the client's own validation, straight to the workflow:
      await refused(
        handle.executeUpdate(addIdentifiersUpdate, {
          args: [{ identifiers: [{ kind: 'email', value: 'nope' }] as never, by: 'x' }],
        }),
        /identifiers\.0\.value/,
      );
      await refused(
        handle.executeUpdate(legalHoldUpdate, { args: [{ on: true, by: ' ', reason: 'r' }] }),
        /by: is required/,
      );
      await refused(handle.executeUpdate(retryUpdate, { args: [{ by: 'ops' }] }), /nothing needs attention/);
      await x.client.placeHold(workflowId, { by: 'legal', reason: 'first' });
      await refusedToClient(
        x.client.placeHold(workflowId, { by: 'legal', reason: 'second' }),
        /already in place/,
      );
      const err = await x.client
        .addIdentifiers(workflowId, [{ kind: 'email', value: 'not-an-email' }], 'x')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as Error).message).toContain('identifiers.0.value');
      const after = await handle.query(progressQuery);
      expect(after.identifiers).toEqual(before.identifiers);
      expect(after.holds).toHaveLength(1);
      await x.client.cancel(workflowId, { by: 'test', reason: 'end of test' });
      await handle.result();
    });
  });
});

describe('dry run, deadline and search attributes', () => {
  it('plans without deleting anything', async () => {
    const { x, subject } = await closedSubject('dry');
    const result = await x.run(async () =>
      (await x.client.start({ ...subject.request, options: { dryRun: true } })).handle.result(),
    );
    expect(result.outcome).toBe('planned');
    const plan = result.plan?.platforms.liveperson;
    expect(plan?.requests.map((r) => [r.kind, r.ids.length])).toEqual([
      ['conversation', 5],
      ['engagement', 1],
      ['consumer', 1],
    ]);
    expect(plan?.monthlyRequestQuota).toBe(100);
    expect(plan?.verifyAt).toHaveLength(7);
    expect(await x.admin.requests()).toEqual([]);
    expect(await x.admin.remaining(subject.personalValues)).not.toEqual([]);
  });

  it('publishes status, deadline, platforms and attention as search attributes, and judges the deadline', async () => {
    const { x, subject } = await closedSubject('sa');
    await x.run(async () => {
      const startedAt = await suite.env.currentTimeMs();
      const deadline = new Date(startedAt + 10 * DAY_MS).toISOString();
      const { handle } = await x.client.start({ ...subject.request, options: { deadline } });
      await handle.result();
      const sa = (await handle.describe()).typedSearchAttributes;
      expect(sa.get(LetheStatus)).toBe('completed');
      expect(sa.get(LethePlatforms)).toEqual(['liveperson']);
      expect(sa.get(LetheNeedsAttention)).toBe(false);
      expect((sa.get(LetheDeadline) as Date).toISOString()).toBe(deadline);
      const done = await handle.query(progressQuery);
      expect(done.deadline).toMatchObject({ deadline, meetsDeadline: false }); // 30-day window > 10 days
    });
  });
});

describe('a submission whose answer is lost (LivePerson documents no idempotency key)', () => {
  it("through the account's governor (its only sender): reuses the request the platform created", async () => {
    const { x, subject } = await closedSubject('idem', {}, { governed: true });
    x.failAfter('submitBatch', 1); // the first submission reaches the platform, then its result is lost
    const result = await x.run(async () => suite.finish((await x.client.start(subject.request)).handle));
    expect(result.outcome).toBe('completed');
    const requests = await x.admin.requests();
    expect(requests.map((r) => r.kind).sort()).toEqual(['consumer', 'conversation', 'engagement']);
    const sent = result.platforms.liveperson?.requests ?? [];
    expect(sent.map((r) => r.requestId).sort()).toEqual(requests.map((r) => String(r.requestId)).sort());
    // The evidence says what was done after the lost answer.
    const reused = sent.filter((r) => r.lostAnswer?.action === 'reused');
    expect(reused).toHaveLength(1);
    for (const r of reused) expect(r.lostAnswer?.candidates).toEqual([r.requestId]);
    const certified = result.certificate?.certificate.systems.liveperson?.requests ?? [];
    expect(certified.filter((r) => r.lostAnswer?.action === 'reused')).toHaveLength(1);
  });

  it("never withdraws a request taken as its own after a lost answer: it may be another sender's", async () => {
    const { x, subject } = await closedSubject('idem-cancel', {}, { governed: true });
    x.failAfter('submitBatch', 1);
    const result = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await suite.env.sleep('3d'); // sent (after the one-day flush window), inside the 5-day grace period
      await x.client.cancel(workflowId, { by: 'dpo', reason: 'request withdrawn by the subject' });
      return suite.finish(handle);
    });
    expect(result.outcome).toBe('cancelled');
    const reused = (result.platforms.liveperson?.requests ?? []).filter(
      (r) => r.lostAnswer?.action === 'reused',
    );
    expect(reused).toHaveLength(1);
    const submitted = result.cancellation?.submitted ?? [];
    expect(submitted).toHaveLength(3);
    for (const s of submitted) {
      const taken = s.requestId === reused[0]?.requestId;
      expect(s.withdrawn).toBe(!taken);
      if (taken) expect(s.note).toMatch(/lost answer.*not withdrawn/);
    }
    const atPlatform = await x.admin.requests();
    expect(atPlatform.filter((r) => r.status === 'CANCELED')).toHaveLength(2);
    expect(atPlatform.find((r) => String(r.requestId) === reused[0]?.requestId)?.status).not.toBe('CANCELED');
  });

  it('sent per subject (other erasures may be sending): cannot tell, so sends again and names the candidate', async () => {
    const { x, subject } = await closedSubject('idem-direct');
    x.failAfter('submitBatch', 1);
    const result = await x.run(async () => (await x.client.start(subject.request)).handle.result());
    expect(result.outcome).toBe('completed');
    const requests = await x.admin.requests();
    // One duplicate: the safe action costs a request of the month's quota; a record deleted twice is harmless.
    expect(requests).toHaveLength(4);
    const sent = result.platforms.liveperson?.requests ?? [];
    expect(sent).toHaveLength(3);
    const again = sent.filter((r) => r.lostAnswer?.action === 'sent_again');
    expect(again).toHaveLength(1);
    const orphans = requests
      .map((r) => String(r.requestId))
      .filter((id) => !sent.some((r) => r.requestId === id));
    expect(again.flatMap((r) => r.lostAnswer?.candidates ?? []).sort()).toEqual(orphans.sort());
  });
});
