/**
 * Search windows (src/domain/search-windows.ts): fixed-length windows (Genesys analytics, by
 * assumption) and calendar-month windows (LivePerson's "one month" and "three months", platform-contracts
 * §0): contiguous, newest first, covering the look-back exactly, each within its limit as the platform
 * counts it (from a day to the same day of the month after), across February and year ends, and on
 * ten-minute marks so the platform's rounding cannot widen one. Refused windows split down to a day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addUtcMonths,
  alignTenMinutes,
  calendarWindows,
  earliestStart,
  NARROWEST_WINDOW_MS,
  searchWindows,
  splitWindow,
  withinCalendarMonths,
} from '../../src/domain/search-windows';

const DAY = 86_400_000;

describe('searchWindows', () => {
  it('covers [now − lookback, now] contiguously, newest first, each window at most windowMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: 1, max: 20_000 }),
        fc.integer({ min: 1, max: 20_000 }),
        (now, lookbackMs, windowMs) => {
          const windows = searchWindows(now, lookbackMs, windowMs);
          expect(windows.length).toBe(Math.ceil(lookbackMs / windowMs));
          expect(windows[0]?.to).toBe(now);
          expect(windows.at(-1)?.from).toBe(now - lookbackMs);
          const problems: string[] = [];
          for (const [i, w] of windows.entries()) {
            if (!(w.to > w.from)) problems.push(`window ${i} is empty or inverted`);
            if (w.to - w.from > windowMs) problems.push(`window ${i} is wider than windowMs`);
            const older = windows[i + 1];
            // Newest first, and the older window ends where this one starts: no gap, no overlap.
            if (older && older.to !== w.from) problems.push(`gap or overlap after window ${i}`);
          }
          expect(problems).toEqual([]);
        },
      ),
    );
  });

  it('splits 13 months of history into 1-month windows with a short oldest one', () => {
    const now = Date.UTC(2025, 5, 1);
    const windows = searchWindows(now, 395 * DAY, 31 * DAY);
    expect(windows).toHaveLength(13);
    expect(windows[0]).toEqual({ from: now - 31 * DAY, to: now });
    expect(windows[12]).toEqual({ from: now - 395 * DAY, to: now - 372 * DAY });
  });

  it('returns a single window when the look-back fits in one', () => {
    expect(searchWindows(1000, 500, 600)).toEqual([{ from: 500, to: 1000 }]);
    expect(searchWindows(1000, 600, 600)).toEqual([{ from: 400, to: 1000 }]);
  });

  it.each([
    [100, 0],
    [100, -5],
    [0, 100],
    [-5, 100],
  ])('rejects lookback %d / window %d with a RangeError', (lookbackMs, windowMs) => {
    expect(() => searchWindows(1_000_000, lookbackMs, windowMs)).toThrow(RangeError);
  });

  it('rejects NaN durations instead of returning windows with NaN bounds', () => {
    expect(() => searchWindows(1_000_000, 100, Number.NaN)).toThrow(RangeError);
    expect(() => searchWindows(1_000_000, Number.NaN, 100)).toThrow(RangeError);
  });
});

const utc = (y: number, m: number, d: number, h = 0, min = 0): number => Date.UTC(y, m - 1, d, h, min);
const TEN_MINUTES = 600_000;

describe('calendar months', () => {
  it("adds months as the calendar does, a missing day becoming the month's last", () => {
    expect(addUtcMonths(utc(2026, 1, 31, 9, 30), 1)).toBe(utc(2026, 2, 28, 9, 30));
    expect(addUtcMonths(utc(2028, 1, 31), 1)).toBe(utc(2028, 2, 29));
    expect(addUtcMonths(utc(2026, 12, 15), 1)).toBe(utc(2027, 1, 15));
    expect(addUtcMonths(utc(2026, 2, 1), 3)).toBe(utc(2026, 5, 1));
    expect(addUtcMonths(utc(2026, 3, 31), -1)).toBe(utc(2026, 2, 28));
    expect(addUtcMonths(utc(2027, 1, 10), -13)).toBe(utc(2025, 12, 10));
  });

  it('keeps "one month" and "three months" by the calendar: 30 days across February exceed one month', () => {
    expect(withinCalendarMonths({ from: utc(2026, 1, 1), to: utc(2026, 2, 1) }, 1)).toBe(true); // 31 days
    expect(withinCalendarMonths({ from: utc(2026, 1, 31), to: utc(2026, 3, 2) }, 1)).toBe(false); // 30 days
    expect(withinCalendarMonths({ from: utc(2026, 2, 1), to: utc(2026, 3, 3) }, 1)).toBe(false); // 30 days
    expect(withinCalendarMonths({ from: utc(2026, 2, 1), to: utc(2026, 3, 1) }, 1)).toBe(true); // 28 days
    // 90 days from 1 February run to 2 May: past three months.
    expect(withinCalendarMonths({ from: utc(2026, 2, 1), to: utc(2026, 2, 1) + 90 * DAY }, 3)).toBe(false);
    expect(withinCalendarMonths({ from: utc(2026, 2, 1), to: utc(2026, 5, 1) }, 3)).toBe(true);
    expect(withinCalendarMonths({ from: utc(2026, 12, 5), to: utc(2027, 1, 5) }, 1)).toBe(true);
    expect(withinCalendarMonths({ from: utc(2026, 12, 5), to: utc(2027, 1, 5) + 1 }, 1)).toBe(false);
  });

  it('starts a window ending on the 31st a day later where the month before is too short', () => {
    // 28 February + 1 month = 28 March: too early to reach 31 March; 1 March + 1 month = 1 April.
    expect(earliestStart(utc(2026, 3, 31, 10, 10), 1)).toBe(utc(2026, 3, 1));
    expect(earliestStart(utc(2026, 3, 15, 10, 10), 1)).toBe(utc(2026, 2, 15, 10, 10));
    expect(earliestStart(utc(2026, 5, 31), 3)).toBe(utc(2026, 3, 1)); // not 28 February
  });

  it('aligns to ten-minute marks as the platform rounds', () => {
    expect(alignTenMinutes(utc(2026, 1, 1, 10, 7), 'down')).toBe(utc(2026, 1, 1, 10, 0));
    expect(alignTenMinutes(utc(2026, 1, 1, 10, 7), 'up')).toBe(utc(2026, 1, 1, 10, 10));
    expect(alignTenMinutes(utc(2026, 1, 1, 10, 10), 'up')).toBe(utc(2026, 1, 1, 10, 10));
  });
});

describe('calendarWindows', () => {
  /** Start dates of every day of 2026 and 2027, at odd times of day, and year ends. */
  const anyInstant = fc
    .integer({ min: utc(2025, 12, 1), max: utc(2028, 3, 1) })
    .map((ms) => alignTenMinutes(ms, 'down'));

  it('covers 13 months contiguously, newest first, every window within its calendar limit (any date)', () => {
    fc.assert(
      fc.property(anyInstant, fc.constantFrom(1, 3), (end, months) => {
        const start = addUtcMonths(end, -13);
        const windows = calendarWindows(start, end, months);
        const problems: string[] = [];
        if (windows[0]?.to !== end) problems.push('does not end at the end');
        if (windows.at(-1)?.from !== start) problems.push('does not start at the start');
        for (const [i, w] of windows.entries()) {
          if (!(w.to > w.from)) problems.push(`window ${i} is empty`);
          if (!withinCalendarMonths(w, months)) problems.push(`window ${i} exceeds ${months} month(s)`);
          // The platform rounds from down and to up: on ten-minute marks nothing moves.
          if (w.from % TEN_MINUTES !== 0 || w.to % TEN_MINUTES !== 0)
            problems.push(`window ${i} off the mark`);
          const older = windows[i + 1];
          if (older && older.to !== w.from) problems.push(`gap or overlap after window ${i}`);
        }
        // A month's window, or three: 13 or 14 of one month, 5 or 6 of three (a short month adds one).
        const expected = months === 1 ? [13, 14] : [5, 6];
        if (!expected.includes(windows.length)) problems.push(`${windows.length} windows`);
        expect(problems).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('never crosses February with a day-count window: the windows around it are calendar months', () => {
    const windows = calendarWindows(utc(2026, 1, 1), utc(2026, 4, 1), 1);
    expect(windows).toEqual([
      { from: utc(2026, 3, 1), to: utc(2026, 4, 1) },
      { from: utc(2026, 2, 1), to: utc(2026, 3, 1) },
      { from: utc(2026, 1, 1), to: utc(2026, 2, 1) },
    ]);
  });

  it('refuses an empty range and a month count that is not a positive integer', () => {
    expect(() => calendarWindows(5, 5, 1)).toThrow(RangeError);
    expect(() => calendarWindows(0, 5, 0)).toThrow(RangeError);
    expect(() => calendarWindows(0, 5, 1.5)).toThrow(RangeError);
  });
});

describe('splitWindow', () => {
  it('halves a refused window on a ten-minute mark, down to one day and no further', () => {
    const w = { from: utc(2026, 2, 1), to: utc(2026, 3, 1) };
    const [a, b] = splitWindow(w) ?? [];
    expect(a).toEqual({ from: w.from, to: utc(2026, 2, 15) });
    expect(b).toEqual({ from: utc(2026, 2, 15), to: w.to });
    let narrowest = w;
    let splits = 0;
    for (let halves = splitWindow(narrowest); halves; halves = splitWindow(narrowest)) {
      narrowest = halves[0];
      splits += 1;
      expect(narrowest.from % TEN_MINUTES).toBe(0);
      expect(narrowest.to % TEN_MINUTES).toBe(0);
    }
    expect(splits).toBe(5); // 28 days → 14 → 7 → 3.5 → 1.75 → 0.875
    expect(narrowest.to - narrowest.from).toBeLessThanOrEqual(NARROWEST_WINDOW_MS);
    expect(splitWindow({ from: 0, to: NARROWEST_WINDOW_MS })).toBeUndefined();
  });
});
