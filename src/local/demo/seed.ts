import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENVIRONMENT } from '../../config';
import { ChatbotAdminClient } from '../../simulator/chatbot/admin-client';
import { GenesysAdminClient } from '../../simulator/genesys/admin-client';
import { LivePersonAdminClient } from '../../simulator/liveperson/admin-client';
import { type DemoPlatforms, endActive, seedEverywhere } from './scenario';

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
  const lpUrl = env[ENVIRONMENT.livepersonDomainApiUrl];
  const accountId = env[ENVIRONMENT.livepersonAccountId];
  if (!lpUrl || !accountId)
    throw new RangeError(
      `${ENVIRONMENT.livepersonDomainApiUrl} and ${ENVIRONMENT.livepersonAccountId} must point at the demo's LivePerson simulator: run \`set -a; . .lethe/demo/cli.env; set +a\` first`,
    );
  const genesysUrl = env[ENVIRONMENT.genesysApiUrl];
  const chatbotUrl = env[ENVIRONMENT.chatbotBaseUrl];
  const platforms: DemoPlatforms = {
    liveperson: new LivePersonAdminClient(lpUrl),
    accountId,
    ...(genesysUrl ? { genesys: new GenesysAdminClient(genesysUrl) } : {}),
    ...(chatbotUrl ? { chatbot: new ChatbotAdminClient(chatbotUrl) } : {}),
  };
  const subject = await seedEverywhere(platforms, tag);
  // Nothing left open or held: the erasure can finish without waiting for the demo's timers.
  await endActive(platforms, subject);
  if (platforms.genesys && subject.genesys)
    await platforms.genesys.releaseRecording(subject.genesys.heldRecordingId);
  const requestFile = join(dir, `person-${tag}.json`);
  mkdirSync(dirname(requestFile), { recursive: true });
  // Made-up personal data, but personal data in form: readable by this user only.
  writeFileSync(requestFile, `${JSON.stringify(subject.request, null, 2)}\n`, { mode: 0o600 });
  return {
    requestFile,
    platforms: [
      'liveperson',
      ...(platforms.genesys ? ['genesys'] : []),
      ...(platforms.chatbot ? ['chatbot'] : []),
    ],
  };
}
