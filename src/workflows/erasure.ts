import {
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  ContinueAsNew,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  setCurrentDetails,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { erasureCurrentDetails } from '../domain/current-details';
import { type ErasureSnapshot, ErasureState } from '../domain/erasure-state';
import { errorTypes } from '../domain/error-types';
import {
  describeIssues,
  type ErasureWorkflowInput,
  ErasureWorkflowInputSchema,
  fieldIssues,
} from '../domain/request';
import type { ErasureResult } from '../domain/result';
import { deadlineOf } from '../domain/timing';
import { waitSummary } from '../domain/wait-summary';
import { announce } from './announce';
import { CLEAN_STOP, EXPANSION_POLICY, STRICT_INPUT } from './definitions';
import { registerErasureHandlers } from './erasure-handlers';
import {
  applyHold,
  buildPlan,
  discoverAll,
  onEachPlatform,
  type Run,
  recheck,
  reclaimQueued,
  submitReady,
  withdrawAll,
} from './erasure-steps';
import { activitiesFor, needsFreshRun, now, StopRequested } from './platform-calls';
import { LetheDeadline, LetheNeedsAttention, LethePlatforms, LetheStatus } from './search-attributes';
import { cleanWarehouse } from './warehouse-cleanup';

/**
 * Erases one data subject across the platforms in scope (DESIGN §2): resolve identities, discover
 * records, wait for open conversations to close, submit in batches, then re-verify on the schedule,
 * re-submit what the platform left behind, and past the window keep checking as overdue until the hard
 * stop. Legal holds pause it; refused credentials put it in *needs attention*. Ends completed (every
 * record verified gone or named as held), incomplete (with the reasons), planned (dry run), or
 * cancelled by signal or by Temporal.
 */
export async function erasure(
  rawInput: ErasureWorkflowInput,
  carried?: ErasureSnapshot,
): Promise<ErasureResult> {
  const parsed = ErasureWorkflowInputSchema.safeParse(rawInput);
  // The input's bounds were tightened (STRICT_INPUT): an erasure started before, whose input the old
  // bounds let through, goes on with that input as its history recorded it; a new one is refused.
  if (!parsed.success && patched(STRICT_INPUT)) {
    throw ApplicationFailure.nonRetryable(
      `invalid erasure input: ${describeIssues(fieldIssues(parsed.error))}`,
      errorTypes.invalidRequest,
    );
  }
  const input = parsed.success ? parsed.data : rawInput;
  // Workflow time, not workflowInfo().startTime: the time-skipping server stamps events with real time.
  const receivedAt = input.receivedAt ? Date.parse(input.receivedAt) : now();
  const requestedDeadline = input.options?.deadline ? Date.parse(input.options.deadline) : undefined;
  const deadline = deadlineOf(receivedAt, input.timing, requestedDeadline);
  // A continued run resumes the state its predecessor carried over; a first run starts one.
  const state = carried
    ? ErasureState.restore(carried, input.timing)
    : new ErasureState(
        {
          requestId: input.requestId,
          subjectRef: input.subjectRef,
          receivedAt: new Date(receivedAt).toISOString(),
          deadline,
          requestedBy: input.requestedBy,
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
        },
        input.systems,
        input.timing,
        now(),
      );
  if (!carried) state.addIdentifiers(input.identifiers.map((i) => ({ ...i, provenance: 'request' })));

  let published = { status: '', attention: false };
  const publish = (): void => {
    showDetails(state);
    const current = { status: state.phase, attention: state.attention.current !== undefined };
    if (current.status === published.status && current.attention === published.attention) return;
    upsertSearchAttributes([
      { key: LetheStatus, value: current.status },
      { key: LetheNeedsAttention, value: current.attention },
    ]);
    published = current;
  };
  upsertSearchAttributes([
    { key: LetheDeadline, value: new Date(state.deadline) },
    { key: LethePlatforms, value: [...input.systems] },
  ]);
  publish();

  const run: Run = {
    input,
    acts: activitiesFor(input.timing.callTimeoutMs),
    state,
    workflowId: workflowInfo().workflowId,
    // Runs from before the patch erase every match as they did.
    ...(patched(EXPANSION_POLICY) ? { expansion: { policy: input.options?.expand } } : {}),
    publish,
  };
  registerErasureHandlers(state, input.timing);

  try {
    await runPhases(run, carried !== undefined);
  } catch (err) {
    if (err instanceof ContinueAsNew) throw err;
    if (isCancellation(err)) {
      state.requestCancel({
        by: 'temporal',
        reason: 'cancellation requested through Temporal',
        at: now(),
        via: 'temporal',
      });
      await CancellationScope.nonCancellable(() => withdrawAll(run));
      publish();
      throw err;
    }
    if (!(err instanceof StopRequested)) {
      state.enter('failed', now());
      publish();
      throw err;
    }
  }
  if (!state.cancelRequested && state.phase !== 'planned') await cleanWarehouse(run);
  if (state.cancelRequested) await withdrawAll(run);
  // Completed only when everything found is verified gone or named as held (DESIGN §11).
  else if (state.phase !== 'planned')
    state.enter(state.outcome() === 'completed' ? 'completed' : 'incomplete', now());
  publish();
  await condition(allHandlersFinished);
  const result = state.result(now());
  if (result.outcome === 'planned') return result;
  // The signed proof: built and signed by an activity (the key lives with the worker only).
  const certificate = await run.acts.issueCertificate({ result });
  const deliveries = await announce(run, result, certificate);
  return { ...result, certificate, ...(deliveries.length > 0 ? { deliveries } : {}) };
}

/** The main loop: discover, then send, wait and verify until settled, cancelled or at the hard stop. */
async function runPhases(run: Run, resumed: boolean): Promise<void> {
  const { state, input } = run;
  if (!resumed) {
    await discoverAll(run);
    if (input.options?.dryRun) {
      state.setPlan(buildPlan(run), now());
      return;
    }
  }
  for (;;) {
    if (state.cancelRequested) return;
    if (needsFreshRun()) {
      // Long histories: a fresh run with the whole state, once every handler has finished.
      await condition(allHandlersFinished);
      await continueAsNew<typeof erasure>(input, state.snapshot());
    }
    if (state.takeRediscovery()) await discoverAll(run);
    if (state.activeHold && state.holdNeedsApplying) await applyHold(run);
    state.markHoldApplied();
    if (!state.activeHold) await onEachPlatform(run, 'submitting', (platform) => submitReady(run, platform));
    if (needsFreshRun()) continue; // hand the rest to a fresh run at the top of the loop
    if (state.cancelRequested || state.isSettled()) return;
    const stopAt = state.hardStopAt(now());
    if (stopAt !== undefined && now() >= stopAt) {
      // Histories from before the patch stopped with ids still queued at a governor.
      if (patched(CLEAN_STOP)) await reclaimQueued(run);
      state.stopAtHardStop(now());
      return;
    }
    state.enter(state.waitingPhase(), now());
    run.publish();
    const wakeAt = earliest(state.nextWakeAt(), stopAt);
    const generation = state.holdGeneration;
    const answers = state.governorAnswerCount;
    const decisions = state.matchDecisionCount;
    // Durable timers; a cancel, new identifiers, a hold change, a governor's answer or an operator's
    // decision on derived matches end the wait early.
    const woken = (): boolean =>
      state.cancelRequested !== undefined ||
      state.rediscoveryAsked ||
      state.holdGeneration !== generation ||
      state.governorAnswerCount !== answers ||
      state.matchDecisionCount !== decisions;
    if (wakeAt === undefined) await condition(woken);
    else if (wakeAt > now())
      // The timer's summary says in the Web UI what it waits for (user metadata: replay ignores it).
      await condition(woken, wakeAt - now(), {
        summary: waitSummary(state, wakeAt, stopAt, input.timing.dayMs),
      });
    showDetails(state); // an operator's decision, new identifiers: what the Web UI shows follows
    if (state.cancelRequested) return;
    await onEachPlatform(run, 'verifying', (platform) => recheck(run, platform));
  }
}

/** The Web UI's current details: no command, no history event (read through the metadata query). */
function showDetails(state: ErasureState): void {
  setCurrentDetails(erasureCurrentDetails(state.progress(now()), workflowInfo().workflowId));
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}
