import type { LedgerTiming, Receipt, Submission } from './ledger-types';
import type { SubmissionSummary } from './progress';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A request just sent, with its verification schedule: `verifyAfterMs` after now. */
export function newSubmission(
  receipt: Receipt,
  now: number,
  timing: LedgerTiming,
  shared: boolean,
): Submission {
  return {
    requestId: receipt.requestId,
    kind: receipt.kind,
    ids: [...receipt.ids],
    submittedAt: now,
    checkTimes: timing.verifyAfterMs.map((offset) => now + offset),
    overdueRecheckMs: timing.overdueRecheckMs,
    verifications: [],
    shared,
    ...(receipt.lostAnswer ? { lostAnswer: receipt.lostAnswer } : {}),
  };
}

/** When a request is next verified: its next scheduled check, or once they are spent, the overdue cadence. */
export function nextCheckOf(s: Submission): number {
  const scheduled = s.checkTimes[s.verifications.length];
  if (scheduled !== undefined) return scheduled;
  return (s.lastCheckAt ?? s.submittedAt) + s.overdueRecheckMs;
}

/** Open, with its scheduled checks spent and data still present. */
export const isOverdue = (s: Submission): boolean =>
  s.closedAt === undefined && s.verifications.length >= s.checkTimes.length;

/** A request as the result reports it. */
export function summarise(s: Submission, listIds: boolean): SubmissionSummary {
  return {
    requestId: s.requestId,
    kind: s.kind,
    records: s.ids.length,
    ...(listIds ? { ids: [...s.ids] } : {}),
    submittedAt: iso(s.submittedAt),
    verifications: [...s.verifications],
    ...(s.closedAt !== undefined ? { closedAt: iso(s.closedAt) } : {}),
    ...(s.note !== undefined ? { note: s.note } : {}),
    ...(s.shared ? { shared: true } : {}),
    ...(s.lostAnswer ? { lostAnswer: s.lostAnswer } : {}),
  };
}
