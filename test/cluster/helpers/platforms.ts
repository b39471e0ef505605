import { compressedClock, type PlatformClock } from '../../../src/domain/platform-clock';
import { DAY_MS } from '../../../src/domain/timing';
import { ChatbotAdminClient } from '../../../src/simulator/chatbot/admin-client';
import { type ChatbotSimulator, startChatbotSimulator } from '../../../src/simulator/chatbot/server';
import { GenesysAdminClient } from '../../../src/simulator/genesys/admin-client';
import { type GenesysSimulator, startGenesysSimulator } from '../../../src/simulator/genesys/server';
import { LivePersonAdminClient } from '../../../src/simulator/liveperson/admin-client';
import { type LivePersonSimulator, startLivePersonSimulator } from '../../../src/simulator/liveperson/server';
import type { DemoPlatforms } from '../../helpers/everywhere';

/** The three platform simulators, in this test process, on one compressed platform clock. */
export interface Platforms {
  readonly clock: PlatformClock;
  readonly liveperson: LivePersonSimulator;
  readonly genesys: GenesysSimulator;
  readonly chatbot: ChatbotSimulator;
  /** Their admin clients, as the demo scenario (seeding, ending, what is left) takes them. */
  readonly admins: Required<Omit<DemoPlatforms, 'zendesk'>>;
  /**
   * The worker environment that points at them (LETHE_LIVEPERSON_*, LETHE_GENESYS_*, LETHE_CHATBOT_*),
   * LivePerson through `livepersonUrl` (a worker's own proxy).
   */
  workerEnvironment(livepersonUrl: string): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts the simulators on the clock a deployment configures with LETHE_TIME_PROFILE=compressed,
 * LETHE_DAY_MS and LETHE_PLATFORM_CLOCK_EPOCH, so workers and platforms agree on the date. `accountId`
 * keeps each file's LivePerson account (and so its quota governor) its own.
 */
export async function startPlatforms(accountId: string, dayMs: number): Promise<Platforms> {
  const clock = compressedClock(Date.now(), dayMs);
  const simClock = { clockRate: clock.rate, clockEpochMs: clock.epochMs };
  // On a fast clock an hour-long token would expire between two calls: give it a year.
  const tokenTtlMs = 365 * DAY_MS;
  const liveperson = await startLivePersonSimulator({ ...simClock, tokenTtlMs, accountId });
  const genesys = await startGenesysSimulator({ ...simClock, tokenTtlMs });
  const chatbot = await startChatbotSimulator(simClock);
  const lp = liveperson.context.options;
  const g = genesys.context.options;
  const c = chatbot.context.options;
  return {
    clock,
    liveperson,
    genesys,
    chatbot,
    admins: {
      liveperson: new LivePersonAdminClient(liveperson.url),
      accountId,
      genesys: new GenesysAdminClient(genesys.url),
      chatbot: new ChatbotAdminClient(chatbot.url),
    },
    workerEnvironment: (livepersonUrl) => ({
      LETHE_LIVEPERSON_ACCOUNT_ID: lp.accountId,
      LETHE_LIVEPERSON_DOMAIN_API_URL: livepersonUrl,
      LETHE_LIVEPERSON_CLIENT_ID: lp.clientId,
      LETHE_LIVEPERSON_CLIENT_SECRET: lp.clientSecret,
      LETHE_GENESYS_API_URL: genesys.url,
      LETHE_GENESYS_LOGIN_URL: genesys.url,
      LETHE_GENESYS_CLIENT_ID: g.clientId,
      LETHE_GENESYS_CLIENT_SECRET: g.clientSecret,
      LETHE_CHATBOT_BASE_URL: chatbot.url,
      LETHE_CHATBOT_API_TOKEN: c.apiToken,
      LETHE_CHATBOT_UCI_KEY: c.uciKey,
    }),
    async close() {
      await Promise.all([liveperson.close(), genesys.close(), chatbot.close()]);
    },
  };
}
