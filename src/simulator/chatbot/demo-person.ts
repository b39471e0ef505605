import type { DemoSeeder } from '../kit/demo-person';
import type { ChatbotAdminClient } from './admin-client';

const DAY = 86_400_000;

/** What the demo's person left on the chatbot, for the tests that look closer. */
export interface ChatbotDemoDetails {
  readonly uciValue: string;
  readonly activeConversationId: string;
  readonly bystanderValue: string;
}

/**
 * The demo's person on the chatbot: their member id as the Unique Chatter Identifier, three past
 * conversations and one open; a bystander.
 */
export const demoSeeder: DemoSeeder<ChatbotAdminClient> = {
  async seed(admin, person) {
    const { tag, memberId, workEmail } = person;
    const now = await admin.now();
    const say = (text: string) => [{ from: 'user' as const, text }];
    await admin.seed({
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
    const details: ChatbotDemoDetails = {
      uciValue: memberId,
      activeConversationId: `bot-${tag}-open`,
      bystanderValue: `grace-${tag}`,
    };
    return {
      identifiers: [{ kind: 'chatbotUci', value: memberId }],
      personalValues: [memberId],
      described: ['a member id as Unique Chatter Identifier, 3 past', 'conversations and 1 open'],
      exportedConversations: [],
      details,
      async endActive() {
        await admin.endConversation(details.activeConversationId);
      },
      later: [],
      async leftBehind() {
        return {
          remaining: (await admin.remaining([memberId])).length,
          bystandersIntact: (await admin.remaining([details.bystanderValue])).length > 0,
        };
      },
    };
  },
};
