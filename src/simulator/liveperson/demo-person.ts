import type { ErasureRequest } from '../../domain/request';
import type { DemoSeeder } from '../kit/demo-person';
import { hash, tagNumbers } from '../kit/tag-numbers';
import type { LivePersonAdminClient } from './admin-client';

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

/** The demo's person on LivePerson (as `seedDemoSubject`), for the local stack's demo. */
export const demoSeeder: DemoSeeder<LivePersonAdminClient> = {
  async seed(admin, person, settings) {
    const subject = await seedDemoSubject(admin, String(settings.accountId), person.tag);
    return {
      identifiers: [],
      personalValues: subject.personalValues,
      described: ['2 emails, 4 closed conversations and 1 open, 1 chat', 'engagement, a consumer profile'],
      exportedConversations: subject.closedConversationIds,
      details: subject,
      async endActive() {
        await admin.closeConversation(subject.activeConversationId);
      },
      later: [],
      async leftBehind() {
        return {
          remaining: (await admin.remaining(subject.personalValues)).length,
          bystandersIntact: (await admin.remaining([subject.bystanderValue])).length > 0,
        };
      },
    };
  },
};
