/**
 * Timing (src/domain/timing.ts): the day-based timing profile (overdue re-checks, hard stop, attention
 * retries, and a 30-day deadline only for compressed days), the standard 1/3/7/14/21/30-day
 * verification schedule, absolute verification times, the calendar-month quota reset, one calendar
 * month later (addOneMonthUtc), the erasure's deadline (deadlineOf), and the schema's rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addOneMonthUtc,
  DAY_MS,
  DEFAULT_VERIFY_DAYS,
  deadlineOf,
  MONTH_BEGUN_EVERYWHERE_MS,
  quotaResumeAt,
  standardTiming,
  startOfNextMonthUtc,
  TimingSchema,
  timingForDay,
  verificationTimes,
} from '../../src/domain/timing';

describe('timingForDay', () => {
  it('expresses every duration in days of dayMs', () => {
    expect(timingForDay(1000)).toEqual({
      verifyAfterMs: [1000, 3000, 7000, 14_000, 21_000, 26_000, 30_000],
      activeRecheckMs: 1000,
      maxActiveWaitMs: 30_000,
      overdueRecheckMs: 7000,
      hardStopMs: 90_000,
      deadlineMs: 30_000,
      attentionRetryMs: 42,
      callTimeoutMs: 25_000,
      dayMs: 1000,
    });
  });

  it('gives one platform call ten minutes in real days, and at least five seconds compressed', () => {
    expect(standardTiming.callTimeoutMs).toBe(600_000);
    expect(timingForDay(100).callTimeoutMs).toBe(5_000);
    expect(timingForDay(1000).callTimeoutMs).toBe(25_000);
  });

  it('retries a refused credential about hourly, never less than every millisecond', () => {
    expect(timingForDay(24_000).attentionRetryMs).toBe(1000);
    expect(timingForDay(1).attentionRetryMs).toBe(1);
    expect(timingForDay(11).attentionRetryMs).toBe(1);
  });

  it('gives a compressed month of 30 compressed days, but no deadlineMs for real days', () => {
    expect(timingForDay(DAY_MS - 1).deadlineMs).toBe(30 * (DAY_MS - 1));
    expect(timingForDay(DAY_MS + 1).deadlineMs).toBe(30 * (DAY_MS + 1));
    expect('deadlineMs' in timingForDay(DAY_MS)).toBe(false);
  });

  it('always produces a timing the schema accepts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 * DAY_MS }), (dayMs) => {
        expect(TimingSchema.safeParse(timingForDay(dayMs)).success).toBe(true);
      }),
    );
  });
});

describe('standardTiming', () => {
  it('verifies after 1, 3, 7, 14, 21 and 30 real days', () => {
    expect(DEFAULT_VERIFY_DAYS).toEqual([1, 3, 7, 14, 21, 26, 30]);
    expect(standardTiming.verifyAfterMs).toEqual([1, 3, 7, 14, 21, 26, 30].map((d) => d * 86_400_000));
    expect(standardTiming.dayMs).toBe(86_400_000);
    expect(standardTiming.activeRecheckMs).toBe(DAY_MS);
    expect(standardTiming.maxActiveWaitMs).toBe(30 * DAY_MS);
  });

  it('re-checks overdue requests weekly, stops hard after 90 days and retries credentials hourly', () => {
    expect(standardTiming.overdueRecheckMs).toBe(7 * DAY_MS);
    expect(standardTiming.hardStopMs).toBe(90 * DAY_MS);
    expect(standardTiming.attentionRetryMs).toBe(3_600_000);
  });

  it('has no deadlineMs: the deadline is the calendar month', () => {
    expect('deadlineMs' in standardTiming).toBe(false);
    expect(standardTiming.deadlineMs).toBeUndefined();
  });
});

describe('verificationTimes', () => {
  it('adds each offset to the submission time', () => {
    const submittedAt = Date.UTC(2025, 0, 10, 12);
    expect(verificationTimes(submittedAt, standardTiming)).toEqual(
      [1, 3, 7, 14, 21, 26, 30].map((d) => submittedAt + d * DAY_MS),
    );
    expect(verificationTimes(500, { verifyAfterMs: [10, 20] })).toEqual([510, 520]);
  });
});

describe('startOfNextMonthUtc', () => {
  it('rolls December over to 1 January of the next year', () => {
    expect(startOfNextMonthUtc(Date.UTC(2024, 11, 15, 10, 30))).toBe(Date.UTC(2025, 0, 1));
  });

  it('maps the last millisecond of a month to the next midnight', () => {
    const lastMsOfDec = Date.UTC(2025, 0, 1) - 1;
    expect(startOfNextMonthUtc(lastMsOfDec)).toBe(Date.UTC(2025, 0, 1));
    const lastMsOfLeapFeb = Date.UTC(2024, 2, 1) - 1;
    expect(startOfNextMonthUtc(lastMsOfLeapFeb)).toBe(Date.UTC(2024, 2, 1));
  });

  it('maps the first millisecond of a month to the start of the following month, not itself', () => {
    expect(startOfNextMonthUtc(Date.UTC(2025, 2, 1))).toBe(Date.UTC(2025, 3, 1));
    expect(new Date(startOfNextMonthUtc(Date.UTC(2025, 2, 1))).toISOString()).toBe(
      '2025-04-01T00:00:00.000Z',
    );
  });

  it('is always a later UTC midnight on day 1, with no month boundary in between', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const next = startOfNextMonthUtc(ms);
        const d = new Date(next);
        expect(next).toBeGreaterThan(ms);
        expect(d.getUTCDate()).toBe(1);
        expect(next % DAY_MS).toBe(0);
        // The millisecond before the reset is still in ms's month.
        const before = new Date(next - 1);
        const at = new Date(ms);
        expect([before.getUTCFullYear(), before.getUTCMonth()]).toEqual([
          at.getUTCFullYear(),
          at.getUTCMonth(),
        ]);
      }),
    );
  });
});

describe('addOneMonthUtc', () => {
  it('moves 31 January to the last day of February, 28 or 29 in a leap year', () => {
    expect(addOneMonthUtc(Date.UTC(2025, 0, 31))).toBe(Date.UTC(2025, 1, 28));
    expect(addOneMonthUtc(Date.UTC(2024, 0, 31))).toBe(Date.UTC(2024, 1, 29));
    expect(addOneMonthUtc(Date.UTC(2024, 0, 30))).toBe(Date.UTC(2024, 1, 29));
    expect(addOneMonthUtc(Date.UTC(2100, 0, 29))).toBe(Date.UTC(2100, 1, 28)); // 2100 is not a leap year
  });

  it('clamps other 31sts to a 30-day month', () => {
    expect(addOneMonthUtc(Date.UTC(2025, 2, 31))).toBe(Date.UTC(2025, 3, 30));
    expect(addOneMonthUtc(Date.UTC(2025, 7, 31))).toBe(Date.UTC(2025, 8, 30));
  });

  it('keeps the day of month when it exists', () => {
    expect(addOneMonthUtc(Date.UTC(2025, 1, 28))).toBe(Date.UTC(2025, 2, 28));
    expect(addOneMonthUtc(Date.UTC(2025, 3, 30))).toBe(Date.UTC(2025, 4, 30));
    expect(addOneMonthUtc(Date.UTC(2025, 0, 1))).toBe(Date.UTC(2025, 1, 1));
  });

  it('rolls 15 December over to 15 January of the next year', () => {
    expect(addOneMonthUtc(Date.UTC(2024, 11, 15))).toBe(Date.UTC(2025, 0, 15));
    expect(addOneMonthUtc(Date.UTC(2024, 11, 31))).toBe(Date.UTC(2025, 0, 31));
  });

  it('keeps the time of day to the millisecond', () => {
    const at = Date.UTC(2025, 0, 31, 23, 59, 59, 999);
    expect(new Date(addOneMonthUtc(at)).toISOString()).toBe('2025-02-28T23:59:59.999Z');
    expect(addOneMonthUtc(Date.UTC(2024, 11, 15, 10, 30, 5, 7))).toBe(Date.UTC(2025, 0, 15, 10, 30, 5, 7));
  });

  it('is always the next month, on the same day or that month’s last day, at the same time of day', () => {
    const daysIn = (year: number, month: number): number =>
      new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        const from = new Date(ms);
        const to = new Date(addOneMonthUtc(ms));
        const year = from.getUTCFullYear() + (from.getUTCMonth() === 11 ? 1 : 0);
        const month = (from.getUTCMonth() + 1) % 12;
        expect([to.getUTCFullYear(), to.getUTCMonth()]).toEqual([year, month]);
        expect(to.getUTCDate()).toBe(Math.min(from.getUTCDate(), daysIn(year, month)));
        expect(to.getTime() % DAY_MS).toBe(ms % DAY_MS);
        expect(to.getTime()).toBeGreaterThan(ms);
      }),
    );
  });
});

describe('deadlineOf', () => {
  const received = Date.UTC(2025, 0, 31, 9, 15);

  it('uses the requested deadline when there is one, whatever the timing', () => {
    const requested = Date.UTC(2025, 3, 1);
    expect(deadlineOf(received, standardTiming, requested)).toBe(requested);
    expect(deadlineOf(received, timingForDay(1000), requested)).toBe(requested);
    expect(deadlineOf(received, { deadlineMs: 5 }, received + 1)).toBe(received + 1);
  });

  it('is deadlineMs after receipt when the timing sets one', () => {
    expect(deadlineOf(received, timingForDay(1000))).toBe(received + 30_000);
    expect(deadlineOf(received, { deadlineMs: 12_345 })).toBe(received + 12_345);
  });

  it('is one calendar month after receipt otherwise', () => {
    expect(deadlineOf(received, standardTiming)).toBe(Date.UTC(2025, 1, 28, 9, 15));
    expect(deadlineOf(Date.UTC(2024, 11, 15, 8), {})).toBe(Date.UTC(2025, 0, 15, 8));
    expect(deadlineOf(received, {})).toBe(addOneMonthUtc(received));
  });
});

describe('TimingSchema', () => {
  const base = timingForDay(1000);

  it('accepts a strictly increasing schedule', () => {
    expect(TimingSchema.parse({ ...base, verifyAfterMs: [5] })).toEqual({ ...base, verifyAfterMs: [5] });
    expect(TimingSchema.safeParse({ ...base, verifyAfterMs: [1, 2, 3] }).success).toBe(true);
  });

  it.each([[[1000, 1000]], [[3000, 2000]], [[1000, 5000, 4000]]])(
    'rejects the non-increasing schedule %j at path verifyAfterMs',
    (verifyAfterMs) => {
      const parsed = TimingSchema.safeParse({ ...base, verifyAfterMs });
      expect(parsed.success).toBe(false);
      const issue = parsed.error?.issues.find((i) => i.message === 'must be strictly increasing');
      expect(issue?.path).toEqual(['verifyAfterMs']);
    },
  );

  it('rejects an empty schedule and non-positive or fractional durations', () => {
    expect(TimingSchema.safeParse({ ...base, verifyAfterMs: [] }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, verifyAfterMs: [0, 1] }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, dayMs: 1.5 }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, activeRecheckMs: -1 }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, overdueRecheckMs: 0 }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, hardStopMs: 1.5 }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, deadlineMs: 0 }).success).toBe(false);
    expect(TimingSchema.safeParse({ ...base, attentionRetryMs: -5 }).success).toBe(false);
  });

  it.each(['overdueRecheckMs', 'hardStopMs', 'attentionRetryMs'] as const)('requires %s', (field) => {
    const { [field]: _omitted, ...rest } = base;
    const parsed = TimingSchema.safeParse(rest);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([[field]]);
  });

  it('accepts a timing without deadlineMs (the standard profile)', () => {
    expect(TimingSchema.parse(standardTiming)).toEqual(standardTiming);
    const { deadlineMs: _omitted, ...rest } = base;
    expect(TimingSchema.safeParse(rest).success).toBe(true);
  });
});

describe('quotaResumeAt', () => {
  const H = 3_600_000;
  const jan1 = Date.UTC(2027, 0, 1);

  it('waits for the first day of next month (UTC) once the month is under way', () => {
    expect(quotaResumeAt(Date.UTC(2027, 0, 20, 9), false)).toBe(Date.UTC(2027, 1, 1));
    expect(quotaResumeAt(jan1 + 13 * H, false)).toBe(Date.UTC(2027, 1, 1));
  });

  it('in the first hours of a UTC month, tries again once the month has begun everywhere', () => {
    // The account may count months in its own time zone (undocumented): a day's wait, not a month's.
    expect(quotaResumeAt(jan1 + 2 * H, false)).toBe(jan1 + MONTH_BEGUN_EVERYWHERE_MS);
    expect(MONTH_BEGUN_EVERYWHERE_MS).toBe(13 * H);
  });

  it('but not when Lethe spent the month itself', () => {
    expect(quotaResumeAt(jan1 + 2 * H, true)).toBe(Date.UTC(2027, 1, 1));
  });
});
