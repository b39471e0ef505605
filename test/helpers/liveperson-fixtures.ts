import type { z } from 'zod';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import type { SeedSchema } from '../../src/simulator/liveperson/seed';
import {
  type LivePersonSimulator,
  type StartOptions,
  startLivePersonSimulator,
} from '../../src/simulator/liveperson/server';

export const DAY = 86_400_000;

/**
 * The real-time source the test simulators are pinned to: the 10th of a month, noon UTC. The virtual
 * clock then moves only through the admin API, so every age and month boundary is known exactly.
 */
export const T0 = Date.UTC(2025, 5, 10, 12, 0, 0);

export type SeedInput = z.input<typeof SeedSchema>;

export interface PinnedSimulator {
  readonly sim: LivePersonSimulator;
  readonly admin: LivePersonAdminClient;
  readonly accountId: string;
}

/** Starts a simulator whose clock stands still at `T0` unless the admin API moves it. */
export async function startPinnedSimulator(overrides: StartOptions = {}): Promise<PinnedSimulator> {
  const sim = await startLivePersonSimulator({ realNow: () => T0, ...overrides });
  return { sim, admin: new LivePersonAdminClient(sim.url), accountId: sim.context.options.accountId };
}

/** One HTTP answer, with the body as text and (when it parses) as JSON. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  readonly json: any;
}

export interface CallOptions {
  readonly json?: unknown;
  readonly form?: Record<string, string>;
  /** `undefined`: fetch a fresh token first; `null`: send no Authorization header; a string: use it. */
  readonly bearer?: string | null;
  readonly signal?: AbortSignal;
  readonly headers?: Record<string, string>;
}

/** A plain-fetch client of the simulated LivePerson contract (no connector code involved). */
export class ContractClient {
  constructor(
    readonly url: string,
    readonly accountId: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  static of(sim: LivePersonSimulator): ContractClient {
    const o = sim.context.options;
    return new ContractClient(sim.url, o.accountId, o.clientId, o.clientSecret);
  }

  tokenCall(form: Record<string, string>, accountId = this.accountId): Promise<Answer> {
    return this.raw('POST', `/sentinel/api/v2/account/${accountId}/app/token`, { form, bearer: null });
  }

  /** A fresh access token for the configured client. */
  async token(): Promise<string> {
    const answer = await this.tokenCall({
      client_id: this.clientId,
      client_secret: this.clientSecret,
      grant_type: 'client_credentials',
    });
    if (answer.status !== 200) throw new Error(`token: HTTP ${answer.status} ${answer.text}`);
    return answer.json.access_token as string;
  }

  async raw(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const bearer = options.bearer === undefined ? await this.token() : options.bearer;
    if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    }
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  get deletionPath(): string {
    return `/api/account/${this.accountId}/personal-data-deletion`;
  }

  createDeletion(body: unknown, options: CallOptions = {}): Promise<Answer> {
    return this.raw('POST', this.deletionPath, { ...options, json: body });
  }

  getDeletion(requestId: number | string): Promise<Answer> {
    return this.raw('GET', `${this.deletionPath}/${requestId}`);
  }

  listDeletions(query: Record<string, string> = {}): Promise<Answer> {
    const qs = new URLSearchParams(query).toString();
    return this.raw('GET', `${this.deletionPath}${qs ? `?${qs}` : ''}`);
  }

  cancelDeletion(requestId: number | string): Promise<Answer> {
    return this.raw('POST', `${this.deletionPath}/${requestId}/cancel`);
  }

  /** Messaging Interactions: `endpoint` is `search`, `consumer/search` or `conversation/search`. */
  messaging(
    endpoint: 'search' | 'consumer/search' | 'conversation/search',
    body: unknown,
    query: Record<string, string> = { source: 'LetheTests' },
    options: CallOptions = {},
  ): Promise<Answer> {
    const qs = new URLSearchParams(query).toString();
    return this.raw(
      'POST',
      `/messaging_history/api/account/${this.accountId}/conversations/${endpoint}${qs ? `?${qs}` : ''}`,
      { ...options, json: body },
    );
  }

  engagements(body: unknown, query: Record<string, string> = {}, options: CallOptions = {}): Promise<Answer> {
    const qs = new URLSearchParams(query).toString();
    return this.raw(
      'POST',
      `/interaction_history/api/account/${this.accountId}/interactions/search${qs ? `?${qs}` : ''}`,
      { ...options, json: body },
    );
  }
}

/** The last journal entry whose path contains `fragment`. */
export function lastEntry(entries: readonly JournalEntry[], fragment: string): JournalEntry | undefined {
  return [...entries].reverse().find((e) => e.path.includes(fragment));
}

/** A data subject seeded into the simulator, with a bystander who must never be touched. */
export interface SeededSubject {
  readonly tag: string;
  readonly consumerId: string;
  readonly email: string;
  readonly phone: string;
  readonly customerId: string;
  readonly lastName: string;
  /** Closed conversations carrying the subject's SDEs. */
  readonly closedConversationIds: string[];
  /** A closed conversation of the consumer with no engagement attributes (reachable only by consumer id). */
  readonly unattributedConversationId: string;
  readonly openConversationId: string;
  readonly chatId: string;
  readonly engagementId: string;
  /** Personal values that a full deletion must remove everywhere. */
  readonly personalValues: string[];
  readonly bystander: {
    readonly consumerId: string;
    readonly email: string;
    readonly conversationId: string;
    readonly engagementId: string;
  };
}

let chatCounter = 0;
/** A numeric chat id unique within the test process. */
export function nextChatId(): string {
  chatCounter += 1;
  return String(4_295_000_000 + chatCounter);
}

/**
 * A subject with three closed conversations (SDEs: email, phone, customer id), one closed conversation
 * without SDEs, one open conversation holding none of the personal values, one ended chat engagement;
 * and a bystander with a conversation and an engagement of their own. Times are relative to `now`.
 */
export function subjectSeed(
  accountId: string,
  now: number,
  tag: string,
): { seed: SeedInput; subject: SeededSubject } {
  const consumerId = `consumer-${tag}`;
  const email = `ada.${tag}@example.com`;
  const phone = '+447700900123';
  const customerId = `cust-${tag}`;
  const lastName = `Lovelace-${tag}`;
  const closedConversationIds = [1, 2, 3].map((n) => `conv-${tag}-${n}`);
  const unattributedConversationId = `conv-${tag}-plain`;
  const openConversationId = `conv-${tag}-open`;
  const chatId = nextChatId();
  const bystanderChatId = nextChatId();
  const bystanderEmail = `grace.${tag}@example.org`;
  const ago = (days: number): number => now - days * DAY;

  const seed: SeedInput = {
    consumers: [
      { consumerId, firstName: 'Ada', lastName, email, phone },
      { consumerId: `bystander-${tag}`, firstName: 'Grace', lastName: 'Hopper', email: bystanderEmail },
    ],
    conversations: [
      ...closedConversationIds.map((conversationId, i) => ({
        conversationId,
        consumerId,
        startTime: ago(10 + i * 30),
        endTime: ago(10 + i * 30) + 600_000,
        messages: [
          { text: `Hello, this is Ada, reach me at ${email}`, sentBy: 'Consumer' as const },
          { text: 'How can I help?', sentBy: 'Agent' as const },
        ],
        summary: `Ada (${customerId}) asked about order ${i + 1}`,
        sdes: { email, phone, customerId, name: 'Ada', surname: lastName },
      })),
      {
        conversationId: unattributedConversationId,
        consumerId,
        startTime: ago(5),
        endTime: ago(5) + 600_000,
        messages: [{ text: `My number is ${phone}`, sentBy: 'Consumer' as const }],
      },
      {
        conversationId: openConversationId,
        consumerId,
        status: 'OPEN' as const,
        startTime: ago(0.01),
        messages: [{ text: 'Is anyone there?', sentBy: 'Consumer' as const }],
      },
      {
        conversationId: `conv-${tag}-bystander`,
        consumerId: `bystander-${tag}`,
        startTime: ago(8),
        endTime: ago(8) + 600_000,
        messages: [{ text: `I am Grace, ${bystanderEmail}`, sentBy: 'Consumer' as const }],
        sdes: { email: bystanderEmail, customerId: `other-${tag}` },
      },
    ],
    engagements: [
      {
        chatId,
        visitorId: `visitor-${tag}`,
        visitorName: 'Ada',
        startTime: ago(20),
        endTime: ago(20) + 900_000,
        lines: [
          { text: `Hi, I'm Ada (${email})`, source: 'visitor' as const },
          { text: 'Hello Ada', source: 'agent' as const },
        ],
        sdes: { email, customerId, name: 'Ada', surname: lastName },
      },
      {
        chatId: bystanderChatId,
        visitorId: `visitor-${tag}-bystander`,
        visitorName: 'Grace',
        startTime: ago(21),
        endTime: ago(21) + 900_000,
        lines: [{ text: `Grace here, ${bystanderEmail}`, source: 'visitor' as const }],
        sdes: { email: bystanderEmail, customerId: `other-${tag}` },
      },
    ],
  };
  return {
    seed,
    subject: {
      tag,
      consumerId,
      email,
      phone,
      customerId,
      lastName,
      closedConversationIds,
      unattributedConversationId,
      openConversationId,
      chatId,
      engagementId: `${accountId}${chatId}`,
      personalValues: [email, phone, customerId, lastName],
      bystander: {
        consumerId: `bystander-${tag}`,
        email: bystanderEmail,
        conversationId: `conv-${tag}-bystander`,
        engagementId: `${accountId}${bystanderChatId}`,
      },
    },
  };
}

/** Seeds `subjectSeed` at the simulator's current time. */
export async function seedSubject(p: PinnedSimulator, tag: string): Promise<SeededSubject> {
  const now = await p.admin.now();
  const { seed, subject } = subjectSeed(p.accountId, now, tag);
  await p.admin.seed(seed);
  return subject;
}
