import { z } from 'zod';
import { sharedSchema } from './shared-schemas';

export const DAY_MS = 86_400_000;

/**
 * Every duration the erasure waits for. The standard profile follows the law and the platforms; a
 * compressed profile scales a day down so demos and end-to-end tests finish in seconds.
 */
export const TimingSchema = sharedSchema('timing/TimingSchema', () =>
  z
    .object({
      /** When to re-verify a submission, in ms after it was sent (default 1, 3, 7, 14, 21, 30 days). */
      verifyAfterMs: z.array(z.number().int().positive()).min(1),
      /** How often to re-check conversations that are still open. */
      activeRecheckMs: z.number().int().positive(),
      /** How long to wait for an open conversation to close before reporting it. */
      maxActiveWaitMs: z.number().int().positive(),
      /** Once a submission's schedule is spent with data still present (overdue), how often to re-check. */
      overdueRecheckMs: z.number().int().positive(),
      /** After receipt, when to stop waiting and complete with whatever is still present named. */
      hardStopMs: z.number().int().positive(),
      /** The erasure's deadline after receipt; absent: one calendar month (GDPR Art. 12(3)). */
      deadlineMs: z.number().int().positive().optional(),
      /** While credentials are refused, how often to try again without an operator's retry. */
      attentionRetryMs: z.number().int().positive(),
      /** Longest one platform call (one activity attempt) may take before Temporal retries it elsewhere. */
      callTimeoutMs: z.number().int().positive(),
      /** A day, in ms: used for quota resets and anything else counted in days. */
      dayMs: z.number().int().positive(),
    })
    .refine((t) => t.verifyAfterMs.every((v, i, all) => i === 0 || v > (all[i - 1] ?? 0)), {
      message: 'must be strictly increasing',
      path: ['verifyAfterMs'],
    }),
);
export type Timing = z.infer<typeof TimingSchema>;

/**
 * Days after submission at which a submission is re-verified by default. Day 26 is the day after
 * LivePerson's documented longest run (5 days' grace, then at most 20 days: platform-contracts.md §1.a):
 * a request done on time is seen done then, not four days later, which is what lets an erasure whose
 * last request goes out in its first days meet a one-month deadline.
 */
export const DEFAULT_VERIFY_DAYS = [1, 3, 7, 14, 21, 26, 30] as const;

/** The timing with every duration expressed in days of `dayMs` milliseconds. */
export function timingForDay(dayMs: number): Timing {
  return {
    verifyAfterMs: DEFAULT_VERIFY_DAYS.map((d) => d * dayMs),
    activeRecheckMs: dayMs,
    maxActiveWaitMs: 30 * dayMs,
    overdueRecheckMs: 7 * dayMs,
    hardStopMs: 90 * dayMs,
    // A compressed month is 30 compressed days; real days keep the calendar month.
    ...(dayMs === DAY_MS ? {} : { deadlineMs: 30 * dayMs }),
    attentionRetryMs: Math.max(1, Math.round(dayMs / 24)),
    // Ten minutes for searches over the whole retention window; compressed runs fail over sooner.
    callTimeoutMs: dayMs === DAY_MS ? 600_000 : Math.max(5_000, 25 * dayMs),
    dayMs,
  };
}

/** The real-world timing: the platforms' 30-day window and daily re-checks. */
export const standardTiming: Timing = timingForDay(DAY_MS);

/** The same instant one calendar month later (UTC), on the month's last day when the day does not exist. */
export function addOneMonthUtc(ms: number): number {
  const d = new Date(ms);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 2, 0)).getUTCDate();
  const target = new Date(ms);
  target.setUTCDate(1);
  target.setUTCMonth(d.getUTCMonth() + 1);
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

/** The erasure's deadline: the caller's, else `deadlineMs` after receipt, else one calendar month. */
export function deadlineOf(
  receivedAt: number,
  timing: Pick<Timing, 'deadlineMs'>,
  requested?: number,
): number {
  if (requested !== undefined) return requested;
  return timing.deadlineMs !== undefined ? receivedAt + timing.deadlineMs : addOneMonthUtc(receivedAt);
}

/** Absolute times at which a submission sent at `submittedAt` is verified. */
export function verificationTimes(submittedAt: number, timing: Pick<Timing, 'verifyAfterMs'>): number[] {
  return timing.verifyAfterMs.map((offset) => submittedAt + offset);
}

/** Midnight UTC on the first day of the month after `ms`: when a calendar-month quota resets. */
export function startOfNextMonthUtc(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/**
 * How long after midnight UTC a calendar month has begun everywhere: the last time zones (UTC−12) reach
 * the 1st twelve hours later; an hour more for safety.
 */
export const MONTH_BEGUN_EVERYWHERE_MS = 13 * 3_600_000;

/**
 * When to try again after a platform said its monthly quota is spent at `now`: the first day of next
 * month (UTC). But the platform does not document its months as UTC: in the first hours of a UTC month,
 * unless Lethe itself spent this month's quota (`spentHere`), the account's own month may not have begun
 * yet, and a whole month's wait would be wrong: try again once the month has begun everywhere.
 */
export function quotaResumeAt(now: number, spentHere: boolean): number {
  const d = new Date(now);
  const monthBegan = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (!spentHere && now - monthBegan < MONTH_BEGUN_EVERYWHERE_MS)
    return monthBegan + MONTH_BEGUN_EVERYWHERE_MS;
  return startOfNextMonthUtc(now);
}
