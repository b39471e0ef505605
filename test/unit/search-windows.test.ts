/**
 * searchWindows (src/domain/search-windows.ts): the look-back period split into query windows no wider
 * than the search API allows, newest first, contiguous, covering exactly [now − lookback, now].
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchWindows } from '../../src/domain/search-windows';

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
