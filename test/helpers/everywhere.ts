import {
  type DemoTargets,
  endActive as endActiveOf,
  leftBehind as leftBehindOf,
  type SeededPerson,
  seedPerson,
} from '../../src/local/demo/scenario';
import type { LocalStack } from '../../src/local/stack';
import type { ChatbotAdminClient } from '../../src/simulator/chatbot/admin-client';
import type { ChatbotDemoDetails } from '../../src/simulator/chatbot/demo-person';
import type { GenesysAdminClient } from '../../src/simulator/genesys/admin-client';
import type { GenesysDemoDetails } from '../../src/simulator/genesys/demo-person';
import type { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import type { DemoSubject } from '../../src/simulator/liveperson/demo-person';
import type { ZendeskAdminClient } from '../../src/simulator/zendesk/admin-client';
import type { ZendeskDemoDetails } from '../../src/simulator/zendesk/demo-person';
import { platformViews } from './stack-views';

// The demo's person, seeded by each platform's own seeder (src/local/demo/scenario.ts), as the tests,
// benchmarks and tools read it: by platform name, with each platform's own ids typed.

/** The admin clients of the simulators the person is seeded on (LivePerson always). */
export interface DemoPlatforms {
  readonly liveperson: LivePersonAdminClient;
  readonly accountId: string;
  readonly genesys?: GenesysAdminClient;
  readonly chatbot?: ChatbotAdminClient;
  readonly zendesk?: ZendeskAdminClient;
}

/** The demo's person on every platform given, each platform's part typed. */
export interface EverywhereSubject {
  readonly request: SeededPerson['request'];
  readonly liveperson: DemoSubject;
  readonly genesys?: GenesysDemoDetails;
  readonly chatbot?: ChatbotDemoDetails;
  readonly zendesk?: ZendeskDemoDetails;
  /** As the product's demo holds it. */
  readonly seeded: SeededPerson;
}

/** The admin clients of every simulator a local stack runs. */
export function platformsOf(stack: LocalStack): DemoPlatforms {
  const views = platformViews(stack);
  return {
    liveperson: views.admin,
    accountId: views.sim.context.options.accountId,
    ...(views.genesys ? { genesys: views.genesys.admin } : {}),
    ...(views.chatbot ? { chatbot: views.chatbot.admin } : {}),
    ...(views.zendesk ? { zendesk: views.zendesk.admin } : {}),
  };
}

const targetsOf = (p: DemoPlatforms): DemoTargets => ({
  liveperson: { admin: p.liveperson, settings: { accountId: p.accountId } },
  ...(p.genesys ? { genesys: { admin: p.genesys, settings: {} } } : {}),
  ...(p.chatbot ? { chatbot: { admin: p.chatbot, settings: {} } } : {}),
  ...(p.zendesk ? { zendesk: { admin: p.zendesk, settings: {} } } : {}),
});

/** Seeds the demo's person on every platform given (the product's seeding, platform by platform). */
export async function seedEverywhere(platforms: DemoPlatforms, tag = 'demo'): Promise<EverywhereSubject> {
  const seeded = await seedPerson(targetsOf(platforms), tag);
  return {
    request: seeded.request,
    liveperson: seeded.on.liveperson?.details as DemoSubject,
    ...(seeded.on.genesys ? { genesys: seeded.on.genesys.details as GenesysDemoDetails } : {}),
    ...(seeded.on.chatbot ? { chatbot: seeded.on.chatbot.details as ChatbotDemoDetails } : {}),
    ...(seeded.on.zendesk ? { zendesk: seeded.on.zendesk.details as ZendeskDemoDetails } : {}),
    seeded,
  };
}

/** Ends what is still going on for the person on every platform. */
export const endActive = (_platforms: DemoPlatforms, subject: EverywhereSubject): Promise<void> =>
  endActiveOf(subject.seeded);

/** What still holds the person's data on each platform, and whether every bystander is intact. */
export const leftBehind = (_platforms: DemoPlatforms, subject: EverywhereSubject) =>
  leftBehindOf(subject.seeded);
