import type { ErasureState } from '../domain/erasure-state';
import { errorTypes } from '../domain/error-types';
import { submissionKey } from '../domain/idempotency';
import { planBatches } from '../domain/planner';
import { type PlatformId, platformLimits } from '../domain/platforms';
import type { CancellationRecord, ErasurePlan } from '../domain/progress';
import type { ErasureWorkflowInput } from '../domain/request';
import { startOfNextMonthUtc, verificationTimes } from '../domain/timing';
import { acts, callPlatform, failureMessage, failureType, now } from './platform-calls';

/** One erasure run: its input, state, id, and how to publish its search attributes. */
export interface Run {
  readonly input: ErasureWorkflowInput;
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
      acts.resolveIdentities({ platform, identifiers: [...state.identifiers] }),
    );
    state.addIdentifiers(resolved);
  }
  state.enter('discovering', now());
  run.publish();
  for (const platform of input.systems) {
    if (state.cancelRequested) return;
    const records = await call(run, platform, () =>
      acts.discoverRecords({ platform, identifiers: [...state.identifiers] }),
    );
    state.ledger(platform).addRecords(records, now(), input.timing.activeRecheckMs);
  }
}

/** Plans and sends every record that is ready, one request per batch, recording each before the next. */
export async function submitReady(run: Run, platform: PlatformId): Promise<void> {
  const { state, input } = run;
  const ledger = state.ledger(platform);
  if (!ledger.canSubmit(now())) return;
  const limits = platformLimits[platform];
  const batches = planBatches(ledger.readyRecords(), limits.maxIdsPerRequest, limits.kinds);
  if (batches.length === 0) return;
  state.enter('submitting', now());
  run.publish();
  for (const batch of batches) {
    if (state.cancelRequested || state.activeHold) return;
    const idempotencyKey = submissionKey(run.workflowId, ledger.batchesTried, batch);
    try {
      const receipt = await call(run, platform, () => acts.submitBatch({ platform, batch, idempotencyKey }));
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
      acts.checkActive({ platform, records: ledger.activeRecords() }),
    );
    ledger.applyActiveCheck(new Set(still), now(), activeRecheckMs, maxActiveWaitMs);
  }
  for (const due of ledger.dueSubmissions(now())) {
    if (state.cancelRequested) return;
    const records = due.ids.map((id) => ({ kind: due.kind, id }));
    const outcome = await call(run, platform, () =>
      acts.verifySubmission({ platform, requestId: due.requestId, records }),
    );
    ledger.applyVerification(due.requestId, outcome.requestStatus, new Set(outcome.present), now());
  }
}

/** A new legal hold: withdraw every open request the platforms still allow; note the ones they do not. */
export async function applyHold(run: Run): Promise<void> {
  const { state } = run;
  for (const [platform, ledger] of state.ledgers) {
    for (const open of ledger.openSubmissions()) {
      const outcome = await call(run, platform, () =>
        acts.cancelSubmission({ platform, requestId: open.requestId }),
      );
      if (outcome.withdrawn) ledger.recordWithdrawal(open.requestId, now(), 'withdrawn for a legal hold');
      state.noteHoldWithdrawal(platform, open.requestId, outcome);
    }
  }
}

/** Withdraws what can still be withdrawn and records the cancellation with everything already sent. */
export async function withdrawAll(state: ErasureState): Promise<void> {
  const submitted: Array<CancellationRecord['submitted'][number]> = [];
  for (const [platform, ledger] of state.ledgers) {
    const open = new Set(ledger.openSubmissions().map((s) => s.requestId));
    for (const s of ledger.allSubmissions()) {
      let outcome: { withdrawn: boolean; note?: string } = { withdrawn: false, note: 'already settled' };
      if (open.has(s.requestId)) {
        try {
          outcome = await acts.cancelSubmission({ platform, requestId: s.requestId });
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
