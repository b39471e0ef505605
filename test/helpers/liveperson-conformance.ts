import { Agent } from 'undici';
import { Secret } from '../../src/config/secret';
import { LivePersonConnector } from '../../src/connectors/liveperson/connector';
import type { ConformanceFixture, FixtureFactory } from './conformance';
import { given } from './identifiers';
import { DAY, seedSubject, startPinnedSimulator } from './liveperson-fixtures';
import { retriesOn } from './retries';

/** The LivePerson connector and simulator for the shared conformance suite. */
export const livepersonFixture: FixtureFactory = async (): Promise<ConformanceFixture> => {
  const p = await startPinnedSimulator();
  const dispatcher = new Agent();
  const s = await seedSubject(p, 'conf');
  const o = p.sim.context.options;
  const connector = (secret = o.clientSecret): LivePersonConnector =>
    new LivePersonConnector({
      auth: {
        accountId: o.accountId,
        domainApiUrl: p.sim.url,
        clientId: o.clientId,
        clientSecret: new Secret(secret),
      },
      dispatcher,
      timeoutMs: 2_000,
      now: () => p.sim.context.clock.now(),
      retry: retriesOn(p.sim.context.clock),
    });
  const bystanderValues = [s.bystander.email];
  const bystanderRecords = (await p.admin.remaining(bystanderValues)).length;
  return {
    platform: 'liveperson',
    connector: connector(),
    known: [given('email', s.email)],
    resolvesTo: [
      `email:${s.email}`,
      `livepersonConsumerId:${s.consumerId}`,
      `livepersonEngagementId:${s.engagementId}`,
    ],
    closed: [
      ...[...s.closedConversationIds, s.unattributedConversationId].map((id) => ({
        kind: 'conversation' as const,
        id,
      })),
      { kind: 'engagement', id: s.engagementId },
      { kind: 'consumer', id: s.consumerId },
    ],
    open: { kind: 'conversation', id: s.openConversationId },
    bystander: [given('email', s.bystander.email)],
    now: () => p.admin.now(),
    closeOpen: async () => {
      await p.admin.closeConversation(s.openConversationId);
    },
    completeDeletions: async () => {
      await p.admin.advance(26 * DAY);
    },
    bystanderIntact: async () => (await p.admin.remaining(bystanderValues)).length === bystanderRecords,
    injectFaults: (faults) => p.admin.faults({ ...faults }).then(() => undefined),
    badCredentials: () => connector('not-the-secret'),
    journal: () => p.admin.journal(),
    close: async () => {
      await dispatcher.close();
      await p.sim.close();
    },
  };
};
