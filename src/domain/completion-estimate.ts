import type { DeadlineStatus } from './progress';
import type { Timing } from './timing';
import type { StatusCounts } from './verdict';

/** What one platform's expected completion depends on, as its ledger stands. */
export interface EstimateInput {
  readonly counts: StatusCounts;
  /** Overdue, or the platform failed: the erasure will not be complete there, whenever it ends. */
  readonly givenUp: boolean;
  /** The last scheduled check of each open request. */
  readonly openLastChecks: readonly number[];
  /** When a spent quota lets requests go out again. */
  readonly pausedUntil?: number;
  /** When open records are next looked at. */
  readonly nextActiveCheckAt?: number;
}

/**
 * When everything known would be verified gone if the platform keeps its window: the last scheduled
 * check of every open request, and a full schedule for what is still to be sent (after any quota
 * pause). Undefined when overdue or when records were given up on or held: no honest estimate exists.
 */
export function expectedCompletion(
  input: EstimateInput,
  now: number,
  timing: Pick<Timing, 'verifyAfterMs' | 'activeRecheckMs'>,
): number | undefined {
  const n = (status: keyof StatusCounts): number => input.counts[status] ?? 0;
  if (input.givenUp || n('remaining') > 0 || n('still_active') > 0 || n('held') > 0) return undefined;
  const window = timing.verifyAfterMs[timing.verifyAfterMs.length - 1] ?? 0;
  const sendAt = Math.max(now, input.pausedUntil ?? now);
  const times = [...input.openLastChecks];
  if (n('ready') + n('queued') > 0) times.push(sendAt + window);
  if (n('active') > 0)
    times.push(Math.max(input.nextActiveCheckAt ?? now + timing.activeRecheckMs, sendAt) + window);
  return times.length > 0 ? Math.max(...times) : now;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Whether the erasure meets its deadline. Once the data is gone (`erasedAt`), that moment is the
 * completion: a later re-check for late copies is a safeguard, not the erasure. Before, the latest of
 * the platforms' estimates, and no claim at all when any platform has none.
 */
export function deadlineStatus(
  deadline: number,
  erasedAt: number | undefined,
  estimates: ReadonlyArray<number | undefined>,
  now: number,
): DeadlineStatus {
  const known = estimates.every((e): e is number => e !== undefined);
  const expected = erasedAt ?? (known ? Math.max(now, ...estimates) : undefined);
  return {
    deadline: iso(deadline),
    ...(expected !== undefined ? { expectedCompletion: iso(expected) } : {}),
    meetsDeadline: expected !== undefined && expected <= deadline,
  };
}
