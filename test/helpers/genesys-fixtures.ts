import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { Secret } from '../../src/config/secret';
import {
  GenesysConnector,
  type GenesysConnectorOptions,
  recordingRef,
} from '../../src/connectors/genesys/connector';
import { GenesysAdminClient } from '../../src/simulator/genesys/admin-client';
import type { GenesysSeed } from '../../src/simulator/genesys/seed';
import {
  type GenesysSimulator,
  type GenesysStartOptions,
  startGenesysSimulator,
} from '../../src/simulator/genesys/server';
import type { ConformanceFixture, FixtureFactory } from './conformance';
import { given } from './identifiers';
import { DAY, T0 } from './liveperson-fixtures';
import { retriesOn } from './retries';

export interface PinnedGenesys {
  readonly sim: GenesysSimulator;
  readonly admin: GenesysAdminClient;
  readonly dispatcher: Agent;
  connector(overrides?: Partial<GenesysConnectorOptions> & { clientSecret?: string }): GenesysConnector;
  close(): Promise<void>;
}

/** A Genesys simulator pinned at T0 and a factory of connectors to it over real HTTP. */
export async function startPinnedGenesys(options: GenesysStartOptions = {}): Promise<PinnedGenesys> {
  const sim = await startGenesysSimulator({ realNow: () => T0, ...options });
  const dispatcher = new Agent();
  return {
    sim,
    admin: new GenesysAdminClient(sim.url),
    dispatcher,
    connector: ({ clientSecret, ...overrides } = {}) =>
      new GenesysConnector({
        auth: {
          apiUrl: sim.url,
          loginUrl: sim.url,
          clientId: sim.context.options.clientId,
          clientSecret: new Secret(clientSecret ?? sim.context.options.clientSecret),
        },
        dispatcher,
        timeoutMs: 2_000,
        now: () => sim.context.clock.now(),
        retry: retriesOn(sim.context.clock),
        ...overrides,
      }),
    async close() {
      await dispatcher.close();
      await sim.close();
    },
  };
}

/**
 * A person known to the org by three emails (two on their external contact, one only on an
 * interaction linked to the contact) and a phone: four ended interactions (one recorded), one still
 * going on, a second recording under legal hold; and a bystander with a contact and an interaction.
 */
export interface GenesysSubject {
  readonly email: string;
  readonly workEmail: string;
  readonly otherEmail: string;
  readonly phone: string;
  readonly name: string;
  readonly contactId: string;
  readonly closedConversations: string[];
  readonly openConversation: string;
  readonly recording: { conversationId: string; id: string };
  readonly heldRecording: { conversationId: string; id: string };
  readonly personalValues: string[];
  readonly bystander: {
    email: string;
    phone: string;
    contactId: string;
    conversation: string;
    values: string[];
  };
}

export function genesysSubjectSeed(now: number, tag: string): { seed: GenesysSeed; subject: GenesysSubject } {
  const email = `ann.${tag}@example.com`;
  const workEmail = `a.example.${tag}@work.example.org`;
  const otherEmail = `annie.${tag}@example.net`;
  const phone = '+447700900456';
  const name = `Ann Example-${tag}`;
  const contactId = randomUUID();
  const [voice, mail, work, other, open, held] = [1, 2, 3, 4, 5, 6].map(() => randomUUID()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const recording = { conversationId: voice, id: randomUUID() };
  const heldRecording = { conversationId: held, id: randomUUID() };
  const ago = (days: number): number => now - days * DAY;
  const ended = (days: number) => ({ start: ago(days), end: ago(days) + 600_000 });
  const bystander = {
    email: `bob.${tag}@example.com`,
    phone: '+447700900999',
    contactId: randomUUID(),
    conversation: randomUUID(),
  };
  const seed: GenesysSeed = {
    contacts: [
      {
        id: contactId,
        firstName: 'Ann',
        lastName: `Example-${tag}`,
        emails: [email, workEmail],
        phones: [phone],
        addresses: ['1 High Street, Exampleton'],
      },
      {
        id: bystander.contactId,
        firstName: 'Bob',
        lastName: 'Bystander',
        emails: [bystander.email],
        phones: [bystander.phone],
      },
    ],
    conversations: [
      {
        id: voice,
        mediaType: 'voice',
        ...ended(3),
        customer: { name, phone },
        recordings: [{ id: recording.id }],
      },
      { id: mail, mediaType: 'email', ...ended(10), customer: { name, email } },
      { id: work, mediaType: 'email', ...ended(40), customer: { name, email: workEmail } },
      // The third email is on no contact: only the contact link on the interaction leads to it.
      {
        id: other,
        mediaType: 'email',
        ...ended(80),
        customer: { name: 'Annie', email: otherEmail, externalContactId: contactId },
      },
      { id: open, mediaType: 'message', start: ago(0.1), customer: { name, phone } },
      {
        id: held,
        mediaType: 'voice',
        ...ended(20),
        customer: { name, phone },
        recordings: [{ id: heldRecording.id, legalHold: true }],
      },
      {
        id: bystander.conversation,
        mediaType: 'voice',
        ...ended(5),
        customer: { name: 'Bob Bystander', phone: bystander.phone },
      },
    ],
  };
  return {
    seed,
    subject: {
      email,
      workEmail,
      otherEmail,
      phone,
      name,
      contactId,
      closedConversations: [voice, mail, work, other, held],
      openConversation: open,
      recording,
      heldRecording,
      personalValues: [email, workEmail, otherEmail, phone, name],
      bystander: { ...bystander, values: [bystander.email, bystander.phone, 'Bob Bystander'] },
    },
  };
}

export async function seedGenesysSubject(p: PinnedGenesys, tag: string): Promise<GenesysSubject> {
  const { seed, subject } = genesysSubjectSeed(await p.admin.now(), tag);
  await p.admin.seed(seed);
  return subject;
}

/** The Genesys connector and simulator for the shared conformance suite (the held recording released). */
export const genesysFixture: FixtureFactory = async (): Promise<ConformanceFixture> => {
  const p = await startPinnedGenesys();
  const s = await seedGenesysSubject(p, 'conf');
  await p.admin.releaseRecording(s.heldRecording.id);
  const bystanderRecords = (await p.admin.remaining(s.bystander.values)).length;
  return {
    platform: 'genesys',
    connector: p.connector(),
    known: [given('email', s.email)],
    resolvesTo: [
      `email:${s.email}`,
      `email:${s.workEmail}`,
      `phone:${s.phone}`,
      `genesysExternalContactId:${s.contactId}`,
    ],
    closed: [
      ...s.closedConversations.map((id) => ({ kind: 'conversation' as const, id })),
      { kind: 'recording', id: recordingRef(s.recording.conversationId, s.recording.id) },
      { kind: 'recording', id: recordingRef(s.heldRecording.conversationId, s.heldRecording.id) },
      { kind: 'externalContact', id: s.contactId },
    ],
    open: { kind: 'conversation', id: s.openConversation },
    bystander: [given('email', s.bystander.email), given('phone', s.bystander.phone)],
    now: () => p.admin.now(),
    closeOpen: async () => {
      await p.admin.endConversation(s.openConversation);
    },
    completeDeletions: async () => {
      await p.admin.advance(2 * DAY);
    },
    bystanderIntact: async () => (await p.admin.remaining(s.bystander.values)).length === bystanderRecords,
    injectFaults: (faults) => p.admin.faults({ ...faults }).then(() => undefined),
    badCredentials: () => p.connector({ clientSecret: 'not-the-secret' }),
    journal: () => p.admin.journal(),
    close: () => p.close(),
  };
};
