/**
 * Timing (src/domain/timing.ts): the day-based timing profile, the standard 1/3/7/14/21/30-day
 * verification schedule, absolute verification times, the calendar-month quota reset, and the schema's
 * rule that the verification schedule strictly increases.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  DEFAULT_VERIFY_DAYS,
  standardTiming,
  startOfNextMonthUtc,
  TimingSchema,
  timingForDay,
  verificationTimes,
} from '../../src/domain/timing';

describe('timingForDay', () => {
  it('expresses every duration in days of dayMs', () => {
    expect(timingForDay(1000)).toEqual({
      verifyAfterMs: [1000, 3000, 7000, 14_000, 21_000, 30_000],
      activeRecheckMs: 1000,
      maxActiveWaitMs: 30_000,
      dayMs: 1000,
    });
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
    expect(DEFAULT_VERIFY_DAYS).toEqual([1, 3, 7, 14, 21, 30]);
    expect(standardTiming.verifyAfterMs).toEqual([1, 3, 7, 14, 21, 30].map((d) => d * 86_400_000));
    expect(standardTiming.dayMs).toBe(86_400_000);
    expect(standardTiming.activeRecheckMs).toBe(DAY_MS);
    expect(standardTiming.maxActiveWaitMs).toBe(30 * DAY_MS);
  });
});

describe('verificationTimes', () => {
  it('adds each offset to the submission time', () => {
    const submittedAt = Date.UTC(2025, 0, 10, 12);
    expect(verificationTimes(submittedAt, standardTiming)).toEqual(
      [1, 3, 7, 14, 21, 30].map((d) => submittedAt + d * DAY_MS),
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
  });
});
