import { ActivityFailure, condition, getExternalWorkflowHandle, patched } from '@temporalio/workflow';
import { expandRecords } from '../domain/compact-records';
import type { ErasureState } from '../domain/erasure-state';
import { errorTypes } from '../domain/error-types';
import { type ExpandPolicy, searchable } from '../domain/expansion';
import { submissionKey } from '../domain/idempotency';
import { identifierKey, type ResolvedIdentifier } from '../domain/identifiers';
import { packMessages, planBatches } from '../domain/planner';
import { platformTimeAt, realTimeAt } from '../domain/platform-clock';
import type { PlatformLedger } from '../domain/platform-ledger';
import { type PlatformId, platformLimits } from '../domain/platforms';
import type { CancellationRecord } from '../domain/progress';
import type { ErasureWorkflowInput } from '../domain/request';
import type { ErasurePlan } from '../domain/result';
import { startOfNextMonthUtc, verificationTimes } from '../domain/timing';
import { checkTiming } from './check-timing';
import {
  CLEAN_STOP,
  ENQUEUE_TOGETHER,
  type GovernorInput,
  governorWorkflowId,
  KEPT_AFTER_DONE,
  RECEIPT_BEFORE_QUEUED,
  withdrawSignal,
} from './definitions';
import {
  type Activities,
  callPlatform,
  failureMessage,
  failureType,
  needsFreshRun,
  now,
} from './platform-calls';

/** One erasure run: its input, state, id, and how to publish its search attributes. */
export interface Run {
  readonly input: ErasureWorkflowInput;
  readonly acts: Activities;
  readonly state: ErasureState;
  readonly workflowId: string;
  /** Runs since EXPANSION_POLICY: the policy (unset: each link decides). Absent before the patch. */
  readonly expansion?: { readonly policy: ExpandPolicy | undefined };
  publish(): void;
}

/** The identifiers platforms and warehouses may be sent: all of them before the policy existed. */
export function sendable(run: Run): ResolvedIdentifier[] {
  return run.expansion ? run.state.sendableIdentifiers(run.expansion.policy) : [...run.state.identifiers];
}

const call = <T>(run: Run, platform: PlatformId, fn: () => Promise<T>): Promise<T> =>
  callPlatform(run.state, platform, run.input.timing, run.publish, fn);

/**
 * Runs `step` on every platform still in play, side by side: a slow platform does not hold the others
 * back, and one whose call fails for good (its retries spent, or refused outright) is marked failed
 * with the step and the error while the others go on. Anything else (a cancel, continue-as-new, a bug)
 * is rethrown once every platform's step has settled.
 */
export async function onEachPlatform(
  run: Run,
  step: string,
  fn: (platform: PlatformId) => Promise<void>,
): Promise<void> {
  const { state } = run;
  const live = run.input.systems.filter((p) => !state.ledger(p).failureRecord);
  const outcomes = await Promise.allSettled(live.map((p) => fn(p)));
  let rethrow: unknown;
  outcomes.forEach((outcome, i) => {
    const platform = live[i] as PlatformId;
    if (outcome.status === 'fulfilled') return;
    const err: unknown = outcome.reason;
    if (err instanceof ActivityFailure) {
      const failure = { type: failureType(err) ?? 'ActivityFailure', message: failureMessage(err) };
      state.ledger(platform).markFailed({ ...failure, step }, now());
      state.noteError({ platform, ...failure }, now());
    } else rethrow ??= err;
  });
  if (rethrow !== undefined) throw rethrow;
}

/** Rounds of identity resolution: what one platform finds, the others search for too. */
const RESOLVE_ROUNDS = 3;

/**
 * Resolving, then discovering, on every platform in scope; new records join the ledgers. Resolution
 * runs in rounds: each platform searches the identifiers new since the last round (a phone found on
 * LivePerson is searched on Genesys), until nothing new turns up.
 */
export async function discoverAll(run: Run): Promise<void> {
  const { state, input } = run;
  state.enter('resolving', now());
  run.publish();
  // Under the policy, derived identifiers are searched only as far as it allows (`off`: none).
  const usable = (ids: readonly ResolvedIdentifier[]): ResolvedIdentifier[] =>
    run.expansion ? searchable(ids, run.expansion.policy) : [...ids];
  let fresh: readonly ResolvedIdentifier[] = usable(state.identifiers);
  for (let round = 0; round < RESOLVE_ROUNDS && fresh.length > 0; round += 1) {
    const known = new Set(state.identifiers.map(identifierKey));
    const searched = fresh;
    await onEachPlatform(run, 'resolving', async (platform) => {
      if (state.cancelRequested) return;
      const resolved = await call(run, platform, () =>
        run.acts.resolveIdentities({ platform, identifiers: [...searched] }),
      );
      state.addIdentifiers(resolved);
    });
    fresh = usable(state.identifiers).filter((id) => !known.has(identifierKey(id)));
  }
  state.enter('discovering', now());
  run.publish();
  await onEachPlatform(run, 'discovering', async (platform) => {
    if (state.cancelRequested) return;
    const found = await call(run, platform, () =>
      run.acts.discoverRecords({ platform, identifiers: usable(state.identifiers) }),
    );
    const ledger = state.ledger(platform);
    const records = expandRecords(found.records);
    // Derived matches the policy holds wait outside the ledger for an operator (issue 15).
    if (run.expansion) state.addDiscovered(platform, records, run.expansion.policy, now());
    else ledger.addRecords(records, now(), input.timing.activeRecheckMs);
    ledger.noteRetained(found.retained);
  });
}

/** Hands every ready record to the platform account's governor, a kind at a time, in slices. */
async function enqueueReady(run: Run, platform: PlatformId, governor: GovernorInput): Promise<void> {
  const { state } = run;
  const ledger = state.ledger(platform);
  const ready = ledger.readyRecords();
  if (ready.length === 0) return;
  state.enter('submitting', now());
  run.publish();
  // The planner's batches double as slices that keep each signal's payload small.
  const batches = planBatches(ready, ENQUEUE_SLICE, platformLimits[platform].kinds);
  // Histories from before the patch handed over one kind per signal.
  const messages = patched(ENQUEUE_TOGETHER)
    ? packMessages(batches, ENQUEUE_SLICE)
    : batches.map((batch) => [batch]);
  for (const message of messages) {
    if (state.cancelRequested || state.activeHold) return;
    const subject = { subject: run.workflowId, deadline: state.deadline };
    const [only] = message;
    const entry =
      message.length === 1 && only
        ? { ...subject, kind: only.kind, ids: only.ids }
        : { ...subject, entries: message };
    await call(run, platform, () => run.acts.enqueueForDeletion({ governor, entry }));
    // A governor that sends at once (a full request, a near deadline) may answer before the hand-over's
    // activity completes (its answer lost and retried): those ids are submitted, not queued.
    const answered = patched(RECEIPT_BEFORE_QUEUED)
      ? new Set(ledger.allSubmissions().flatMap((r) => r.ids.map((id) => `${r.kind}:${id}`)))
      : new Set<string>();
    for (const batch of message)
      ledger.markQueued(
        batch.kind,
        batch.ids.filter((id) => !answered.has(`${batch.kind}:${id}`)),
      );
  }
}

/** Ids per signal to a governor: a few kilobytes, however large the subject. */
const ENQUEUE_SLICE = 500;

/**
 * Sends every record that is ready: through the account's quota governor where there is one, else
 * planned here, one request per batch, each recorded before the next.
 */
export async function submitReady(run: Run, platform: PlatformId): Promise<void> {
  const { state, input } = run;
  const governor = input.governors?.[platform];
  if (governor) return enqueueReady(run, platform, governor);
  const ledger = state.ledger(platform);
  if (!ledger.canSubmit(now())) return;
  const limits = platformLimits[platform];
  const batches = planBatches(ledger.readyRecords(), limits.maxIdsPerRequest, limits.kinds);
  if (batches.length === 0) return;
  state.enter('submitting', now());
  run.publish();
  for (const batch of batches) {
    if (state.cancelRequested || state.activeHold || needsFreshRun()) return;
    const idempotencyKey = submissionKey(run.workflowId, ledger.batchesTried, batch);
    // Only platforms whose requests name the person get the person's identifiers.
    const subject = limits.requestScope === 'subject' ? { subject: sendable(run) } : {};
    // Other erasures may be sending on the same account at the same time: not the only sender.
    const knownRequestIds = ledger.allSubmissions().map((s) => s.requestId);
    try {
      const receipt = await call(run, platform, () =>
        run.acts.submitBatch({ platform, batch, idempotencyKey, ...subject, knownRequestIds }),
      );
      ledger.recordSubmission(receipt, now(), checkTiming(input.timing));
    } catch (err) {
      const type = failureType(err);
      if (type === undefined) throw err;
      state.noteError({ platform, type, message: failureMessage(err) }, now());
      if (type === errorTypes.quotaExhausted) {
        // The month's requests are spent: wait durably for the first day of next month (UTC), a month
        // of the platform's clock (compressed runs: DESIGN §12).
        const clock = input.platformClock;
        ledger.pauseSubmissionsUntil(realTimeAt(clock, startOfNextMonthUtc(platformTimeAt(clock, now()))));
        return;
      }
      if (type !== errorTypes.rejected) throw err;
      ledger.recordFailedBatch(
        { kind: batch.kind, ids: batch.ids, errorType: type, message: failureMessage(err) },
        now(),
      );
    }
  }
}

/** Re-checks open records and verifies every submission whose time has come. */
export async function recheck(run: Run, platform: PlatformId): Promise<void> {
  const { state, input } = run;
  const ledger = state.ledger(platform);
  const { activeRecheckMs, maxActiveWaitMs } = input.timing;
  if (ledger.activeCheckDue(now())) {
    const blocked = ledger.blockedRecords();
    const kept = ledger.keptRecords();
    const still =
      blocked.length > 0
        ? await call(run, platform, () => run.acts.checkActive({ platform, records: blocked }))
        : [];
    // What the platform kept after a done request is looked for again: gone is verified gone.
    const present =
      kept.length > 0
        ? await call(run, platform, () => run.acts.checkPresent({ platform, records: kept }))
        : [];
    ledger.applyActiveCheck(new Set(still), now(), activeRecheckMs, maxActiveWaitMs, new Set(present));
  }
  for (const due of ledger.dueSubmissions(now())) {
    // The rest of the wave stays due: the next run (after continue-as-new) verifies it.
    if (state.cancelRequested || needsFreshRun()) return;
    const records = due.ids.map((id) => ({ kind: due.kind, id }));
    const outcome = await call(run, platform, () =>
      run.acts.verifySubmission({ platform, requestId: due.requestId, records }),
    );
    // Histories from before the patch sent such a record again: they replay the way they ran.
    const mayBeKept =
      outcome.requestStatus === 'DONE' &&
      outcome.present.length > 0 &&
      platformLimits[platform].keptAfterDone?.[due.kind] !== undefined &&
      patched(KEPT_AFTER_DONE);
    ledger.applyVerification(
      due.requestId,
      outcome.requestStatus,
      new Set(outcome.present),
      now(),
      activeRecheckMs,
      mayBeKept,
    );
  }
}

/** A new legal hold: withdraw every open request the platforms still allow; note the ones they do not. */
export async function applyHold(run: Run): Promise<void> {
  const { state } = run;
  for (const [platform, ledger] of state.ledgers) {
    await takeBackQueued(run, platform);
    for (const open of ledger.openSubmissions()) {
      const cannot = cannotWithdraw(platform, ledger, open.requestId);
      if (cannot) {
        state.noteHoldWithdrawal(platform, open.requestId, { withdrawn: false, note: cannot });
        continue;
      }
      const outcome = await call(run, platform, () =>
        run.acts.cancelSubmission({ platform, requestId: open.requestId }),
      );
      if (outcome.withdrawn) ledger.recordWithdrawal(open.requestId, now(), 'withdrawn for a legal hold');
      state.noteHoldWithdrawal(platform, open.requestId, outcome);
    }
  }
}

const SHARED_NOTE = 'shared with other erasures by the quota governor: cannot be withdrawn for one alone';
const FINAL_NOTE = 'the platform offers no way to withdraw a request once made';
const TAKEN_NOTE =
  "taken as this erasure's after a lost answer, from the platform's list alone: not withdrawn, in case it was another sender's";

/** Why a request cannot be withdrawn without asking the platform, if it cannot. */
function cannotWithdraw(platform: PlatformId, ledger: PlatformLedger, requestId: string): string | undefined {
  if (!platformLimits[platform].cancellable) return FINAL_NOTE;
  if (ledger.isShared(requestId)) return SHARED_NOTE;
  return ledger.takenAfterLostAnswer(requestId) ? TAKEN_NOTE : undefined;
}

/** Takes this subject's ids still queued at the platform's governor back (they become ready again). */
async function takeBackQueued(run: Run, platform: PlatformId): Promise<void> {
  const governor = run.input.governors?.[platform];
  if (!governor || run.state.ledger(platform).unqueue() === 0) return;
  try {
    await getExternalWorkflowHandle(governorWorkflowId(platform, governor.account)).signal(withdrawSignal, {
      subject: run.workflowId,
    });
  } catch {
    // No governor running: nothing of ours is queued there.
  }
}

/**
 * Before an erasure ends (a cancel, the hard stop): asks each governor holding its ids for them back and
 * waits, bounded, until every id is accounted for: dropped from the queue (the governor says which), or
 * in a request (its receipt or refusal). So nothing goes out for an ended erasure, and every request
 * that carried its ids is in its evidence. Ids a silent governor never accounts for stay queued and are
 * reported as not erased.
 */
export async function reclaimQueued(run: Run): Promise<void> {
  const { state } = run;
  const asked: PlatformId[] = [];
  for (const [platform, ledger] of state.ledgers) {
    const governor = run.input.governors?.[platform];
    if (!governor || (ledger.statusCounts().queued ?? 0) === 0) continue;
    try {
      await getExternalWorkflowHandle(governorWorkflowId(platform, governor.account)).signal(withdrawSignal, {
        subject: run.workflowId,
        ack: true,
      });
      asked.push(platform);
    } catch {
      ledger.unqueue(); // no governor running: nothing of ours can go out
    }
  }
  const accounted = (): boolean => asked.every((p) => (state.ledger(p).statusCounts().queued ?? 0) === 0);
  if (asked.length > 0) await condition(accounted, RECLAIM_WAIT_CALLS * run.input.timing.callTimeoutMs);
}

/** How many platform calls' time a stopping erasure gives its governors to answer (one may be sending). */
const RECLAIM_WAIT_CALLS = 3;

/** Withdraws what can still be withdrawn and records the cancellation with everything already sent. */
export async function withdrawAll(run: Run): Promise<void> {
  const { state } = run;
  const submitted: Array<CancellationRecord['submitted'][number]> = [];
  // Histories from before the patch took queued ids back without waiting for the governor's answer.
  const clean = patched(CLEAN_STOP);
  if (clean) await reclaimQueued(run);
  for (const [platform, ledger] of state.ledgers) {
    if (!clean) await takeBackQueued(run, platform);
    const open = new Set(ledger.openSubmissions().map((s) => s.requestId));
    for (const s of ledger.allSubmissions()) {
      let outcome: { withdrawn: boolean; note?: string } = { withdrawn: false, note: 'already settled' };
      const cannot = cannotWithdraw(platform, ledger, s.requestId);
      if (open.has(s.requestId) && cannot) outcome = { withdrawn: false, note: cannot };
      else if (open.has(s.requestId)) {
        try {
          outcome = await run.acts.cancelSubmission({ platform, requestId: s.requestId });
        } catch (err) {
          outcome = { withdrawn: false, note: `could not withdraw: ${failureMessage(err)}` };
        }
      }
      submitted.push({ platform, requestId: s.requestId, kind: s.kind, ids: [...s.ids], ...outcome });
    }
  }
  state.markCancelled(submitted, now());
}

/** The dry run's plan: the requests that would go out now, what waits to close, and when it would be checked. */
export function buildPlan(run: Run): ErasurePlan {
  const platforms: ErasurePlan['platforms'] = {};
  const at = now();
  for (const [platform, ledger] of run.state.ledgers) {
    const limits = platformLimits[platform];
    platforms[platform] = {
      requests: planBatches(ledger.unsentRecords(), limits.maxIdsPerRequest, limits.kinds),
      waitingForClose: ledger.activeRecords(),
      held: ledger.heldRecords(),
      ...(limits.monthlyRequestQuota !== undefined
        ? { monthlyRequestQuota: limits.monthlyRequestQuota }
        : {}),
      verifyAt: verificationTimes(at, run.input.timing).map((t) => new Date(t).toISOString()),
    };
  }
  return { platforms };
}
