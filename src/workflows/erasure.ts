import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
} from '@temporalio/workflow';
import type { ErasureActivities } from '../activities';
import { ErasureState } from '../domain/erasure-state';
import { errorTypes } from '../domain/error-types';
import type { ResolvedIdentifier } from '../domain/identifiers';
import { planBatches } from '../domain/planner';
import { type PlatformId, platformLimits } from '../domain/platforms';
import type { CancellationRecord, ErasureResult } from '../domain/progress';
import {
  describeIssues,
  type ErasureWorkflowInput,
  ErasureWorkflowInputSchema,
  fieldIssues,
} from '../domain/request';
import { startOfNextMonthUtc } from '../domain/timing';
import { platformCall } from './activity-options';
import { cancelSignal, progressQuery } from './definitions';

const acts = proxyActivities<ErasureActivities>(platformCall);

/** Workflow time. The sandbox makes `Date` deterministic: it reads the current workflow task's time. */
const now = (): number => new Date().getTime();

/**
 * Erases one data subject across the platforms in scope (DESIGN §2): resolve identities, discover
 * records, wait for open conversations to close, submit in batches, then re-verify on the schedule and
 * re-submit what the platform left behind. Ends completed, or cancelled by signal or by Temporal.
 */
export async function erasure(rawInput: ErasureWorkflowInput): Promise<ErasureResult> {
  const parsed = ErasureWorkflowInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(
      `invalid erasure input: ${describeIssues(fieldIssues(parsed.error))}`,
      errorTypes.invalidRequest,
    );
  }
  const input = parsed.data;
  const state = new ErasureState(
    { requestId: input.requestId, subjectRef: input.subjectRef, receivedAt: input.receivedAt },
    input.systems,
    now(),
  );
  setHandler(progressQuery, () => state.progress(now()));
  setHandler(cancelSignal, ({ by, reason }) => state.requestCancel({ by, reason, at: now(), via: 'signal' }));

  try {
    await runPhases(input, state);
  } catch (err) {
    if (isCancellation(err)) {
      state.requestCancel({
        by: 'temporal',
        reason: 'cancellation requested through Temporal',
        at: now(),
        via: 'temporal',
      });
      await CancellationScope.nonCancellable(() => withdraw(state));
      throw err;
    }
    state.enter('failed', now());
    throw err;
  }
  if (state.cancelRequested) await withdraw(state);
  else state.enter('completed', now());
  await condition(allHandlersFinished);
  return state.result(now());
}

async function runPhases(input: ErasureWorkflowInput, state: ErasureState): Promise<void> {
  const given: ResolvedIdentifier[] = input.identifiers.map((i) => ({ ...i, provenance: 'request' }));
  const resolved = new Map<PlatformId, ResolvedIdentifier[]>();
  for (const platform of input.systems) {
    if (state.cancelRequested) return;
    resolved.set(platform, await acts.resolveIdentities({ platform, identifiers: given }));
  }

  state.enter('discovering', now());
  for (const platform of input.systems) {
    if (state.cancelRequested) return;
    const records = await acts.discoverRecords({ platform, identifiers: resolved.get(platform) ?? given });
    state.ledger(platform).addRecords(records, now(), input.timing.activeRecheckMs);
  }

  while (!state.cancelRequested) {
    for (const platform of input.systems) await submitReady(platform, input, state);
    if (state.isSettled() || state.cancelRequested) return;
    const wakeAt = state.nextWakeAt();
    if (wakeAt === undefined) return;
    state.enter(state.waitingPhase(), now());
    // The timer is durable; a cancel signal ends the wait early.
    if (wakeAt > now()) await condition(() => state.cancelRequested !== undefined, wakeAt - now());
    if (state.cancelRequested) return;
    for (const platform of input.systems) await recheck(platform, input, state);
  }
}

/** Plans and sends every record that is ready, one request per batch, recording each before the next. */
async function submitReady(
  platform: PlatformId,
  input: ErasureWorkflowInput,
  state: ErasureState,
): Promise<void> {
  const ledger = state.ledger(platform);
  if (!ledger.canSubmit(now())) return;
  const limits = platformLimits[platform];
  const batches = planBatches(ledger.readyRecords(), limits.maxIdsPerRequest, limits.kinds);
  if (batches.length === 0) return;
  state.enter('submitting', now());
  for (const batch of batches) {
    if (state.cancelRequested) return;
    try {
      const receipt = await acts.submitBatch({ platform, batch });
      ledger.recordSubmission(receipt, now(), input.timing.verifyAfterMs);
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
async function recheck(
  platform: PlatformId,
  input: ErasureWorkflowInput,
  state: ErasureState,
): Promise<void> {
  const ledger = state.ledger(platform);
  const { activeRecheckMs, maxActiveWaitMs } = input.timing;
  if (ledger.activeCheckDue(now())) {
    const still = await acts.checkActive({ platform, records: ledger.activeRecords() });
    ledger.applyActiveCheck(new Set(still), now(), activeRecheckMs, maxActiveWaitMs);
  }
  for (const due of ledger.dueSubmissions(now())) {
    if (state.cancelRequested) return;
    const outcome = await acts.verifySubmission({
      platform,
      requestId: due.requestId,
      records: due.ids.map((id) => ({ kind: due.kind, id })),
    });
    ledger.applyVerification(due.requestId, outcome.requestStatus, new Set(outcome.present), now());
  }
}

/** Withdraws what can still be withdrawn and records the cancellation with everything already sent. */
async function withdraw(state: ErasureState): Promise<void> {
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

/** The ApplicationFailure type behind an activity failure, if any. */
function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
    return err.cause.type ?? undefined;
  return undefined;
}

function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}
