/**
 * Deterministic jitter (src/domain/wake-spread.ts): the same id always gets the same shift, shifts stay
 * within their bound and never move a check earlier, and 10,000 erasures answered in one second wake
 * spread over the hour instead of together.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standardTiming, timingForDay } from '../../src/domain/timing';
import {
  checkShiftMs,
  checkSpreadMs,
  spreadChecks,
  spreadFlushes,
  stableFraction,
} from '../../src/domain/wake-spread';
import { erasureWorkflowId } from '../../src/workflows/definitions';

const HOUR = 3_600_000;
/** Workflow ids as erasures have them: `erasure-` and 64 hex digits. */
const ids = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => erasureWorkflowId(i.toString(16).padStart(64, '0')));

describe('wake-up spread', () => {
  it('gives every key a fraction in [0, 1), the same one each time', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const f = stableFraction(key);
        expect(f).toBeGreaterThanOrEqual(0);
        expect(f).toBeLessThan(1);
        expect(stableFraction(key)).toBe(f);
      }),
    );
  });

  it('shifts every check by the same amount, later, by less than an hour of the timing', () => {
    expect(checkSpreadMs(standardTiming)).toBe(HOUR);
    expect(checkSpreadMs(timingForDay(2_400))).toBe(100);
    for (const id of ids(50)) {
      const spread = spreadChecks(standardTiming, id);
      const shift = checkShiftMs(id, standardTiming);
      expect(shift).toBeGreaterThanOrEqual(0);
      expect(shift).toBeLessThan(HOUR);
      expect(spread.verifyAfterMs).toEqual(standardTiming.verifyAfterMs.map((v) => v + shift));
      expect(spreadChecks(standardTiming, id)).toEqual(spread);
    }
  });

  it('spreads 10,000 erasures answered in the same second over the hour', () => {
    const perSecond = new Map<number, number>();
    for (const id of ids(10_000)) {
      const second = Math.floor(checkShiftMs(id, standardTiming) / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    // Even spread: 10,000 / 3,600 ≈ 2.8 a second; unshifted, all 10,000 wake in one second.
    expect(perSecond.size).toBeGreaterThan(3_000);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(12);
  });

  it("lengthens a governor's flush window by less than one tick, by its own id", () => {
    const policy = {
      maxIdsPerRequest: 100,
      monthlyQuota: 100,
      kinds: ['conversation' as const],
      flushWindowMs: 24 * HOUR,
      deletionWindowMs: 25 * 24 * HOUR,
    };
    const a = spreadFlushes(policy, HOUR, 'governor-liveperson-1');
    const b = spreadFlushes(policy, HOUR, 'governor-liveperson-2');
    for (const p of [a, b]) {
      expect(p.flushWindowMs).toBeGreaterThanOrEqual(policy.flushWindowMs);
      expect(p.flushWindowMs).toBeLessThan(policy.flushWindowMs + HOUR);
      expect({ ...p, flushWindowMs: policy.flushWindowMs }).toEqual(policy);
    }
    expect(a.flushWindowMs).not.toBe(b.flushWindowMs);
  });
});
