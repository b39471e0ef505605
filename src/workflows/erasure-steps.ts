import { getExternalWorkflowHandle } from '@temporalio/workflow';
import { expandRecords } from '../domain/compact-records';
import type { ErasureState } from '../domain/erasure-state';
import { errorTypes } from '../domain/error-types';
import { submissionKey } from '../domain/idempotency';
import { planBatches } from '../domain/planner';
import { type PlatformId, platformLimits } from '../domain/platforms';
import type { CancellationRecord, ErasurePlan } from '../domain/progress';
import type { ErasureWorkflowInput } from '../domain/request';
import { startOfNextMonthUtc, verificationTimes } from '../domain/timing';
import { type GovernorInput, governorWorkflowId, withdrawSignal } from './definitions';
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
  publish(): void;
}

const call = <T>(run: Run, platform: PlatformId, fn: () => Promise<T>): Promise<T> =>
  callPlatform(run.state, platform, run.input.timing, run.publish, fn);

/** Resolving, then discovering, on every platform in scope; new records join the ledgers. */
export async function discoverAll(run: Run): Promise<void> {
  const { state, input } = run;
  state.enter('resolving', now());
  run.publish();
  for (const platform of input.systems) {
    if (state.cancelRequested) return;
    const resolved = await call(run, platform, () =>
      run.acts.resolveIdentities({ platform, identifiers: [...state.identifiers] }),
    );
    state.addIdentifiers(resolved);
  }
  state.enter('discovering', now());
  run.publish();
  for (const platform of input.systems) {
    if (state.cancelRequested) return;
    const records = await call(run, platform, () =>
      run.acts.discoverRecords({ platform, identifiers: [...state.identifiers] }),
    );
    state.ledger(platform).addRecords(expandRecords(records), now(), input.timing.activeRecheckMs);
  }
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
  for (const batch of planBatches(ready, ENQUEUE_SLICE, platformLimits[platform].kinds)) {
    if (state.cancelRequested || state.activeHold) return;
    const entry = { subject: run.workflowId, kind: batch.kind, ids: batch.ids, deadline: state.deadline };
    await call(run, platform, () => run.acts.enqueueForDeletion({ governor, entry }));
    ledger.markQueued(batch.kind, batch.ids);
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
    try {
      const receipt = await call(run, platform, () =>
        run.acts.submitBatch({ platform, batch, idempotencyKey }),
      );
      ledger.recordSubmission(receipt, now(), input.timing);
    } catch (err) {
      const type = failureType(err);
      if (type === undefined) throw err;
      state.noteError({ platform, type, message: failureMessage(err) }, now());
      if (type === errorTypes.quotaExhausted) {
        // The month's requests are spent: wait durably for the first day of next month (UTC).
        ledger.pauseSubmissionsUntil(startOfNextMonthUtc(now()));
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
    const still = await call(run, platform, () =>
      run.acts.checkActive({ platform, records: ledger.activeRecords() }),
    );
    ledger.applyActiveCheck(new Set(still), now(), activeRecheckMs, maxActiveWaitMs);
  }
  for (const due of ledger.dueSubmissions(now())) {
    // The rest of the wave stays due: the next run (after continue-as-new) verifies it.
    if (state.cancelRequested || needsFreshRun()) return;
    const records = due.ids.map((id) => ({ kind: due.kind, id }));
    const outcome = await call(run, platform, () =>
      run.acts.verifySubmission({ platform, requestId: due.requestId, records }),
    );
    ledger.applyVerification(due.requestId, outcome.requestStatus, new Set(outcome.present), now());
  }
}

/** A new legal hold: withdraw every open request the platforms still allow; note the ones they do not. */
export async function applyHold(run: Run): Promise<void> {
  const { state } = run;
  for (const [platform, ledger] of state.ledgers) {
    await takeBackQueued(run, platform);
    for (const open of ledger.openSubmissions()) {
      if (ledger.isShared(open.requestId)) {
        state.noteHoldWithdrawal(platform, open.requestId, { withdrawn: false, note: SHARED_NOTE });
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

/** Withdraws what can still be withdrawn and records the cancellation with everything already sent. */
export async function withdrawAll(run: Run): Promise<void> {
  const { state } = run;
  const submitted: Array<CancellationRecord['submitted'][number]> = [];
  for (const [platform, ledger] of state.ledgers) {
    await takeBackQueued(run, platform);
    const open = new Set(ledger.openSubmissions().map((s) => s.requestId));
    for (const s of ledger.allSubmissions()) {
      let outcome: { withdrawn: boolean; note?: string } = { withdrawn: false, note: 'already settled' };
      if (open.has(s.requestId) && ledger.isShared(s.requestId))
        outcome = { withdrawn: false, note: SHARED_NOTE };
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
      ...(limits.monthlyRequestQuota !== undefined
        ? { monthlyRequestQuota: limits.monthlyRequestQuota }
        : {}),
      verifyAt: verificationTimes(at, run.input.timing).map((t) => new Date(t).toISOString()),
    };
  }
  return { platforms };
}
