import type { PlatformId } from '../src/domain/platforms';
import {
  type DemoPlatforms,
  type EverywhereSubject,
  endActive,
  leftBehind,
  seedEverywhere,
} from '../test/helpers/everywhere';
import type { SubjectPlan } from './plan';

/** A seeded subject and the admin clients of the platforms they are on. */
export interface SoakSubject {
  readonly plan: SubjectPlan;
  readonly seeded: EverywhereSubject;
  readonly platforms: DemoPlatforms;
}

/** The simulators of the platforms a subject is on (LivePerson always: the scenario starts there). */
function platformsFor(all: DemoPlatforms, on: readonly PlatformId[]): DemoPlatforms {
  return {
    liveperson: all.liveperson,
    accountId: all.accountId,
    ...(on.includes('genesys') && all.genesys ? { genesys: all.genesys } : {}),
    ...(on.includes('chatbot') && all.chatbot ? { chatbot: all.chatbot } : {}),
  };
}

/**
 * Seeds one subject as the demo seeds its person (src/local/demo/scenario.ts), on the platforms the plan puts
 * them on: closed and open conversations, a recording Genesys keeps under the org's hold, a bystander
 * beside them on each. Just before their erasure starts: the platforms' clock runs fast, and data seeded
 * at the start of a long run would have aged past LivePerson's 13-month retention by the time a late
 * subject's erasure looked for it.
 */
export async function seedSubject(all: DemoPlatforms, plan: SubjectPlan): Promise<SoakSubject> {
  const platforms = platformsFor(all, plan.platforms);
  return { plan, platforms, seeded: await seedEverywhere(platforms, plan.tag) };
}

/**
 * What happens on the platforms while a subject's erasure runs, as in the demo: their open
 * conversations end three days after the start, and the org lets its kept recording go on day eight.
 * Returns a function that cancels what has not happened yet. Failures are counted, not thrown: a
 * scenario step that failed shows in the figures (records left, an erasure not completed).
 */
export function scheduleScenario(
  subject: SoakSubject,
  dayMs: number,
  onError: (what: string) => void,
): () => void {
  const { platforms, seeded } = subject;
  const timers = [
    setTimeout(() => {
      endActive(platforms, seeded).catch(() => onError('ending the open conversations'));
    }, 3 * dayMs),
  ];
  const held = seeded.genesys?.heldRecordingId;
  if (platforms.genesys && held)
    timers.push(
      setTimeout(() => {
        platforms.genesys?.releaseRecording(held).catch(() => onError('releasing the kept recording'));
      }, 8 * dayMs),
    );
  return () => {
    for (const t of timers) clearTimeout(t);
  };
}

/** Records still holding the subjects' data, and how many subjects' bystanders are all intact. */
export async function whatIsLeft(
  subjects: readonly SoakSubject[],
): Promise<{ recordsLeft: number; bystandersIntact: number }> {
  let recordsLeft = 0;
  let bystandersIntact = 0;
  for (const s of subjects) {
    const left = await leftBehind(s.platforms, s.seeded);
    recordsLeft += Object.values(left.remaining).reduce((a, b) => a + b, 0);
    if (left.bystandersIntact) bystandersIntact += 1;
  }
  return { recordsLeft, bystandersIntact };
}
