import type { PlatformId } from '../src/domain/platforms';
import type { SoakOptions } from './options';
import { SeededRandom } from './random';

/** One data subject of the soak: where they are, and when (after the first start) their erasure starts. */
export interface SubjectPlan {
  readonly index: number;
  /** Seeds the subject's ids and values (src/local/demo/scenario.ts); every tag of a run has the same length. */
  readonly tag: string;
  /** LivePerson always (the scenario seeds everyone there), then Genesys and/or the chatbot. */
  readonly platforms: readonly PlatformId[];
  readonly startAtMs: number;
}

/** The whole run's draws, made before anything starts. */
export interface SoakPlan {
  readonly subjects: readonly SubjectPlan[];
  /** Real ms to wait before each kill, after the previous one (the first: after the first start). */
  readonly killGapsMs: readonly number[];
  /** The simulators' fault seeds: the same draws on every run of a seed. */
  readonly faultSeeds: { readonly liveperson: number; readonly genesys: number; readonly chatbot: number };
  /** Draws the victim of each kill among the workers that are ready then. */
  readonly victims: SeededRandom;
}

export const MIXES: readonly (readonly PlatformId[])[] = [
  ['liveperson', 'genesys', 'chatbot'],
  ['liveperson'],
  ['liveperson', 'genesys'],
  ['liveperson', 'chatbot'],
];

/** The numbers a tag seeds that must differ between subjects (phones, engagement ids). */
export type TagNumbers = (tag: string) => Readonly<Record<string, string>>;

/**
 * Draws the run. The first subject is on all three platforms and the second on LivePerson alone, so any
 * run of two or more has both; the rest are drawn (two in five on all three). Subjects start spread over
 * most of the kill schedule, so kills fall while erasures of every age are in flight. Tags are redrawn
 * (a suffix counter) until no number one seeds is another's: two subjects sharing a phone would erase
 * each other's records, which is the scenario's collision, not Lethe's.
 */
export function planSoak(options: SoakOptions, numbersOf: TagNumbers): SoakPlan {
  const rng = new SeededRandom(options.seed);
  const width = String(options.subjects).length;
  const taken = new Set<string>();
  const killGapsMs = Array.from({ length: options.kills }, () =>
    Math.round(rng.between(0.5, 1.5) * options.killEveryS * 1000),
  );
  const spreadMs = killGapsMs.reduce((a, b) => a + b, 0) * 0.8;
  const subjects: SubjectPlan[] = [];
  for (let index = 0; index < options.subjects; index += 1) {
    let tag = '';
    for (let attempt = 0; ; attempt += 1) {
      if (attempt > 99) throw new Error(`no collision-free tag for subject ${index}`);
      tag = `soak${options.seed}-${String(index).padStart(width, '0')}-${String(attempt).padStart(2, '0')}`;
      const numbers = Object.values(numbersOf(tag));
      if (numbers.every((n) => !taken.has(n))) {
        for (const n of numbers) taken.add(n);
        break;
      }
    }
    const draw = rng.next();
    const mix = index < 2 ? (MIXES[index] as readonly PlatformId[]) : mixOf(draw);
    subjects.push({
      index,
      tag,
      platforms: mix,
      startAtMs: options.subjects > 1 ? Math.round((spreadMs * index) / (options.subjects - 1)) : 0,
    });
  }
  const seed = (): number => rng.int(2 ** 31 - 1) + 1;
  return {
    subjects,
    killGapsMs,
    faultSeeds: { liveperson: seed(), genesys: seed(), chatbot: seed() },
    victims: new SeededRandom(seed()),
  };
}

/** Two in five on all three platforms, one in five on each other mix. */
function mixOf(draw: number): readonly PlatformId[] {
  if (draw < 0.4) return MIXES[0] as readonly PlatformId[];
  if (draw < 0.6) return MIXES[1] as readonly PlatformId[];
  if (draw < 0.8) return MIXES[2] as readonly PlatformId[];
  return MIXES[3] as readonly PlatformId[];
}
