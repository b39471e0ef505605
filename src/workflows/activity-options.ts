import type { ActivityOptions } from '@temporalio/workflow';
import { nonRetryableErrorTypes } from '../domain/error-types';

/** LivePerson's guidance for the first retry; compressed profiles never retry sooner than the floor. */
const FIRST_RETRY_MS = 5_000;
const SHORTEST_FIRST_RETRY_MS = 100;

/**
 * Platform calls: searches over the whole retention window can take minutes. Transient failures back
 * off and keep trying; refusals are not retried. Each attempt may take `callTimeoutMs`.
 *
 * The waits between attempts scale with the call timeout: with the standard ten-minute call they are
 * 5 s (LivePerson's guidance) doubling up to 10 minutes, as before. A compressed profile (a day of one
 * second, calls of 25 compressed days) would otherwise wait 5 real seconds, five of its days, on a single
 * 500, and up to ten minutes, hundreds of its days, on a run of them: its erasures then missed their
 * hard stop for a fault the standard profile absorbs in seconds.
 */
export function platformCallOptions(callTimeoutMs: number): ActivityOptions {
  const firstRetryMs = Math.min(
    FIRST_RETRY_MS,
    Math.max(SHORTEST_FIRST_RETRY_MS, Math.round(callTimeoutMs / 120)),
  );
  return {
    startToCloseTimeout: callTimeoutMs,
    retry: {
      initialInterval: firstRetryMs,
      backoffCoefficient: 2,
      maximumInterval: Math.max(firstRetryMs, callTimeoutMs),
      nonRetryableErrorTypes,
    },
  };
}
