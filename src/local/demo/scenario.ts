import { type PlatformId, platformIds } from '../../domain/platforms';
import type { ErasureRequest } from '../../domain/request';
import type { AdminClient } from '../../simulator/kit/admin-client';
import { type DemoPerson, demoPerson, type SeededPlatform } from '../../simulator/kit/demo-person';
import { type LocalStack, localPlatform } from '../stack';

/** The demo's person as seeded on every platform given, and the request that names them. */
export interface SeededPerson {
  readonly person: DemoPerson;
  readonly request: ErasureRequest;
  readonly on: Partial<Record<PlatformId, SeededPlatform>>;
}

/** Where the demo's person is seeded: each platform's simulator (its admin client) and its settings. */
export type DemoTargets = Partial<
  Record<PlatformId, { readonly admin: AdminClient; readonly settings: Readonly<Record<string, unknown>> }>
>;

/** The simulators of a local stack, as the demo's seeding takes them. */
export function targetsOf(stack: LocalStack): DemoTargets {
  const targets: DemoTargets = {};
  for (const [platform, s] of Object.entries(stack.simulators) as [
    PlatformId,
    (typeof stack.simulators)[PlatformId],
  ][])
    if (s) targets[platform] = { admin: s.admin, settings: s.settings() };
  return targets;
}

/**
 * Seeds the demo's person on every platform given, each as its simulator folder says (a platform knows
 * them by what it holds), and writes the request a privacy desk would: their two emails, and whatever
 * id a platform keys them by. A bystander on each platform shows nothing else goes. `tag` keeps ids
 * unique when several people share the simulators.
 */
export async function seedPerson(targets: DemoTargets, tag = 'demo'): Promise<SeededPerson> {
  const person = demoPerson(tag);
  const identifiers: ErasureRequest['identifiers'] = [
    { kind: 'email', value: person.workEmail },
    { kind: 'email', value: person.homeEmail },
  ];
  const on: Partial<Record<PlatformId, SeededPlatform>> = {};
  for (const platform of platformIds) {
    const target = targets[platform];
    if (!target) continue;
    const seeded = await (await localPlatform(platform)).demo.seed(target.admin, person, target.settings);
    on[platform] = seeded;
    identifiers.push(...seeded.identifiers);
  }
  return {
    person,
    request: {
      requestId: `ticket-${tag}`,
      subjectKey: person.customerId,
      identifiers,
      requestedBy: 'privacy-desk',
      reason: 'GDPR Art. 17 request received by email',
    },
    on,
  };
}

const each = (seeded: SeededPerson): Array<[PlatformId, SeededPlatform]> =>
  Object.entries(seeded.on) as Array<[PlatformId, SeededPlatform]>;

/** Ends what is still going on for the person on every platform (the demo does it a day in). */
export async function endActive(seeded: SeededPerson): Promise<void> {
  for (const [, s] of each(seeded)) await s.endActive();
}

/** What each platform does on its own later, in the order of its day. */
export function laterEvents(seeded: SeededPerson): Array<{ day: number; run(): Promise<void> }> {
  return each(seeded)
    .flatMap(([, s]) => s.later)
    .sort((a, b) => a.day - b.day);
}

/** What still holds the person's data on each platform, and whether every bystander is intact. */
export async function leftBehind(
  seeded: SeededPerson,
): Promise<{ remaining: Partial<Record<PlatformId, number>>; bystandersIntact: boolean }> {
  const remaining: Partial<Record<PlatformId, number>> = {};
  let intact = true;
  for (const [platform, s] of each(seeded)) {
    const left = await s.leftBehind();
    remaining[platform] = left.remaining;
    intact &&= left.bystandersIntact;
  }
  return { remaining, bystandersIntact: intact };
}
