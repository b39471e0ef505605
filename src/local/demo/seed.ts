import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { platformRegistry } from '../../domain/platforms';
import { localPlatform } from '../stack';
import { type DemoTargets, endActive, laterEvents, seedPerson } from './scenario';

/** What `lethe demo-seed` did: where the request is, and on which simulators the person lives. */
export interface SeededPerson {
  readonly requestFile: string;
  readonly platforms: string[];
}

const TAG = /^[a-z0-9][a-z0-9-]{0,31}$/;

/**
 * Seeds a new (made-up) person into the simulators of a kept demo stack, as the demo's person, with
 * their conversations closed and nothing held: a `lethe erase --file` of the request it writes finds
 * real records and can finish. The simulators are found by the same settings the CLI uses (the demo's
 * `cli.env`); only Lethe's simulators answer the admin calls it makes.
 */
export async function seedDemoPerson(
  env: NodeJS.ProcessEnv,
  tag: string,
  dir = join(process.cwd(), '.lethe', 'demo'),
): Promise<SeededPerson> {
  if (!TAG.test(tag)) throw new RangeError('--tag must be 1 to 32 lower-case letters, digits or dashes');
  // Each platform's simulator, found by the settings the CLI reads (its variables in cli.env).
  const targets: DemoTargets = {};
  for (const p of platformRegistry) {
    const variables = p.settings.variables as Readonly<Record<string, string>>;
    const settings = Object.fromEntries(Object.entries(variables).map(([field, name]) => [field, env[name]]));
    const admin = (await localPlatform(p.id)).adminAt(settings);
    if (admin) targets[p.id] = { admin, settings };
  }
  if (Object.keys(targets).length === 0)
    throw new RangeError(
      "no platform's settings point at a simulator of the demo: run `set -a; . .lethe/demo/cli.env; set +a` first",
    );
  // Made-up people go into Lethe's simulators only: each must answer on its admin API (a read, with
  // nothing personal in it) before anything is seeded anywhere. A real platform's URL is refused here.
  for (const [platform, target] of Object.entries(targets)) {
    const now = await target.admin.now().catch(() => undefined);
    if (typeof now !== 'number')
      throw new RangeError(
        `the ${platform} settings point at something that is not a Lethe simulator (it has no admin API): demo-seed seeds the demo's simulators only`,
      );
  }
  const subject = await seedPerson(targets, tag);
  // Nothing left open or held: the erasure can finish without waiting for the demo's timers.
  await endActive(subject);
  for (const event of laterEvents(subject)) await event.run();
  const requestFile = join(dir, `person-${tag}.json`);
  mkdirSync(dirname(requestFile), { recursive: true });
  // Made-up personal data, but personal data in form: readable by this user only.
  writeFileSync(requestFile, `${JSON.stringify(subject.request, null, 2)}\n`, { mode: 0o600 });
  return {
    requestFile,
    platforms: Object.keys(subject.on),
  };
}
