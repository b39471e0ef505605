import { Agent, type Dispatcher } from 'undici';
import { Secret } from '../../src/config/secret';
import { ChatbotConnector, type ChatbotConnectorOptions } from '../../src/connectors/chatbot/connector';
import type { ResolvedIdentifier } from '../../src/domain/identifiers';
import { ChatbotAdminClient } from '../../src/simulator/chatbot/admin-client';
import type { SeedInput } from '../../src/simulator/chatbot/seed';
import {
  type ChatbotSimulator,
  type StartOptions,
  startChatbotSimulator,
} from '../../src/simulator/chatbot/server';
import type { FixtureFactory } from './conformance';
import { DAY, T0 } from './liveperson-fixtures';
import { retriesOn } from './retries';

export { DAY, T0 };

export interface PinnedChatbot {
  readonly sim: ChatbotSimulator;
  readonly admin: ChatbotAdminClient;
}

/** Starts a chatbot simulator whose clock stands still at `T0` unless the admin API moves it. */
export async function startPinnedChatbot(overrides: StartOptions = {}): Promise<PinnedChatbot> {
  const sim = await startChatbotSimulator({ realNow: () => T0, ...overrides });
  return { sim, admin: new ChatbotAdminClient(sim.url) };
}

/** The real connector pointed at `sim`, with the simulator's token and UCI key unless overridden. */
export function chatbotConnector(
  sim: ChatbotSimulator,
  dispatcher: Dispatcher,
  overrides: Partial<Omit<ChatbotConnectorOptions, 'apiToken'>> & { apiToken?: string } = {},
): ChatbotConnector {
  const { apiToken, ...rest } = overrides;
  return new ChatbotConnector({
    baseUrl: sim.url,
    uciKey: sim.context.options.uciKey,
    dispatcher,
    timeoutMs: 500,
    retry: retriesOn(sim.context.clock),
    ...rest,
    apiToken: new Secret(apiToken ?? sim.context.options.apiToken),
  });
}

export const uci = (value: string): ResolvedIdentifier => ({
  kind: 'chatbotUci',
  value,
  provenance: 'request',
});

/** A seeded chatter with three closed conversations and an open one, and a bystander with two. */
export interface ChatbotSubject {
  readonly uciValue: string;
  readonly closedIds: string[];
  readonly openId: string;
  readonly bystanderValue: string;
  readonly bystanderIds: string[];
}

/** The seed of `chatbotSubject`; times relative to `now`, ids suffixed with `tag`. */
export function chatbotSubjectSeed(now: number, tag = ''): { seed: SeedInput; subject: ChatbotSubject } {
  const uciValue = `member-4711${tag}`;
  const bystanderValue = `member-0815${tag}`;
  const closedIds = [1, 2, 3].map((n) => `conv-ada${tag}-${n}`);
  const openId = `conv-ada${tag}-open`;
  const bystanderIds = [1, 2].map((n) => `conv-grace${tag}-${n}`);
  const seed: SeedInput = {
    chatters: [
      {
        uci_value: uciValue,
        conversations: [
          ...closedIds.map((id, i) => ({
            id,
            started_at: now - (i + 1) * 7 * DAY,
            ended_at: now - (i + 1) * 7 * DAY + 600_000,
            channel: i === 0 ? 'whatsapp' : 'webchat',
            transcript: [
              { from: 'user' as const, text: `Hi, my member number is ${uciValue}` },
              { from: 'bot' as const, text: 'Thanks, how can I help?' },
            ],
            files: i === 0 ? [`uploads/${uciValue}/receipt.pdf`] : [],
            csat_score: 4,
            csat_comment: `Quick answer, thanks (${uciValue})`,
            conversation_score: 0.8,
            has_handover: i === 1,
            has_push: i === 2,
          })),
          {
            id: openId,
            started_at: now - 300_000,
            ended_at: null,
            transcript: [{ from: 'user' as const, text: 'Is anyone there?' }],
          },
        ],
      },
      {
        uci_value: bystanderValue,
        conversations: bystanderIds.map((id, i) => ({
          id,
          started_at: now - (i + 2) * DAY,
          transcript: [{ from: 'user' as const, text: `Grace here, ${bystanderValue}` }],
          csat_comment: 'Fine',
        })),
      },
    ],
  };
  return { seed, subject: { uciValue, closedIds, openId, bystanderValue, bystanderIds } };
}

/** Seeds `chatbotSubjectSeed` at the simulator's current time. */
export async function seedChatbotSubject(admin: ChatbotAdminClient, tag = ''): Promise<ChatbotSubject> {
  const { seed, subject } = chatbotSubjectSeed(await admin.now(), tag);
  await admin.seed(seed);
  return subject;
}

/** The chatbot connector and its simulator for the shared conformance suite. */
export const chatbotFixture: FixtureFactory = async () => {
  const p = await startPinnedChatbot();
  const dispatcher = new Agent();
  const subject = await seedChatbotSubject(p.admin);
  const known = [uci(subject.uciValue)];
  return {
    platform: 'chatbot',
    connector: chatbotConnector(p.sim, dispatcher),
    known,
    // No identity search: the subject is known by the UCI value alone.
    resolvesTo: [`chatbotUci:${subject.uciValue}`],
    closed: subject.closedIds.map((id) => ({ kind: 'conversation' as const, id })),
    open: { kind: 'conversation', id: subject.openId },
    bystander: [uci(subject.bystanderValue)],
    now: () => p.admin.now(),
    closeOpen: async () => {
      await p.admin.endConversation(subject.openId);
    },
    completeDeletions: async () => {
      await p.admin.advance(p.sim.context.options.deletionDelayMs + 1);
    },
    bystanderIntact: async () => {
      const records = await p.admin.remaining([subject.bystanderValue]);
      return subject.bystanderIds.every((id) =>
        records.some(
          (r) => r.id === id && r.fields.includes('uci_value') && r.fields.includes('transcript[0]'),
        ),
      );
    },
    injectFaults: async (faults) => {
      await p.admin.faults(faults);
    },
    badCredentials: () => chatbotConnector(p.sim, dispatcher, { apiToken: 'not-the-token' }),
    journal: () => p.admin.journal(),
    close: async () => {
      await dispatcher.close();
      await p.sim.close();
    },
  };
};
