/**
 * governorInputFor (src/domain/governance.ts): the start input of a platform account's quota governor.
 * LivePerson's documented limits (100 ids a request, 100 requests a month, the kinds in order), the
 * monthly quota and flush window overrides, the 25-day deletion window in the timing's own days, an
 * hourly tick (never under a second when compressed), the timing's retries, and a valid input for any
 * day length.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { governorInputFor } from '../../src/domain/governance';
import { type PlatformLimits, platformLimits } from '../../src/domain/platforms';
import { GovernorInputSchema } from '../../src/domain/request';
import { DAY_MS, standardTiming, timingForDay } from '../../src/domain/timing';
import { governorTaskQueue } from '../../src/workflows/definitions';

const HOUR = 3_600_000;

function must<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a governor input, got undefined');
  return value;
}

describe('governorInputFor: LivePerson', () => {
  it("takes LivePerson's limits and a day's flush window in the standard timing", () => {
    expect(governorInputFor('liveperson', 'acct', standardTiming)).toEqual({
      platform: 'liveperson',
      account: 'acct',
      policy: {
        maxIdsPerRequest: 100,
        monthlyQuota: 100,
        kinds: ['conversation', 'engagement', 'consumer', 'ticketing'],
        flushWindowMs: DAY_MS,
        deletionWindowMs: 25 * DAY_MS,
      },
      tickMs: HOUR,
      attentionRetryMs: standardTiming.attentionRetryMs,
      callTimeoutMs: standardTiming.callTimeoutMs,
    });
  });

  it('is a valid governor input', () => {
    const input = must(governorInputFor('liveperson', 'acct', standardTiming));
    expect(GovernorInputSchema.parse(input)).toEqual(input);
  });

  it("copies the platform's kinds rather than sharing them", () => {
    const input = must(governorInputFor('liveperson', 'acct', standardTiming));
    expect(input.policy.kinds).toEqual([...platformLimits.liveperson.kinds]);
    expect(input.policy.kinds).not.toBe(platformLimits.liveperson.kinds);
    input.policy.kinds.pop();
    expect(platformLimits.liveperson.kinds).toHaveLength(4);
    expect(must(governorInputFor('liveperson', 'acct', standardTiming)).policy.kinds).toHaveLength(4);
  });

  it('uses the monthly quota the account team set instead of the default', () => {
    const input = must(governorInputFor('liveperson', 'acct', standardTiming, { monthlyQuota: 250 }));
    expect(input.policy.monthlyQuota).toBe(250);
    expect(input.policy.maxIdsPerRequest).toBe(100);
  });

  it('uses a flush window override', () => {
    const input = must(governorInputFor('liveperson', 'acct', standardTiming, { flushWindowMs: 6 * HOUR }));
    expect(input.policy.flushWindowMs).toBe(6 * HOUR);
    expect(input.policy.deletionWindowMs).toBe(25 * DAY_MS);
  });

  it('names the account it governs', () => {
    expect(must(governorInputFor('liveperson', 'eu-brand-2', standardTiming)).account).toBe('eu-brand-2');
  });
});

describe('governorInputFor: compressed timings', () => {
  it('scales the 25-day deletion window and the flush window to the timing day', () => {
    const input = must(governorInputFor('liveperson', 'acct', timingForDay(1000)));
    expect(input.policy.deletionWindowMs).toBe(25_000);
    expect(input.policy.flushWindowMs).toBe(1000);
    expect(must(governorInputFor('liveperson', 'acct', timingForDay(60_000))).policy.deletionWindowMs).toBe(
      1_500_000,
    );
  });

  it('ticks at least once a second apart, and a timing hour apart when that is longer', () => {
    expect(must(governorInputFor('liveperson', 'acct', timingForDay(1000))).tickMs).toBe(1000);
    expect(must(governorInputFor('liveperson', 'acct', timingForDay(1))).tickMs).toBe(1000);
    expect(must(governorInputFor('liveperson', 'acct', timingForDay(48_000))).tickMs).toBe(2000);
    expect(must(governorInputFor('liveperson', 'acct', timingForDay(240_000))).tickMs).toBe(10_000);
  });

  it("retries refused credentials on the timing's schedule", () => {
    const timing = timingForDay(1000);
    const input = must(governorInputFor('liveperson', 'acct', timing));
    expect(input.attentionRetryMs).toBe(timing.attentionRetryMs);
    expect(input.attentionRetryMs).toBe(42);
  });

  it('gives a valid input for any day length, with the window, tick and retries from the timing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: DAY_MS }), (dayMs) => {
        const timing = timingForDay(dayMs);
        const input = must(governorInputFor('liveperson', 'acct', timing));
        expect(() => GovernorInputSchema.parse(input)).not.toThrow();
        expect(input.policy.flushWindowMs).toBe(dayMs);
        expect(input.policy.deletionWindowMs).toBe(Math.round(25 * dayMs));
        expect(input.tickMs).toBeGreaterThanOrEqual(1000);
        expect(input.tickMs).toBe(Math.max(1000, Math.round(dayMs / 24)));
        expect(input.attentionRetryMs).toBe(timing.attentionRetryMs);
      }),
    );
  });
});

describe('governorInputFor: platforms without a quota', () => {
  /** Runs `body` with LivePerson's limits swapped for `limits`, restoring them after. */
  function withLimits(limits: PlatformLimits, body: () => void): void {
    const saved = platformLimits.liveperson;
    platformLimits.liveperson = limits;
    try {
      body();
    } finally {
      platformLimits.liveperson = saved;
    }
  }

  it('has nothing to govern when the platform has no monthly quota', () => {
    const { monthlyRequestQuota: _quota, ...unlimited } = platformLimits.liveperson;
    withLimits(unlimited, () => {
      expect(governorInputFor('liveperson', 'acct', standardTiming)).toBeUndefined();
    });
  });

  it('governs such a platform when the account has a quota of its own', () => {
    const { monthlyRequestQuota: _quota, ...unlimited } = platformLimits.liveperson;
    withLimits(unlimited, () => {
      expect(
        governorInputFor('liveperson', 'acct', standardTiming, { monthlyQuota: 40 })?.policy.monthlyQuota,
      ).toBe(40);
    });
  });
});

describe('the governors’ task queue', () => {
  it('is the erasures’ queue with its own suffix, and a governors’ queue maps to itself', () => {
    expect(governorTaskQueue('lethe-erasure')).toBe('lethe-erasure-governors');
    expect(governorTaskQueue(governorTaskQueue('lethe-erasure'))).toBe('lethe-erasure-governors');
  });
});
