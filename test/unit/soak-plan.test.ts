import { describe, expect, it } from 'vitest';
import { DEFAULT_SOAK_OPTIONS, type SoakOptions } from '../../soak/options';
import { MIXES, planSoak } from '../../soak/plan';
import { SeededRandom } from '../../soak/random';
import { tagNumbers } from '../../src/simulator/kit/tag-numbers';

const options = (o: Partial<SoakOptions> = {}): SoakOptions => ({ ...DEFAULT_SOAK_OPTIONS, ...o });
/** The plan without its victim sequence (a stateful generator), for comparing two plans. */
const drawn = (o: SoakOptions) => {
  const { victims, ...rest } = planSoak(o, tagNumbers);
  return { ...rest, victims: [victims.next(), victims.next()] };
};

describe('the soak plan', () => {
  it('is the same for the same seed and differs for another', () => {
    expect(drawn(options({ seed: 7 }))).toEqual(drawn(options({ seed: 7 })));
    expect(drawn(options({ seed: 7 })).killGapsMs).not.toEqual(drawn(options({ seed: 8 })).killGapsMs);
  });

  it('draws one gap per kill, between half and one and a half of the mean', () => {
    const plan = planSoak(options({ kills: 50, killEveryS: 4 }), tagNumbers);
    expect(plan.killGapsMs).toHaveLength(50);
    for (const gap of plan.killGapsMs) {
      expect(gap).toBeGreaterThanOrEqual(2_000);
      expect(gap).toBeLessThanOrEqual(6_000);
    }
  });

  it('puts subjects on one platform and on all three, starting spread over the kill schedule', () => {
    const plan = planSoak(options({ subjects: 100 }), tagNumbers);
    const mixes = plan.subjects.map((s) => s.platforms.join('+'));
    for (const mix of MIXES) expect(mixes).toContain(mix.join('+'));
    expect(plan.subjects[0]?.platforms).toEqual(['liveperson', 'genesys', 'chatbot']);
    expect(plan.subjects[1]?.platforms).toEqual(['liveperson']);
    const starts = plan.subjects.map((s) => s.startAtMs);
    expect(starts[0]).toBe(0);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    const schedule = plan.killGapsMs.reduce((a, b) => a + b, 0);
    expect(starts.at(-1)).toBeLessThan(schedule);
  });

  it('starts everyone at once when nothing is killed', () => {
    expect(planSoak(options({ kills: 0, subjects: 5 }), tagNumbers).subjects.map((s) => s.startAtMs)).toEqual(
      [0, 0, 0, 0, 0],
    );
  });

  it('gives every subject tags of one length whose phones and engagement ids no other subject has', () => {
    const plan = planSoak(options({ subjects: 1_000, seed: 3 }), tagNumbers);
    const tags = plan.subjects.map((s) => s.tag);
    expect(new Set(tags.map((t) => t.length)).size).toBe(1);
    const numbers = tags.flatMap((t) => Object.values(tagNumbers(t)));
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('draws another tag when a number is taken', () => {
    // Every tag's phone is the same until the suffix counter reaches 01.
    const clashing = (tag: string) => ({ phone: tag.endsWith('-00') && !tag.includes('-0-') ? 'same' : tag });
    const plan = planSoak(options({ subjects: 3 }), clashing);
    expect(plan.subjects.map((s) => s.tag)).toEqual(['soak1-0-00', 'soak1-1-00', 'soak1-2-01']);
  });
});

describe('the seeded sequence', () => {
  it('repeats for a seed and stays in range', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    for (let i = 0; i < 1_000; i += 1) {
      const x = a.next();
      expect(b.next()).toBe(x);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const r = new SeededRandom(1);
    for (let i = 0; i < 100; i += 1) expect(r.int(3)).toBeLessThan(3);
  });
});
