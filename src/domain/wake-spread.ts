import type { QuotaPolicy } from './quota-book';
import type { Timing } from './timing';

/**
 * Deterministic jitter (issue 14: no thundering herd). Subjects whose requests went out in the same
 * second would otherwise wake in the same second for every check of their 30-day window, and a
 * governor's partial requests would flush at the same moment each day. Each workflow shifts its timers by
 * a fixed amount derived from its id: the same on every replay, different between workflows.
 */

/** A stable fraction in [0, 1) from a key (32-bit FNV-1a): spreads evenly, needs no crypto. */
export function stableFraction(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 0x1_0000_0000;
}

/** The bound of a check's shift: an hour of the timing's days (a compressed day: its 24th). */
export const checkSpreadMs = (timing: Pick<Timing, 'dayMs'>): number => Math.round(timing.dayMs / 24);

/** How far this workflow's checks are shifted: in [0, `checkSpreadMs`), from its id. */
export const checkShiftMs = (workflowId: string, timing: Pick<Timing, 'dayMs'>): number =>
  Math.floor(stableFraction(workflowId) * checkSpreadMs(timing));

/**
 * The timing with every verification of a request shifted later by this workflow's share of the spread:
 * never earlier than the platform's schedule, at most an hour (of the timing's days) later.
 */
export function spreadChecks<T extends Pick<Timing, 'dayMs' | 'verifyAfterMs'>>(
  timing: T,
  workflowId: string,
): T {
  const shift = checkShiftMs(workflowId, timing);
  return { ...timing, verifyAfterMs: timing.verifyAfterMs.map((offset) => offset + shift) };
}

/**
 * A governor's policy with its flush window lengthened by its share of one tick (from its id): the
 * governors of several accounts do not flush in the same second, and an id still waits at least the
 * window it was promised, never more than a tick longer.
 */
export function spreadFlushes(policy: QuotaPolicy, tickMs: number, workflowId: string): QuotaPolicy {
  return { ...policy, flushWindowMs: policy.flushWindowMs + Math.floor(stableFraction(workflowId) * tickMs) };
}
