/**
 * Platform-call options (src/workflows/activity-options.ts): the standard ten-minute call keeps
 * LivePerson's 5-second first retry doubling to ten minutes; compressed profiles wait in proportion to
 * their call timeout (never under 100 ms), so a 500 costs them a fraction of a day, not five days.
 */
import { describe, expect, it } from 'vitest';
import { nonRetryableErrorTypes } from '../../src/domain/error-types';
import { standardTiming, timingForDay } from '../../src/domain/timing';
import { platformCallOptions } from '../../src/workflows/activity-options';

describe('platformCallOptions', () => {
  it('keeps the standard profile at 5 s doubling to 10 minutes, refusals not retried', () => {
    const options = platformCallOptions(standardTiming.callTimeoutMs);
    expect(options.startToCloseTimeout).toBe(600_000);
    expect(options.retry).toEqual({
      initialInterval: 5_000,
      backoffCoefficient: 2,
      maximumInterval: 600_000,
      nonRetryableErrorTypes,
    });
  });

  it('scales a compressed day: a one-second day retries after about a fifth of a day', () => {
    const { callTimeoutMs, dayMs } = timingForDay(1_000);
    const retry = platformCallOptions(callTimeoutMs).retry;
    expect(retry?.initialInterval).toBe(208);
    expect(Number(retry?.initialInterval)).toBeLessThan(dayMs);
    expect(retry?.maximumInterval).toBe(callTimeoutMs);
  });

  it('never retries sooner than 100 ms, nor later than 5 s first, whatever the call timeout', () => {
    for (const callTimeoutMs of [1, 5_000, 12_000, 600_000, 3_600_000]) {
      const retry = platformCallOptions(callTimeoutMs).retry;
      const first = Number(retry?.initialInterval);
      expect(first).toBeGreaterThanOrEqual(100);
      expect(first).toBeLessThanOrEqual(5_000);
      expect(Number(retry?.maximumInterval)).toBeGreaterThanOrEqual(first);
    }
  });
});
