import { Agent, type Dispatcher } from 'undici';
import { Secret } from '../../src/config/secret';
import { ZendeskConnector, type ZendeskConnectorOptions } from '../../src/connectors/zendesk/connector';
import { ZendeskAdminClient } from '../../src/simulator/zendesk/admin-client';
import {
  startZendeskSimulator,
  type ZendeskSimulator,
  type ZendeskStartOptions,
} from '../../src/simulator/zendesk/server';
import type { ConformanceFixture, FixtureFactory } from './conformance';
import { given } from './identifiers';
import { T0 } from './liveperson-fixtures';
import { retriesOn } from './retries';

export interface PinnedZendesk {
  readonly sim: ZendeskSimulator;
  readonly admin: ZendeskAdminClient;
}

/** Starts a Zendesk simulator whose clock stands still at `T0` unless the admin API moves it. */
export async function startPinnedZendesk(overrides: ZendeskStartOptions = {}): Promise<PinnedZendesk> {
  const sim = await startZendeskSimulator({ realNow: () => T0, ...overrides });
  return { sim, admin: new ZendeskAdminClient(sim.url) };
}

/** The real connector pointed at `sim` (Support and messaging), with its credentials unless overridden. */
export function zendeskConnector(
  sim: ZendeskSimulator,
  dispatcher: Dispatcher,
  overrides: Partial<Omit<ZendeskConnectorOptions, 'apiToken'>> & { apiToken?: string } = {},
): ZendeskConnector {
  const o = sim.context.options;
  const { apiToken, ...rest } = overrides;
  return new ZendeskConnector({
    baseUrl: sim.url,
    email: o.agentEmail,
    messaging: {
      url: sim.url,
      appId: o.messagingAppId,
      keyId: o.messagingKeyId,
      keySecret: new Secret(o.messagingKeySecret),
    },
    dispatcher,
    timeoutMs: 500,
    now: () => sim.context.clock.now(),
    retry: retriesOn(sim.context.clock),
    ratePerMinute: o.ratePerMinute,
    ...rest,
    apiToken: new Secret(apiToken ?? o.apiToken),
  });
}

/**
 * A person on Zendesk: an end user (email, phone, external id) who requested a closed and a solved
 * ticket and is CC'd on a bystander's open ticket, where she wrote a comment with a file; a messaging
 * user under her external id. Beside her: the bystander, an agent, and a user whose notes mention her
 * phone (a search hit that is not her).
 */
export function zendeskSubject(tag: string) {
  const n = Number.parseInt(tag, 36) % 1000;
  const id = (k: number): number => 10_000 + n * 100 + k;
  const s = {
    userId: id(1),
    email: `ada.${tag}@example.com`,
    phone: `+1555${String(1_000_000 + n).slice(1)}1`,
    externalId: `cust-${tag}`,
    messagingId: `sc-ada-${tag}`,
    requested: [id(11), id(12)],
    /** Her comments on the tickets she requested, in order. */
    requestedComments: [id(21), id(23)],
    bystanderTicket: id(13),
    ccComment: id(31),
    bystander: {
      userId: id(2),
      email: `grace.${tag}@example.com`,
      phone: `+1555${String(1_000_000 + n).slice(1)}2`,
      externalId: `cust-grace-${tag}`,
      messagingId: `sc-grace-${tag}`,
    },
    agentId: id(3),
    notesUserId: id(4),
  };
  const agentReply = (cid: number) => ({ id: cid, author_id: s.agentId, body: 'Thanks, we are on it.' });
  const seed = {
    users: [
      {
        id: s.userId,
        name: `Ada Lovelace-${tag}`,
        email: s.email,
        phone: s.phone,
        external_id: s.externalId,
      },
      {
        id: s.bystander.userId,
        name: `Grace Hopper-${tag}`,
        email: s.bystander.email,
        phone: s.bystander.phone,
        external_id: s.bystander.externalId,
      },
      { id: s.agentId, name: 'Sam Agent', email: `sam.${tag}@support.example.com`, role: 'agent' as const },
      {
        id: s.notesUserId,
        name: 'Ada’s colleague',
        email: `colleague.${tag}@example.com`,
        notes: `works with ${s.phone}`,
      },
    ],
    tickets: [
      {
        id: s.requested[0] as number,
        subject: 'Billing question',
        status: 'closed' as const,
        requester_id: s.userId,
        comments: [{ id: id(21), author_id: s.userId, body: `My number is ${s.phone}` }, agentReply(id(22))],
      },
      {
        id: s.requested[1] as number,
        subject: 'Delivery address',
        status: 'solved' as const,
        requester_id: s.userId,
        comments: [
          { id: id(23), author_id: s.userId, body: 'Please send it to my home' },
          agentReply(id(24)),
        ],
      },
      {
        id: s.bystanderTicket,
        subject: 'Team offsite',
        status: 'open' as const,
        requester_id: s.bystander.userId,
        collaborator_ids: [s.userId],
        comments: [
          { id: id(30), author_id: s.bystander.userId, body: `Grace here, reach me at ${s.bystander.email}` },
          {
            id: s.ccComment,
            author_id: s.userId,
            body: `Ada here, my email is ${s.email}`,
            attachments: [{ id: id(40), file_name: `ada-${tag}-passport.pdf` }],
          },
          agentReply(id(32)),
        ],
      },
    ],
    messaging: {
      users: [
        {
          id: s.messagingId,
          externalId: s.externalId,
          givenName: 'Ada',
          email: s.email,
          conversations: [{ id: `conv-${tag}` }],
        },
        { id: s.bystander.messagingId, externalId: s.bystander.externalId, givenName: 'Grace' },
      ],
    },
  };
  return { seed, subject: s };
}

/** The Zendesk connector and its simulator for the shared conformance suite. */
export const zendeskFixture: FixtureFactory = async (): Promise<ConformanceFixture> => {
  const p = await startPinnedZendesk();
  const dispatcher = new Agent();
  const { seed, subject: s } = zendeskSubject('conf');
  await p.admin.seed(seed);
  const bystanderValues = [s.bystander.email, s.bystander.phone, s.bystander.externalId];
  const bystanderRecords = (await p.admin.remaining(bystanderValues)).length;
  const o = p.sim.context.options;
  return {
    platform: 'zendesk',
    connector: zendeskConnector(p.sim, dispatcher),
    known: [given('email', s.email)],
    resolvesTo: [
      `email:${s.email}`,
      `phone:${s.phone}`,
      `customerId:${s.externalId}`,
      `zendeskUserId:${s.userId}`,
      `zendeskMessagingUserId:${s.messagingId}`,
    ],
    closed: [
      ...s.requested.map((id) => ({ kind: 'ticket' as const, id: String(id) })),
      { kind: 'messagingUser', id: s.messagingId },
      { kind: 'endUser', id: String(s.userId) },
    ],
    // Her comment on the bystander's ticket: redacted once the ticket is no longer worked on.
    open: { kind: 'ticketComment', id: `${s.bystanderTicket}/${s.ccComment}` },
    bystander: [given('email', s.bystander.email), given('customerId', s.bystander.externalId)],
    now: () => p.admin.now(),
    closeOpen: async () => {
      await p.admin.setTicketStatus(s.bystanderTicket, 'solved');
    },
    completeDeletions: async () => {
      await p.admin.advance(o.jobQueuedMs + o.jobWorkingMs + o.messagingDeletionMs + 1);
    },
    bystanderIntact: async () => (await p.admin.remaining(bystanderValues)).length === bystanderRecords,
    injectFaults: (faults) => p.admin.faults({ ...faults }).then(() => undefined),
    badCredentials: () => zendeskConnector(p.sim, dispatcher, { apiToken: 'not-the-token' }),
    journal: () => p.admin.journal(),
    close: async () => {
      await dispatcher.close();
      await p.sim.close();
    },
  };
};
