import { randomUUID as uuid } from 'node:crypto';
import type { ErasureRequest } from '../../domain/request';
import type { ChatbotAdminClient } from '../../simulator/chatbot/admin-client';
import type { GenesysAdminClient } from '../../simulator/genesys/admin-client';
import type { LivePersonAdminClient } from '../../simulator/liveperson/admin-client';
import type { LocalStack } from '../stack';
import { hash, tagNumbers } from './tag-numbers';

const DAY = 86_400_000;

/** The demo's data subject as seeded, and everything a check needs to know about them. */
export interface DemoSubject {
  readonly request: ErasureRequest;
  /** Personal values that must be gone from the platform at the end. */
  readonly personalValues: string[];
  readonly consumerId: string;
  readonly closedConversationIds: string[];
  readonly activeConversationId: string;
  readonly engagementId: string;
  /** Someone else's personal value that must survive the erasure. */
  readonly bystanderValue: string;
}

/**
 * Seeds the demo's subject: two emails, four closed conversations and one open one, one chat
 * engagement and a consumer profile. A bystander with their own conversation shows nothing else goes.
 * `tag` keeps ids unique when several subjects share one simulator.
 */
export async function seedDemoSubject(
  admin: LivePersonAdminClient,
  accountId: string,
  tag = 'demo',
): Promise<DemoSubject> {
  const now = await admin.now();
  const consumerId = `consumer-${tag}`;
  const workEmail = `ada.${tag}@example.com`;
  const homeEmail = `ada.${tag}@home.example.net`;
  const { phone, chatId } = tagNumbers(tag);
  const closedConversationIds = [1, 2, 3, 4].map((n) => `conv-${tag}-${n}`);
  const activeConversationId = `conv-${tag}-open`;
  const ago = (days: number): number => now - days * DAY;
  const message = (text: string) => ({ text, sentBy: 'Consumer' as const });

  await admin.seed({
    consumers: [
      { consumerId, firstName: 'Ada', lastName: `Lovelace-${tag}`, email: workEmail, phone },
      {
        consumerId: `bystander-${tag}`,
        firstName: 'Grace',
        lastName: 'Hopper',
        email: `grace.${tag}@example.org`,
      },
    ],
    conversations: [
      ...closedConversationIds.map((conversationId, i) => ({
        conversationId,
        consumerId,
        startTime: ago(20 + i * 70),
        endTime: ago(20 + i * 70) + 600_000,
        messages: [
          message(`Hello, this is Ada, reach me at ${i % 2 === 0 ? workEmail : homeEmail}`),
          { text: 'How can I help?', sentBy: 'Agent' as const },
        ],
        summary: `Ada asked about order ${i + 1}`,
        sdes: { email: i % 2 === 0 ? workEmail : homeEmail, customerId: `cust-${tag}`, name: 'Ada' },
      })),
      {
        conversationId: activeConversationId,
        consumerId,
        status: 'OPEN' as const,
        startTime: ago(0.01),
        messages: [message(`Still chatting, my phone is ${phone}`)],
        sdes: { email: homeEmail, phone },
      },
      {
        conversationId: `conv-${tag}-bystander`,
        consumerId: `bystander-${tag}`,
        startTime: ago(5),
        endTime: ago(5) + 600_000,
        messages: [message(`I am Grace, grace.${tag}@example.org`)],
        sdes: { email: `grace.${tag}@example.org` },
      },
    ],
    engagements: [
      {
        chatId,
        visitorName: 'Ada',
        startTime: ago(100),
        endTime: ago(100) + 900_000,
        lines: [{ text: `Hi, I'm Ada (${workEmail})`, source: 'visitor' }],
        sdes: { email: workEmail, name: 'Ada' },
      },
    ],
  });

  return {
    request: {
      requestId: `ticket-${tag}`,
      subjectKey: `cust-${tag}`,
      identifiers: [
        { kind: 'email', value: workEmail },
        { kind: 'email', value: homeEmail },
      ],
      requestedBy: 'privacy-desk',
      reason: 'GDPR Art. 17 request received by email',
    },
    personalValues: [workEmail, homeEmail, phone, `Lovelace-${tag}`, `cust-${tag}`],
    consumerId,
    closedConversationIds,
    activeConversationId,
    engagementId: `${accountId}${chatId}`,
    bystanderValue: `grace.${tag}@example.org`,
  };
}

/**
 * A subject with `size` records: `size − 2` closed conversations over the last ten months, a consumer
 * profile and a chat engagement, all found through one email. For long-history tests and benchmarks.
 */
export async function seedLargeSubject(
  admin: LivePersonAdminClient,
  size: number,
  tag = `large-${size}`,
): Promise<ErasureRequest> {
  const now = await admin.now();
  const email = `ada.${tag}@example.com`;
  const DAY_MS = 86_400_000;
  await admin.seed({
    consumers: [{ consumerId: `consumer-${tag}`, firstName: 'Ada', email }],
    conversations: Array.from({ length: size - 2 }, (_, i) => ({
      conversationId: `c-${tag}-${i}`,
      consumerId: `consumer-${tag}`,
      startTime: now - (1 + (i % 300)) * DAY_MS,
      endTime: now - (1 + (i % 300)) * DAY_MS + 60_000,
      messages: [{ text: `message ${i}` }],
      sdes: { email },
    })),
    engagements: [
      {
        chatId: String(1_000_000 + (hash(tag) % 1_000_000)),
        visitorName: 'Ada',
        startTime: now - 5 * DAY_MS,
        lines: [{ text: 'hi' }],
        sdes: { email },
      },
    ],
  });
  return {
    requestId: `ticket-${tag}`,
    subjectKey: `subject-${tag}`,
    identifiers: [{ kind: 'email', value: email }],
    requestedBy: 'tests',
  };
}

/** The demo's subject on every platform: one person, known to each by what that platform holds. */
export interface EverywhereSubject {
  readonly request: ErasureRequest;
  readonly liveperson: DemoSubject;
  readonly genesys?: {
    readonly personalValues: string[];
    readonly activeInteractionId: string;
    readonly heldRecordingId: string;
    readonly bystanderValues: string[];
  };
  readonly chatbot?: {
    readonly uciValue: string;
    readonly activeConversationId: string;
    readonly bystanderValue: string;
  };
}

export interface DemoPlatforms {
  readonly liveperson: LivePersonAdminClient;
  readonly accountId: string;
  readonly genesys?: GenesysAdminClient;
  readonly chatbot?: ChatbotAdminClient;
}

/**
 * Seeds the demo's person on every simulator given. LivePerson as `seedDemoSubject`. Genesys: an
 * external contact with the work email and the phone; a recorded call, an email from the home address
 * (on no contact), one from an old address linked to the contact, a call still going on, and a second
 * recorded call whose recording is under a legal hold; a bystander. Chatbot: the member id as the Unique
 * Chatter Identifier, three past conversations and one open; a bystander.
 */
export async function seedEverywhere(platforms: DemoPlatforms, tag = 'demo'): Promise<EverywhereSubject> {
  const lp = await seedDemoSubject(platforms.liveperson, platforms.accountId, tag);
  const [workEmail, homeEmail] = lp.request.identifiers.map((i) => i.value) as [string, string];
  const phone = lp.personalValues[2] as string;
  const memberId = `member-${tag}`;
  const identifiers: ErasureRequest['identifiers'] = [...lp.request.identifiers];
  let genesys: EverywhereSubject['genesys'];
  let chatbot: EverywhereSubject['chatbot'];

  if (platforms.genesys) {
    const now = await platforms.genesys.now();
    const ago = (days: number): number => now - days * DAY;
    const ids = Array.from({ length: 9 }, () => uuid());
    const [contactId, call, mail, old, live, held, recording, heldRecording, bystander] = ids as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const { bystanderPhone } = tagNumbers(tag);
    await platforms.genesys.seed({
      contacts: [
        {
          id: contactId,
          firstName: 'Ada',
          lastName: `Lovelace-${tag}`,
          emails: [workEmail],
          phones: [phone],
        },
        { id: bystander, firstName: 'Grace', lastName: 'Hopper', phones: [bystanderPhone] },
      ],
      conversations: [
        {
          id: call,
          mediaType: 'voice',
          start: ago(12),
          end: ago(12) + 600_000,
          customer: { name: 'Ada', phone },
          recordings: [{ id: recording }],
        },
        {
          id: mail,
          mediaType: 'email',
          start: ago(30),
          end: ago(30) + 60_000,
          customer: { name: 'Ada', email: homeEmail },
        },
        {
          id: old,
          mediaType: 'email',
          start: ago(200),
          end: ago(200) + 60_000,
          customer: { name: 'Ada L.', email: `ada.${tag}@old.example.org`, externalContactId: contactId },
        },
        { id: live, mediaType: 'voice', start: ago(0.01), customer: { name: 'Ada', phone } },
        {
          id: held,
          mediaType: 'voice',
          start: ago(60),
          end: ago(60) + 900_000,
          customer: { name: 'Ada', phone },
          recordings: [{ id: heldRecording, legalHold: true }],
        },
        {
          id: uuid(),
          mediaType: 'voice',
          start: ago(3),
          end: ago(3) + 300_000,
          customer: { name: 'Grace Hopper', phone: bystanderPhone },
        },
      ],
    });
    genesys = {
      personalValues: [workEmail, homeEmail, phone, `ada.${tag}@old.example.org`, `Lovelace-${tag}`],
      activeInteractionId: live,
      heldRecordingId: heldRecording,
      bystanderValues: [bystanderPhone],
    };
  }

  if (platforms.chatbot) {
    const now = await platforms.chatbot.now();
    const say = (text: string) => [{ from: 'user' as const, text }];
    await platforms.chatbot.seed({
      chatters: [
        {
          uci_value: memberId,
          conversations: [
            ...[1, 2, 3].map((n) => ({
              id: `bot-${tag}-${n}`,
              started_at: now - n * 9 * DAY,
              ended_at: now - n * 9 * DAY + 300_000,
              transcript: say(`Hi, I'm Ada, my email is ${workEmail}`),
              csat_score: 4,
              csat_comment: 'Helpful bot',
            })),
            {
              id: `bot-${tag}-open`,
              started_at: now - 60_000,
              ended_at: null,
              transcript: say('Are you still there?'),
            },
          ],
        },
        {
          uci_value: `grace-${tag}`,
          conversations: [{ id: `bot-${tag}-grace`, transcript: say('Grace here') }],
        },
      ],
    });
    identifiers.push({ kind: 'chatbotUci', value: memberId });
    chatbot = {
      uciValue: memberId,
      activeConversationId: `bot-${tag}-open`,
      bystanderValue: `grace-${tag}`,
    };
  }

  return {
    request: { ...lp.request, identifiers },
    liveperson: lp,
    ...(genesys ? { genesys } : {}),
    ...(chatbot ? { chatbot } : {}),
  };
}

/** Ends what is still going on for the subject on every platform (the demo does it a few days in). */
export async function endActive(platforms: DemoPlatforms, subject: EverywhereSubject): Promise<void> {
  await platforms.liveperson.closeConversation(subject.liveperson.activeConversationId);
  if (platforms.genesys && subject.genesys)
    await platforms.genesys.endConversation(subject.genesys.activeInteractionId);
  if (platforms.chatbot && subject.chatbot)
    await platforms.chatbot.endConversation(subject.chatbot.activeConversationId);
}

/** What still holds the subject's personal data on each platform, and whether each bystander is intact. */
export async function leftBehind(
  platforms: DemoPlatforms,
  subject: EverywhereSubject,
): Promise<{ remaining: Record<string, number>; bystandersIntact: boolean }> {
  const remaining: Record<string, number> = {
    liveperson: (await platforms.liveperson.remaining(subject.liveperson.personalValues)).length,
  };
  let intact = (await platforms.liveperson.remaining([subject.liveperson.bystanderValue])).length > 0;
  if (platforms.genesys && subject.genesys) {
    remaining.genesys = (await platforms.genesys.remaining(subject.genesys.personalValues)).length;
    intact &&= (await platforms.genesys.remaining(subject.genesys.bystanderValues)).length > 0;
  }
  if (platforms.chatbot && subject.chatbot) {
    remaining.chatbot = (await platforms.chatbot.remaining([subject.chatbot.uciValue])).length;
    intact &&= (await platforms.chatbot.remaining([subject.chatbot.bystanderValue])).length > 0;
  }
  return { remaining, bystandersIntact: intact };
}

/** The admin clients of every simulator a local stack runs, as the scenario functions take them. */
export function platformsOf(stack: LocalStack): DemoPlatforms {
  return {
    liveperson: stack.admin,
    accountId: stack.sim.context.options.accountId,
    ...(stack.genesys ? { genesys: stack.genesys.admin } : {}),
    ...(stack.chatbot ? { chatbot: stack.chatbot.admin } : {}),
  };
}

/**
 * A second identity of the subject that the request does not name: a profile under another email with
 * one old closed conversation. An erasure finds it only once that email is added to it.
 */
export async function seedHiddenIdentity(
  admin: LivePersonAdminClient,
  tag: string,
): Promise<{ email: string; consumerId: string; conversationId: string }> {
  const email = 'ada.other@example.org';
  const consumerId = `consumer-${tag}-2`;
  const conversationId = `conv-${tag}-hidden`;
  const now = await admin.now();
  await admin.seed({
    consumers: [{ consumerId, firstName: 'Ada', email }],
    conversations: [
      {
        conversationId,
        consumerId,
        startTime: now - 40 * DAY,
        endTime: now - 40 * DAY + 60_000,
        messages: [{ text: `write to ${email}` }],
        sdes: { email },
      },
    ],
  });
  return { email, consumerId, conversationId };
}
