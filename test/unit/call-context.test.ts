/**
 * StepProgress (src/connectors/call-context.ts): a long call's finished steps are saved after each one
 * (the activity heartbeats them) and a retried attempt takes them from what was saved instead of calling
 * the platform again; scopes keep several searches of one call apart.
 */
import { describe, expect, it } from 'vitest';
import { type ProgressDetails, StepProgress } from '../../src/connectors/call-context';

describe('StepProgress', () => {
  it('saves each finished step, and a later attempt resumes from what was saved', async () => {
    const saved: ProgressDetails[] = [];
    const first = StepProgress.of(undefined, (d) => saved.push(d));
    let calls = 0;
    const page = async (n: number) => {
      calls += 1;
      return [`record-${n}`];
    };
    expect(await first.step('p0', () => page(0))).toEqual(['record-0']);
    expect(await first.scope('w1').step('p0', () => page(1))).toEqual(['record-1']);
    expect(saved.at(-1)).toEqual({ steps: { p0: ['record-0'], 'w1/p0': ['record-1'] } });
    expect(first.resumedSteps).toBe(0);

    // The attempt failed; the next one gets the last saved details back (as heartbeat details, JSON).
    const next = StepProgress.of(JSON.parse(JSON.stringify(saved.at(-1))));
    expect(next.resumedSteps).toBe(2);
    expect(await next.step('p0', () => page(99))).toEqual(['record-0']);
    expect(await next.scope('w1').step('p0', () => page(99))).toEqual(['record-1']);
    expect(await next.scope('w1').step('p100', () => page(2))).toEqual(['record-2']);
    expect(calls).toBe(3);
  });

  it('starts afresh from details it does not understand', async () => {
    for (const junk of [undefined, null, 'text', 42, { steps: 'no' }]) {
      const p = StepProgress.of(junk);
      expect(p.resumedSteps).toBe(0);
      expect(await p.step('a', () => 1)).toBe(1);
    }
  });
});
