/** RateBudget (src/connectors/rate-budget.ts): a caller-side token bucket on a per-minute limit. */
import { describe, expect, it } from 'vitest';
import { RateBudget } from '../../src/connectors/rate-budget';

function clocked(perMinute: number) {
  let now = 0;
  const waits: number[] = [];
  const budget = new RateBudget(
    perMinute,
    () => now,
    async (ms) => {
      waits.push(ms);
      now += ms;
    },
  );
  return { budget, waits, advance: (ms: number) => (now += ms), now: () => now };
}

describe('RateBudget', () => {
  it('lets a minute of calls through at once, then paces one call per 60 / perMinute seconds', async () => {
    const c = clocked(6);
    for (let i = 0; i < 6; i += 1) await c.budget.take();
    expect(c.waits).toEqual([]);
    await c.budget.take();
    await c.budget.take();
    expect(c.waits).toEqual([10_000, 10_000]);
    expect(c.now()).toBe(20_000);
  });

  it('refills with time that passes between calls, up to one minute of calls', async () => {
    const c = clocked(6);
    for (let i = 0; i < 6; i += 1) await c.budget.take();
    c.advance(10 * 60_000);
    for (let i = 0; i < 6; i += 1) await c.budget.take();
    expect(c.waits).toEqual([]);
    await c.budget.take();
    expect(c.waits).toEqual([10_000]);
  });

  it('never lets more than perMinute + minutes × perMinute calls through', async () => {
    const c = clocked(300);
    for (let i = 0; i < 1_000; i += 1) await c.budget.take();
    // 300 at once, then 700 more at 5 per second.
    expect(c.now()).toBeGreaterThanOrEqual(140_000 - 1);
    expect(c.now()).toBeLessThanOrEqual(140_000 + 200);
  });

  it('refuses a budget of no calls', () => {
    expect(
      () =>
        new RateBudget(
          0,
          () => 0,
          async () => undefined,
        ),
    ).toThrow(RangeError);
  });
});
