/**
 * The scenarios whose histories test/histories keeps for the replay test: each drives erasures on the
 * time-skipping server with the real 30-day defaults, against the simulators, and names the workflows
 * to record. Fake subjects only (src/local/demo/scenario); payloads are encrypted with the local test keys.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ErasureResult } from '../src/domain/result';
import { openDemoWarehouse, seedDemoWarehouse } from '../src/local/demo/warehouse';
import type { LocalStack } from '../src/local/stack';
import { seedDemoSubject, seedHiddenIdentity } from '../src/simulator/liveperson/demo-person';
import { seedHousehold } from '../src/simulator/liveperson/household';
import { governorWorkflowId, progressQuery } from '../src/workflows/definitions';
import { endActive, platformsOf, seedEverywhere } from '../test/helpers/everywhere';
import type { PlatformViews, StackOptions } from '../test/helpers/stack-views';
import { waitUntil } from '../test/helpers/temporal';
import { finishOn, syncClocks } from '../test/helpers/time-skipping';

/** What a stack may vary per scenario; the rest (timing, clock, task queue, bundle) is the recorder's. */
export type StackChoice = Pick<
  StackOptions,
  'platforms' | 'governed' | 'governorMonthlyQuota' | 'simulator' | 'warehouse'
>;

export interface ScenarioContext {
  readonly env: TestWorkflowEnvironment;
  /** Starts this scenario's local stack; the recorder closes it after the histories are written. */
  stack(choice?: StackChoice): Promise<LocalStack & PlatformViews>;
}

/** Drives one scenario to its end; returns the workflows to record, keyed by history file name. */
export type Scenario = (ctx: ScenarioContext) => Promise<Record<string, string>>;

/** A recording of a scenario that went wrong would pin the wrong behaviour: check how it ended. */
function ensure(what: string, ok: boolean): void {
  if (!ok) throw new Error(`scenario did not go as intended: ${what}`);
}

const outcome = (result: ErasureResult, want: ErasureResult['outcome']): void =>
  ensure(`outcome ${result.outcome}, want ${want}`, result.outcome === want);

/** A LivePerson-only stack with the demo subject seeded, its open conversation already closed. */
async function closedSubject(ctx: ScenarioContext, tag: string, choice: StackChoice = {}) {
  const x = await ctx.stack(choice);
  const subject = await seedDemoSubject(x.admin, x.sim.context.options.accountId, tag);
  await x.admin.closeConversation(subject.activeConversationId);
  return { x, subject };
}

/**
 * A governed erasure whose account allows 2 requests a month while its governor believes in 100: a
 * monthly 429, a sleep to the next month, receipts by signal. Recorded again for each patch on that
 * path, under the patch's name, so each version of the code path stays replayed.
 */
function governedQuota(name: string, tag: string): Scenario {
  return async (ctx) => {
    const { x, subject } = await closedSubject(ctx, tag, {
      simulator: { monthlyQuota: 2 },
      governed: true,
      governorMonthlyQuota: 100,
    });
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      outcome(await finishOn(ctx.env, handle), 'completed');
      return workflowId;
    });
    return {
      [name]: workflowId,
      [`${name}.governor`]: governorWorkflowId('liveperson', x.sim.context.options.accountId),
    };
  };
}

export const scenarios: Record<string, Scenario> = {
  /** Submit, six verifications over 30 days, certificate. */
  'liveperson-completed': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-happy');
    const { workflowId } = await x.run(async () => {
      const started = await x.client.start(subject.request);
      outcome(await started.handle.result(), 'completed');
      return started;
    });
    return { 'liveperson-completed': workflowId };
  },

  /** The demo: three platforms, open interactions ended and a platform hold released on day 3, warehouse. */
  'all-platforms-warehouse': async (ctx) => {
    const { warehouse, db } = await openDemoWarehouse();
    try {
      const x = await ctx.stack({ platforms: ['liveperson', 'genesys', 'chatbot'], warehouse });
      const platforms = platformsOf(x);
      const subject = await seedEverywhere(platforms, 'rec-all');
      await seedDemoWarehouse(db, subject.seeded);
      const workflowId = await x.run(async () => {
        const { workflowId, handle } = await x.client.start(subject.request);
        await ctx.env.sleep('3d');
        await syncClocks(ctx.env, x);
        await endActive(platforms, subject);
        await platforms.genesys?.releaseRecording(subject.genesys?.heldRecordingId ?? '');
        const result = await finishOn(ctx.env, handle);
        outcome(result, 'completed');
        ensure('two warehouse passes', result.downstream.length === 2);
        return workflowId;
      });
      return { 'all-platforms-warehouse': workflowId };
    } finally {
      await warehouse.close();
    }
  },

  /** The operator's cancel signal inside the grace period: requests withdrawn. */
  'cancelled-by-signal': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-cancel');
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await ctx.env.sleep('2d');
      await x.client.cancel(workflowId, { by: 'dpo@controller.example', reason: 'request withdrawn' });
      const result = await handle.result();
      outcome(result, 'cancelled');
      ensure('requests withdrawn', result.cancellation?.submitted.every((r) => r.withdrawn) === true);
      return workflowId;
    });
    return { 'cancelled-by-signal': workflowId };
  },

  /** Temporal's own cancellation inside the grace period: withdrawal in a non-cancellable scope. */
  'cancelled-by-temporal': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-cancel-temporal');
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      await ctx.env.sleep('2d');
      await handle.cancel();
      const err = await handle.result().catch((e: unknown) => e);
      ensure(
        'cancelled by Temporal',
        err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure,
      );
      return workflowId;
    });
    return { 'cancelled-by-temporal': workflowId };
  },

  /** A legal hold placed (requests withdrawn), identifiers added under it, the hold released. */
  'hold-and-identifiers': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-hold');
    const { email: hidden, conversationId: hiddenConversation } = await seedHiddenIdentity(
      x.admin,
      'rec-hold',
    );
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const legal = 'legal@controller.example';
      await ctx.env.sleep('2d');
      await x.client.placeHold(workflowId, { by: legal, reason: 'litigation hold' });
      await ctx.env.sleep('1d');
      await x.client.addIdentifiers(workflowId, [{ kind: 'email', value: hidden }], 'privacy-desk');
      await ctx.env.sleep('2d');
      await x.client.releaseHold(workflowId, { by: legal, reason: 'case closed' });
      const result = await handle.result();
      outcome(result, 'completed');
      ensure('one hold, released', result.holds.length === 1 && result.holds[0]?.releasedBy === legal);
      ensure(
        'hidden conversation erased',
        !!result.platforms.liveperson?.erased.conversation?.includes(hiddenConversation),
      );
      return workflowId;
    });
    return { 'hold-and-identifiers': workflowId };
  },

  /**
   * Identity expansion (issue 15): a household's shared phone, and his email Ada typed into a chat,
   * reach the son's records; they wait for an operator, who excludes them; Ada's are erased.
   */
  'household-excluded': async (ctx) => {
    const x = await ctx.stack();
    const h = await seedHousehold(x.admin, 'rec-household');
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(h.request);
      const waiting = await waitUntil(
        async () => {
          const matches = (await handle.query(progressQuery)).derivedMatches ?? [];
          const refs = matches.filter((m) => m.reach === 'confirm').map((m) => m.ref);
          return refs.length > 0 ? refs : undefined;
        },
        60_000,
        'a derived match waiting',
      );
      await x.client.confirmMatches(workflowId, { by: 'dpo', reason: 'not the requester', exclude: waiting });
      const result = await handle.result();
      outcome(result, 'completed');
      ensure(
        'the son excluded',
        result.derivedMatches?.find((m) => m.ref === 'm2')?.decision?.confirmed === false,
      );
      return workflowId;
    });
    return { 'household-excluded': workflowId };
  },

  /** Refused credentials: needs attention until the operator's retry update. */
  'needs-attention-retry': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-auth');
    await x.admin.rotateSecret('rotated-by-the-platform');
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const stuck = async () => ((await handle.query(progressQuery)).needsAttention ? true : undefined);
      await waitUntil(stuck, 20_000, 'needs attention');
      await x.admin.rotateSecret(x.sim.context.options.clientSecret);
      await x.client.retry(workflowId, 'ops@controller.example');
      outcome(await handle.result(), 'completed');
      return workflowId;
    });
    return { 'needs-attention-retry': workflowId };
  },

  /** A dry run: discovery and a plan, nothing sent. */
  'dry-run': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-dry');
    const { workflowId } = await x.run(async () => {
      const started = await x.client.start({ ...subject.request, options: { dryRun: true } });
      outcome(await started.handle.result(), 'planned');
      return started;
    });
    return { 'dry-run': workflowId };
  },

  /**
   * Through the quota governor, whose idea of the quota is wrong: the platform's monthly 429, a sleep to
   * the next month, the receipts. Both workflows are recorded (the governor still running).
   */
  'governed-quota': async (ctx) => {
    const { x, subject } = await closedSubject(
      ctx,
      'rec-governed',
      // The account allows 2 requests a month; the governor believes in 100.
      { simulator: { monthlyQuota: 2 }, governed: true, governorMonthlyQuota: 100 },
    );
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      outcome(await finishOn(ctx.env, handle), 'completed');
      const at429 = (await x.admin.journal()).violations.filter((v) => v.status === 429);
      ensure('one 429 from the platform', at429.length === 1);
      return workflowId;
    });
    return {
      'governed-quota': workflowId,
      'governed-quota.governor': governorWorkflowId('liveperson', x.sim.context.options.accountId),
    };
  },

  /** LivePerson and a chatbot that answers nonsense to every call, for good: LivePerson still finishes. */
  'platform-failing': async (ctx) => {
    const x = await ctx.stack({ platforms: ['liveperson', 'chatbot'] });
    const platforms = platformsOf(x);
    const subject = await seedEverywhere(platforms, 'rec-failing');
    await endActive(platforms, subject);
    await x.chatbot?.admin.faults({ malformedRate: 1 });
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const result = await finishOn(ctx.env, handle);
      // Recorded when a failed platform still ended `completed`; since issue 12 it ends `incomplete`.
      outcome(result, 'incomplete');
      ensure('the chatbot failed', result.platforms.chatbot?.failure !== undefined);
      return workflowId;
    });
    return { 'platform-failing': workflowId };
  },

  /**
   * Genesys keeps a recording after its request COMPLETED (a hold it does not publish): held, re-checked
   * by looking every day to the hard stop, never sent again; the erasure ends completed, the recording
   * named held (the `kept-after-done` patch).
   */
  'genesys-kept-after-done': async (ctx) => {
    const x = await ctx.stack({ platforms: ['genesys'] });
    const platforms = platformsOf(x);
    const subject = await seedEverywhere(platforms, 'rec-kept');
    await endActive(platforms, subject);
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const result = await finishOn(ctx.env, handle);
      outcome(result, 'completed');
      ensure('the recording held to the end', result.platforms.genesys?.held[0]?.releasedAt === undefined);
      ensure('verdict', result.platforms.genesys?.verdict === 'erased_except_held');
      return workflowId;
    });
    return { 'genesys-kept-after-done': workflowId };
  },

  /** The platform never finishes: overdue, re-checked weekly, `incomplete` at the hard stop with reasons. */
  'incomplete-at-hard-stop': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-incomplete', {
      simulator: { processingMs: 400 * 86_400_000 },
    });
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const result = await finishOn(ctx.env, handle);
      outcome(result, 'incomplete');
      ensure(
        'still present named',
        result.reasons.some((r) => r.reason === 'still_present'),
      );
      return workflowId;
    });
    return { 'incomplete-at-hard-stop': workflowId };
  },

  /** As governed-quota, on the code that may retry a quota spent early in a UTC month (its patch). */
  'governed-quota-v2': governedQuota('governed-quota-v2', 'rec-governed-v2'),

  /**
   * Through a governor that can never send (the account's month is always spent): at the hard stop the
   * erasure takes its queued ids back and waits for the governor's answer (the clean-stop patch).
   */
  'governed-hard-stop': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-governed-stop', {
      simulator: { monthlyQuota: 0 },
      governed: true,
      governorMonthlyQuota: 100,
    });
    const workflowId = await x.run(async () => {
      const { workflowId, handle } = await x.client.start(subject.request);
      const result = await finishOn(ctx.env, handle, 120);
      outcome(result, 'incomplete');
      ensure('stopped at the hard stop, nothing queued', result.stoppedAtHardStop);
      return workflowId;
    });
    return {
      'governed-hard-stop': workflowId,
      'governed-hard-stop.governor': governorWorkflowId('liveperson', x.sim.context.options.accountId),
    };
  },

  /** As governed-quota, on the governor that counts its own signals and answers owners all at once. */
  'governed-quota-v3': governedQuota('governed-quota-v3', 'rec-governed-v3'),

  /** As governed-quota-v3, on the erasure that hands the governor every kind in one message. */
  'governed-enqueue-together': governedQuota('governed-enqueue-together', 'rec-governed-together'),

  /** As governed-enqueue-together, with each erasure's checks and the governor's flushes spread. */
  'governed-spread-wakeups': governedQuota('governed-spread-wakeups', 'rec-governed-spread'),

  /** As governed-spread-wakeups, with hand-over keys and ids a receipt answered first left submitted. */
  'governed-receipt-first': governedQuota('governed-receipt-first', 'rec-governed-receipt-first'),

  /** As governed-receipt-first, with the governor's answers to owners sent by one activity a request. */
  'governed-answers-by-activity': governedQuota('governed-answers-by-activity', 'rec-governed-answers'),

  /** As liveperson-completed, the six verifications shifted by the erasure's share of an hour. */
  'liveperson-spread-wakeups': async (ctx) => {
    const { x, subject } = await closedSubject(ctx, 'rec-spread');
    const { workflowId } = await x.run(async () => {
      const started = await x.client.start(subject.request);
      outcome(await started.handle.result(), 'completed');
      return started;
    });
    return { 'liveperson-spread-wakeups': workflowId };
  },
};
