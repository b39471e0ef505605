import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import { type ProgressDetails, StepProgress } from '../../src/connectors/call-context';
import {
  AuthFailedError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from '../../src/connectors/errors';
import { LivePersonConnector } from '../../src/connectors/liveperson/connector';
import { defaultHistorySearchLimits } from '../../src/connectors/liveperson/history-search';
import type { RetryPolicy } from '../../src/connectors/retry';
import type { SubmitContext } from '../../src/connectors/types';
import { identifierKey, type ResolvedIdentifier } from '../../src/domain/identifiers';
import type { PlatformRecord } from '../../src/domain/platforms';
import { addUtcMonths, alignTenMinutes, calendarWindows } from '../../src/domain/search-windows';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { given } from '../helpers/identifiers';
import {
  DAY,
  nextChatId,
  type PinnedSimulator,
  type SeededSubject,
  seedSubject,
  startPinnedSimulator,
} from '../helpers/liveperson-fixtures';
import { failure } from '../helpers/results';
import { retriesOn } from '../helpers/retries';

let p: PinnedSimulator;
let dispatcher: Agent;

beforeAll(async () => {
  p = await startPinnedSimulator();
  dispatcher = new Agent();
});

afterAll(async () => {
  await dispatcher.close();
  await p.sim.close();
});

interface ConnectorOverrides {
  readonly on?: PinnedSimulator;
  readonly clientSecret?: string;
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
}

/** The real connector, over HTTP, following the simulator's virtual clock. */
function connector(overrides: ConnectorOverrides = {}): LivePersonConnector {
  const on = overrides.on ?? p;
  const o = on.sim.context.options;
  return new LivePersonConnector({
    auth: {
      accountId: o.accountId,
      domainApiUrl: on.sim.url,
      clientId: o.clientId,
      clientSecret: new Secret(overrides.clientSecret ?? o.clientSecret),
    },
    dispatcher,
    timeoutMs: overrides.timeoutMs ?? 500,
    now: () => on.sim.context.clock.now(),
    retry: retriesOn(on.sim.context.clock, overrides.retry),
  });
}

const opts = () => p.sim.context.options;
const journal = async (on: PinnedSimulator = p): Promise<JournalEntry[]> =>
  (await on.admin.journal()).entries;

const values = (ids: readonly ResolvedIdentifier[], kind: ResolvedIdentifier['kind']): string[] =>
  ids
    .filter((i) => i.kind === kind)
    .map((i) => i.value)
    .sort();

beforeEach(async () => {
  await p.admin.reset();
});

describe('resolve', () => {
  it('leads from two emails to the consumer id, conversation ids and engagement id', async () => {
    const demo = await seedDemoSubject(p.admin, p.accountId, 'resolve');
    const identifiers = demo.request.identifiers.map((i) => given(i.kind, i.value));
    const resolved = await connector().resolve(identifiers);

    for (const id of identifiers) expect(resolved).toContainEqual(id);
    // Found through an email only this consumer's details hold: the platform's own link.
    expect(resolved.find((i) => i.kind === 'livepersonConsumerId')).toMatchObject({
      value: demo.consumerId,
      provenance: 'liveperson:email',
      link: 'own',
    });
    expect(identifiers.map(identifierKey)).toContain(
      resolved.find((i) => i.kind === 'livepersonConsumerId')?.via,
    );
    // Conversations with a consumer are reached through the consumer id, not listed as identifiers.
    expect(values(resolved, 'livepersonConversationId')).toEqual([]);
    const discovered = await connector().discover(resolved);
    expect(
      discovered
        .filter((r) => r.kind === 'conversation')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...demo.closedConversationIds, demo.activeConversationId].sort());
    expect(resolved.find((i) => i.kind === 'livepersonEngagementId')).toMatchObject({
      value: demo.engagementId,
      provenance: 'liveperson:email',
      link: 'own',
    });
    expect(values(resolved, 'livepersonConsumerId')).toEqual([demo.consumerId]);
    expect(values(resolved, 'livepersonEngagementId')).toEqual([demo.engagementId]);
    // No duplicates.
    expect(new Set(resolved.map((i) => `${i.kind}:${i.value}`)).size).toBe(resolved.length);
    expect(resolved.some((i) => i.value.includes('bystander'))).toBe(false);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('finds through a customer id with customerInfo, and never returns the bystander', async () => {
    const subject = await seedSubject(p, 'cust');
    const resolved = await connector().resolve([given('customerId', subject.customerId)]);
    expect(values(resolved, 'livepersonConversationId')).toEqual([]);
    const found = (await connector().discover(resolved))
      .filter((r) => r.kind === 'conversation')
      .map((r) => r.id);
    for (const id of subject.closedConversationIds) expect(found).toContain(id);
    expect(values(resolved, 'livepersonConsumerId')).toEqual([subject.consumerId]);
    expect(values(resolved, 'livepersonEngagementId')).toEqual([subject.engagementId]);
    for (const found of resolved.filter((i) => i.kind !== 'customerId')) {
      expect(found.provenance).toBe('liveperson:customerId');
    }
    const bystander = [
      subject.bystander.consumerId,
      subject.bystander.conversationId,
      subject.bystander.engagementId,
    ];
    expect(resolved.filter((i) => bystander.includes(i.value))).toEqual([]);
  });

  it('finds nothing for an identifier nobody has, and passes platform ids through', async () => {
    await seedSubject(p, 'none');
    const known = [given('email', 'nobody@example.com'), given('livepersonConsumerId', 'consumer-x')];
    expect(await connector().resolve(known)).toEqual(known);
  });

  it("never returns a bystander whose email merely contains the subject's email", async () => {
    const now = await p.admin.now();
    const chatId = nextChatId();
    await p.admin.seed({
      consumers: [
        { consumerId: 'ann', firstName: 'Ann', email: 'ann@example.com' },
        { consumerId: 'joann', firstName: 'Joann', email: 'joann@example.com' },
      ],
      conversations: [
        {
          conversationId: 'conv-ann',
          consumerId: 'ann',
          startTime: now - 3 * DAY,
          endTime: now - 3 * DAY + 60_000,
          sdes: { email: 'ann@example.com' },
        },
        {
          conversationId: 'conv-joann',
          consumerId: 'joann',
          startTime: now - 4 * DAY,
          endTime: now - 4 * DAY + 60_000,
          sdes: { email: 'joann@example.com' },
        },
      ],
      engagements: [
        { chatId, visitorName: 'Joann', startTime: now - 5 * DAY, sdes: { email: 'joann@example.com' } },
      ],
    });
    const resolved = await connector().resolve([given('email', 'ann@example.com')]);
    expect(values(resolved, 'livepersonConversationId')).toEqual([]);
    expect(
      (await connector().discover(resolved)).filter((r) => r.kind === 'conversation').map((r) => r.id),
    ).toEqual(['conv-ann']);
    expect(values(resolved, 'livepersonConsumerId')).toEqual(['ann']);
    expect(values(resolved, 'livepersonEngagementId')).toEqual([]);
  });

  it("ties what a phone the details of two consumers hold finds to it only as 'shared'", async () => {
    const now = await p.admin.now();
    const household = '+447700900555';
    await p.admin.seed({
      consumers: [
        { consumerId: 'mum', firstName: 'Mum', phone: household },
        { consumerId: 'son', firstName: 'Son', phone: household },
      ],
      conversations: ['mum', 'son'].map((consumerId, i) => ({
        conversationId: `conv-${consumerId}`,
        consumerId,
        startTime: now - (3 + i) * DAY,
        endTime: now - (3 + i) * DAY + 60_000,
        sdes: { phone: household },
      })),
    });
    const phone = given('phone', household);
    const consumers = (await connector().resolve([phone])).filter((i) => i.kind === 'livepersonConsumerId');
    expect(consumers.map((c) => c.value).sort()).toEqual(['mum', 'son']);
    for (const c of consumers) expect(c).toMatchObject({ via: identifierKey(phone), link: 'shared' });
  });

  it("reads a consumer's own details as 'own' and what the consumer typed as 'free-text', never what agents wrote or masked text", async () => {
    const now = await p.admin.now();
    await p.admin.seed({
      consumers: [
        { consumerId: 'typist', firstName: 'Tess', email: 'Tess@Example.org', phone: '+44 7700 900777' },
      ],
      conversations: [
        {
          conversationId: 'conv-typist',
          consumerId: 'typist',
          startTime: now - 2 * DAY,
          endTime: now - 2 * DAY + 60_000,
          messages: [
            { text: 'My brother is bro@example.org, call him on +44 7700 900888.', sentBy: 'Consumer' },
            { text: 'Our team lead colleague@company.example will reply', sentBy: 'Agent' },
            { text: '*** LP deleted data ***', sentBy: 'Consumer' },
          ],
        },
      ],
    });
    const consumer = given('livepersonConsumerId', 'typist');
    const resolved = await connector().resolve([consumer]);
    const via = identifierKey(consumer);
    const shown = resolved
      .filter((i) => i !== resolved[0])
      .map(({ kind, value, link }) => ({ kind, value, link }));
    expect(resolved[0]).toEqual(consumer);
    expect(shown).toEqual([
      { kind: 'email', value: 'tess@example.org', link: 'own' },
      { kind: 'phone', value: '+447700900777', link: 'own' },
      { kind: 'email', value: 'bro@example.org', link: 'free-text' },
      { kind: 'phone', value: '+447700900888', link: 'free-text' },
    ]);
    for (const id of resolved.slice(1)) {
      expect(id).toMatchObject({ provenance: 'liveperson:livepersonConsumerId', via });
    }
  });
});

describe('discover', () => {
  let subject: SeededSubject;

  beforeEach(async () => {
    subject = await seedSubject(p, 'disc');
  });

  it('lists conversations (OPEN ones active), the consumer and the engagement, including conversations reachable only by consumer id', async () => {
    const lp = connector();
    const resolved = await lp.resolve([given('email', subject.email)]);
    // The unattributed conversation has no SDE: resolve cannot see it ...
    expect(values(resolved, 'livepersonConversationId')).not.toContain(subject.unattributedConversationId);
    const records = await lp.discover(resolved);
    // ... but discover reaches it through the consumer id (fragmented identity).
    // Each names the identifier that led to it: the consumer id, or the engagement id.
    const byConsumer = { leads: [`livepersonConsumerId:${subject.consumerId}`] };
    const expected: PlatformRecord[] = [
      ...subject.closedConversationIds.map((id) => ({
        kind: 'conversation' as const,
        id,
        active: false,
        ...byConsumer,
      })),
      { kind: 'conversation', id: subject.unattributedConversationId, active: false, ...byConsumer },
      { kind: 'conversation', id: subject.openConversationId, active: true, ...byConsumer },
      { kind: 'consumer', id: subject.consumerId, active: false, ...byConsumer },
      {
        kind: 'engagement',
        id: subject.engagementId,
        active: false,
        leads: [`livepersonEngagementId:${subject.engagementId}`],
      },
    ];
    const key = (r: PlatformRecord) => `${r.kind}:${r.id}`;
    expect([...records].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      [...expected].sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('marks an ongoing engagement active; stillBlocked reports open conversations and ongoing engagements', async () => {
    const now = await p.admin.now();
    const chatId = nextChatId();
    await p.admin.seed({
      engagements: [
        {
          chatId,
          startTime: now - 60_000,
          ended: false,
          lines: [{ text: 'hi' }],
          sdes: { email: subject.email },
        },
      ],
    });
    const ongoing = `${p.accountId}${chatId}`;
    const lp = connector();
    const records = await lp.discover([given('livepersonEngagementId', ongoing)]);
    expect(records).toEqual([
      { kind: 'engagement', id: ongoing, active: true, leads: [`livepersonEngagementId:${ongoing}`] },
    ]);
    const active = await lp.stillBlocked([
      { kind: 'conversation', id: subject.openConversationId },
      { kind: 'conversation', id: subject.closedConversationIds[0] ?? '' },
      { kind: 'engagement', id: ongoing },
      { kind: 'engagement', id: subject.engagementId },
      { kind: 'consumer', id: subject.consumerId },
    ]);
    expect(active.sort()).toEqual([ongoing, subject.openConversationId].sort());
  });

  it('skips conversation and engagement ids the platform no longer has', async () => {
    const records = await connector().discover([
      given('livepersonConversationId', 'conv-gone'),
      given('livepersonEngagementId', `${p.accountId}1`),
    ]);
    expect(records).toEqual([]);
  });
});

describe('submit, status, verify, cancel', () => {
  let subject: SeededSubject;

  beforeEach(async () => {
    subject = await seedSubject(p, 'trip');
  });

  it('round-trips a deletion: NOT_STARTED, IN_PROGRESS, DONE, verified gone; cancel after grace is refused', async () => {
    const lp = connector();
    const conversations = [...subject.closedConversationIds, subject.unattributedConversationId];
    const records = [
      ...conversations.map((id) => ({ kind: 'conversation' as const, id })),
      { kind: 'consumer' as const, id: subject.consumerId },
      { kind: 'engagement' as const, id: subject.engagementId },
    ];
    expect((await lp.verify(records)).sort()).toEqual(records.map((r) => r.id).sort());

    const receipts = [
      await lp.submit({ kind: 'conversation', ids: conversations }, 'test-key-1'),
      await lp.submit({ kind: 'consumer', ids: [subject.consumerId] }, 'test-key-2'),
      await lp.submit({ kind: 'engagement', ids: [subject.engagementId] }, 'test-key-3'),
    ];
    expect(receipts[0]).toEqual({
      requestId: expect.stringMatching(/^\d+$/),
      kind: 'conversation',
      ids: conversations,
    });
    expect(new Set(receipts.map((r) => r.requestId)).size).toBe(3);
    const platform = await p.admin.requests();
    expect(platform.map((r) => String(r.requestId)).sort()).toEqual(receipts.map((r) => r.requestId).sort());
    expect(platform.find((r) => r.kind === 'conversation')?.ids).toEqual(conversations);

    for (const r of receipts) expect(await lp.status(r.requestId)).toBe('NOT_STARTED');
    await p.admin.advance(opts().graceMs);
    for (const r of receipts) expect(await lp.status(r.requestId)).toBe('IN_PROGRESS');
    const late = await lp.cancel(receipts[0]?.requestId ?? '');
    expect(late.withdrawn).toBe(false);
    expect(late.note).toEqual(expect.any(String));
    expect(late.note).toMatch(/IN_PROGRESS|cancel/);
    expect(await lp.status(receipts[0]?.requestId ?? '')).toBe('IN_PROGRESS');
    // Still there while the platform works.
    expect((await lp.verify(records)).length).toBe(records.length);

    await p.admin.advance(opts().processingMs);
    for (const r of receipts) expect(await lp.status(r.requestId)).toBe('DONE');
    expect(await lp.verify(records)).toEqual([]);
    expect(await p.admin.remaining(subject.personalValues)).toEqual([]);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('withdraws a request during grace', async () => {
    const lp = connector();
    const receipt = await lp.submit({ kind: 'consumer', ids: [subject.consumerId] }, 'test-key-4');
    await p.admin.advance(opts().graceMs - 1);
    expect(await lp.cancel(receipt.requestId)).toEqual({ withdrawn: true });
    expect(await lp.status(receipt.requestId)).toBe('CANCELED');
    await p.admin.advance(opts().processingMs + 1);
    expect(await lp.status(receipt.requestId)).toBe('CANCELED');
    expect(await lp.verify([{ kind: 'consumer', id: subject.consumerId }])).toEqual([subject.consumerId]);
  });

  it('reports a request DONE whose ids the platform ignored, and verify still finds them', async () => {
    const lp = connector();
    const [ignored, deleted] = subject.closedConversationIds as [string, string];
    await p.admin.ignoreDeletionOf([ignored]);
    const receipt = await lp.submit({ kind: 'conversation', ids: [ignored, deleted] }, 'test-key-5');
    await p.admin.advance(opts().graceMs + opts().processingMs);
    expect(await lp.status(receipt.requestId)).toBe('DONE');
    expect(
      await lp.verify([
        { kind: 'conversation', id: ignored },
        { kind: 'conversation', id: deleted },
      ]),
    ).toEqual([ignored]);
  });

  it('refuses 0 or 101 ids with a RangeError without calling the platform', async () => {
    const lp = connector();
    const before = (await journal()).length;
    await expect(lp.submit({ kind: 'conversation', ids: [] }, 'test-key-6')).rejects.toBeInstanceOf(
      RangeError,
    );
    const many = Array.from({ length: 101 }, (_, i) => `conv-${i}`);
    await expect(lp.submit({ kind: 'conversation', ids: many }, 'test-key-7')).rejects.toBeInstanceOf(
      RangeError,
    );
    expect((await journal()).length).toBe(before);
    expect(await p.admin.requests()).toEqual([]);
  });
});

describe('a create whose answer is lost (no idempotency header, list rows without ids)', () => {
  const batch = { kind: 'consumer' as const, ids: ['lost-answer-consumer'] };
  /** The activity's next attempt, after the first (scheduled at `firstAttemptAt`) lost its answer. */
  const retry = (firstAttemptAt: number, more: Partial<SubmitContext> = {}): SubmitContext => ({
    attempt: 2,
    firstAttemptAt,
    progress: StepProgress.of(),
    ...more,
  });

  it('the create is carried out, its answer never arrives: the error is transient', async () => {
    await p.admin.faults({ lostAnswerRate: 1, pathContains: '/personal-data-deletion', method: 'POST' });
    const err = await failure(connector().submit(batch, 'k'));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(await p.admin.requests()).toHaveLength(1);
  });

  it("the account's only sender takes the one request created since its first attempt: no duplicate", async () => {
    const firstAttemptAt = await p.admin.now();
    await p.admin.faults({ lostAnswerRate: 1, pathContains: '/personal-data-deletion', method: 'POST' });
    await failure(connector().submit(batch, 'k'));
    await p.admin.clearFaults();
    // A fresh connector (another worker): nothing in memory, only what the platform documents.
    const receipt = await connector().submit(
      batch,
      'k',
      [],
      retry(firstAttemptAt, { exclusiveSender: true }),
    );
    const requests = await p.admin.requests();
    expect(requests).toHaveLength(1);
    expect(receipt.requestId).toBe(String(requests[0]?.requestId));
    expect(receipt.lostAnswer).toMatchObject({ action: 'reused', candidates: [receipt.requestId] });
    // It read the list by date, and nothing but the documented fields was there to read.
    const listed = (await journal()).filter((e) => e.method === 'GET' && e.path.includes('fromDate='));
    expect(listed).toHaveLength(1);
  });

  it('one sender among several cannot tell: it sends again, naming the request that could be the lost one', async () => {
    const firstAttemptAt = await p.admin.now();
    await p.admin.faults({ lostAnswerRate: 1, pathContains: '/personal-data-deletion', method: 'POST' });
    await failure(connector().submit(batch, 'k'));
    await p.admin.clearFaults();
    const receipt = await connector().submit(batch, 'k', [], retry(firstAttemptAt));
    const requests = await p.admin.requests();
    expect(requests).toHaveLength(2);
    const lost = String(requests[0]?.requestId);
    expect(receipt.requestId).toBe(String(requests[1]?.requestId));
    expect(receipt.lostAnswer).toMatchObject({ action: 'sent_again', candidates: [lost] });
    expect(receipt.lostAnswer?.note).toMatch(/sent again/);
  });

  it('several candidates: even the only sender sends again', async () => {
    const firstAttemptAt = await p.admin.now();
    const lp = connector();
    await lp.submit({ kind: 'consumer', ids: ['someone-else'] }, 'other');
    await lp.submit({ kind: 'consumer', ids: ['someone-else-too'] }, 'other-2');
    const receipt = await lp.submit(batch, 'k', [], retry(firstAttemptAt, { exclusiveSender: true }));
    expect(receipt.lostAnswer?.action).toBe('sent_again');
    expect(receipt.lostAnswer?.candidates).toHaveLength(2);
    expect(await p.admin.requests()).toHaveLength(3);
  });

  it('requests it already holds receipts for, and those made before the first attempt, are no candidates', async () => {
    const lp = connector();
    const older = await lp.submit({ kind: 'consumer', ids: ['older'] }, 'older');
    await p.admin.advance(DAY);
    const firstAttemptAt = await p.admin.now();
    const known = await lp.submit({ kind: 'consumer', ids: ['known'] }, 'known');
    const receipt = await lp.submit(
      batch,
      'k',
      [],
      retry(firstAttemptAt, { exclusiveSender: true, knownRequestIds: [known.requestId] }),
    );
    // Nothing unknown was created since the first attempt: it sends, with nothing to note.
    expect(receipt.lostAnswer).toBeUndefined();
    expect([older.requestId, known.requestId]).not.toContain(receipt.requestId);
    expect(await p.admin.requests()).toHaveLength(3);
  });

  it('stops sending again once three requests could be the lost one: refused, and says why', async () => {
    const firstAttemptAt = await p.admin.now();
    const lp = connector();
    for (const n of [1, 2, 3]) await lp.submit({ kind: 'consumer', ids: [`other-${n}`] }, `o${n}`);
    const err = await failure(lp.submit(batch, 'k', [], retry(firstAttemptAt)));
    expect(err).toBeInstanceOf(PlatformRejectedError);
    expect(err.message).toMatch(/not sent again: 3 requests created since the first attempt/);
    expect(await p.admin.requests()).toHaveLength(3);
  });

  it('learns who the platform names as its requester by reading a request it knows by id', async () => {
    const known = await connector().submit({ kind: 'consumer', ids: ['known-2'] }, 'known');
    const firstAttemptAt = await p.admin.now();
    // Another worker: it never saw a create's answer, so it reads its last known request by id.
    await connector().submit(batch, 'k', [], retry(firstAttemptAt, { knownRequestIds: [known.requestId] }));
    const byId = (await journal()).filter(
      (e) => e.method === 'GET' && e.path.endsWith(`/personal-data-deletion/${known.requestId}`),
    );
    expect(byId).toHaveLength(1);
  });

  it('a first attempt never looks (nothing can have been lost before it)', async () => {
    await connector().submit(batch, 'k');
    expect((await journal()).filter((e) => e.method === 'GET' && e.path.includes('fromDate='))).toEqual([]);
  });
});

describe('a search window the platform refuses', () => {
  /** One person's conversations and engagements, one a month over the last year. */
  async function yearOfHistory(on: PinnedSimulator, email: string): Promise<string[]> {
    const now = await on.admin.now();
    const months = Array.from({ length: 12 }, (_, i) => i);
    await on.admin.seed({
      consumers: months.map((m) => ({ consumerId: `split-${m}`, email })),
      conversations: months.map((m) => ({
        conversationId: `split-conv-${m}`,
        consumerId: `split-${m}`,
        startTime: addUtcMonths(now, -m) - DAY,
        endTime: addUtcMonths(now, -m) - DAY + 60_000,
        sdes: { email },
      })),
    });
    return months.map((m) => `split-${m}`);
  }

  it('is split in halves and searched again, down to a day: nothing is missed', async () => {
    // A platform stricter than its documentation: one month per Messaging Interactions search, not three.
    const strict = await startPinnedSimulator({ conversationWindowMonths: 1 });
    try {
      const consumers = await yearOfHistory(strict, 'split.window@example.com');
      const resolved = await connector({ on: strict }).resolve([given('email', 'split.window@example.com')]);
      expect(values(resolved, 'livepersonConsumerId')).toEqual([...consumers].sort());
      const searches = (await journal(strict)).filter((e) => e.path.includes('/conversations/search'));
      expect(searches.filter((e) => e.status === 400).length).toBeGreaterThan(0);
      expect(searches.filter((e) => e.status === 200).length).toBeGreaterThan(5);
    } finally {
      await strict.sim.close();
    }
  });

  it('fails the platform only at the narrowest window, naming the call and the window', async () => {
    // Refuses every window, whatever its length.
    const refusing = await startPinnedSimulator({ conversationWindowMonths: 0 });
    try {
      const err = await failure(
        connector({ on: refusing }).resolve([given('email', 'never.searched@example.com')]),
      );
      expect(err).toBeInstanceOf(PlatformRejectedError);
      expect(err).toMatchObject({ platform: 'liveperson', operation: 'searchConversations', status: 400 });
      expect(err.message).toMatch(
        /refused even the narrowest window \d{4}-\d{2}-\d{2}T[\d:.]+Z\/\d{4}-\d{2}-\d{2}T[\d:.]+Z: start interval exceeds 0 months/,
      );
      const refused = (await journal(refusing)).filter((e) => e.status === 400);
      // Halved from three months down to a day (seven refusals), not every window of the year.
      expect(refused.length).toBeLessThanOrEqual(10);
    } finally {
      await refusing.sim.close();
    }
  });
});

describe('a long search that fails part-way', () => {
  it('resumes on the next attempt from the pages the last one saved, never from the start', async () => {
    const subject = await seedSubject(p, 'resume');
    const saved: ProgressDetails[] = [];
    // The sixth Engagement History search, and every try of it, fails: the attempt gives up there.
    await p.admin.faults({ errorRate: 1, pathContains: '/interactions/search', skipFirst: 5, maxFaults: 4 });
    const first = StepProgress.of(undefined, (d) => saved.push(d));
    const ctx = (progress: StepProgress): SubmitContext => ({ attempt: 1, firstAttemptAt: 0, progress });
    const err = await failure(connector().resolve([given('email', subject.email)], ctx(first)));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    const before = (await journal()).filter((e) => e.path.includes('/interactions/search')).length;
    await p.admin.clearFaults();

    const next = StepProgress.of(JSON.parse(JSON.stringify(saved.at(-1))));
    expect(next.resumedSteps).toBeGreaterThan(5); // the range, 5 conversation windows, 5 engagement pages
    const resolved = await connector().resolve([given('email', subject.email)], ctx(next));
    expect(values(resolved, 'livepersonConsumerId')).toEqual([subject.consumerId]);
    const searches = (await journal()).filter((e) => e.path.includes('/interactions/search'));
    // 13 windows in all: the second attempt searched only the 8 the first had not finished.
    expect(searches.length - before).toBe(8);
    expect((await journal()).filter((e) => e.path.includes('/conversations/search')).length).toBe(5);
  });
});

describe('a conversation the by-id search does not return', () => {
  it('is not verified gone: deleted conversations stay, masked, so an absent one counts as still there', async () => {
    expect(await connector().verify([{ kind: 'conversation', id: 'never-returned' }])).toEqual([
      'never-returned',
    ]);
  });
});

describe('masked data', () => {
  it('takes a profile whose names read as placeholders, alone or joined, as masked: nothing to send again', async () => {
    const placeholder = opts().placeholder;
    await p.admin.seed({
      consumers: [
        {
          consumerId: 'masked-consumer',
          firstName: placeholder,
          lastName: placeholder,
          email: placeholder,
          phone: placeholder,
        },
      ],
      conversations: [
        {
          conversationId: 'masked-conv',
          consumerId: 'masked-consumer',
          startTime: (await p.admin.now()) - DAY,
          messages: [{ text: `${placeholder} ${placeholder}` }],
          sdes: { email: placeholder, name: placeholder, surname: placeholder },
        },
      ],
    });
    const lp = connector();
    // The platform shows first and last name together: two placeholders joined by a space.
    expect(
      await lp.verify([
        { kind: 'consumer', id: 'masked-consumer' },
        { kind: 'conversation', id: 'masked-conv' },
      ]),
    ).toEqual([]);
  });
});

describe('history spanning 13 months', () => {
  it('searches window by window: every record within retention is found and no call breaks a window rule', async () => {
    const now = await p.admin.now();
    const email = 'long.history@example.com';
    const inRetention = Array.from({ length: 14 }, (_, i) => i * 30 + 1); // 1 .. 391 days ago
    // A day inside the 13 calendar months of retention: still kept, and searched.
    const edgeDays = Math.floor((now - addUtcMonths(now, -opts().retentionMonths)) / DAY) - 1;
    const days = [...inRetention, edgeDays];
    const chatIds = days.map(() => nextChatId());
    await p.admin.seed({
      consumers: [{ consumerId: 'long', email }],
      conversations: [
        ...days.map((d) => ({
          conversationId: `long-${d}`,
          consumerId: 'long',
          startTime: now - d * DAY,
          endTime: now - d * DAY + 60_000,
          sdes: { email },
        })),
        {
          conversationId: 'long-expired',
          consumerId: 'long',
          startTime: addUtcMonths(now, -opts().retentionMonths) - DAY,
          sdes: { email },
        },
      ],
      engagements: days.map((d, i) => ({
        chatId: chatIds[i] ?? '',
        startTime: now - d * DAY,
        sdes: { email },
      })),
    });
    const resolved = await connector().resolve([given('email', email)]);
    // The resolution's own calls, before discovery adds its lookups by id.
    const { entries, violations } = await p.admin.journal();
    const conversations = (await connector().discover(resolved))
      .filter((r) => r.kind === 'conversation')
      .map((r) => r.id);
    expect(conversations.sort()).toEqual(days.map((d) => `long-${d}`).sort());
    expect(values(resolved, 'livepersonEngagementId')).toEqual(
      chatIds.map((c) => `${p.accountId}${c}`).sort(),
    );

    expect(violations).toEqual([]);
    // One call per calendar window (no page beyond the first, no refused window split).
    const end = alignTenMinutes(now, 'up');
    const start = addUtcMonths(end, -defaultHistorySearchLimits.lookbackMonths);
    const windows = (months: number) => calendarWindows(start, end, months).length;
    expect(windows(3)).toBe(5);
    expect(windows(1)).toBe(13);
    expect(entries.filter((e) => e.path.includes('/conversations/search')).length).toBe(
      windows(defaultHistorySearchLimits.conversationWindowMonths),
    );
    expect(entries.filter((e) => e.path.includes('/interactions/search')).length).toBe(
      windows(defaultHistorySearchLimits.engagementWindowMonths),
    );
    expect(entries.every((e) => e.status === 200)).toBe(true);
  });
});

describe('token refresh', () => {
  it('gets a new token once the old one expires on the virtual clock, without a 401', async () => {
    const subject = await seedSubject(p, 'token');
    const lp = connector();
    const first = await lp.resolve([given('email', subject.email)]);
    await p.admin.advance(opts().tokenTtlMs + 1);
    const second = await lp.resolve([given('email', subject.email)]);
    expect(second).toEqual(first);
    const entries = await journal();
    expect(entries.filter((e) => e.status === 401)).toEqual([]);
    expect(entries.filter((e) => e.path.includes('/sentinel/')).length).toBe(2);
    expect(entries.filter((e) => e.path.includes('/baseURI.json')).length).toBe(1);
  });

  it('refreshes once after a 401 when the platform drops its tokens', async () => {
    const lp = connector();
    await lp.discover([given('livepersonConversationId', 'x')]);
    await p.admin.reset(); // clears the simulator's tokens (and the journal)
    await seedSubject(p, 'revoked');
    expect(await lp.discover([given('livepersonConsumerId', 'consumer-revoked')])).toContainEqual({
      kind: 'consumer',
      id: 'consumer-revoked',
      active: false,
      leads: ['livepersonConsumerId:consumer-revoked'],
    });
    const statuses = (await journal()).map((e) => `${e.status} ${e.path.split('?')[0]?.split('/').at(-1)}`);
    expect(statuses.slice(0, 3)).toEqual(['401 search', '200 token', '200 search']);
  });
});

describe('error mapping over real HTTP', () => {
  it('maps a 500 to PlatformUnavailableError with platform, operation and status', async () => {
    const lp = connector();
    await p.admin.faults({ errorRate: 1, pathContains: '/personal-data-deletion' });
    const err = await failure(lp.status('127001'));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    const e = err as PlatformUnavailableError;
    expect(e.type).toBe('PlatformUnavailable');
    expect(e.status).toBe(500);
    expect(e.platform).toBe('liveperson');
    expect(e.operation).toBe('getDeletionRequest');
    expect(e.message).toContain('liveperson getDeletionRequest');
  });

  it('names the Domain API call when that is what fails', async () => {
    await p.admin.faults({ errorRate: 1 });
    const err = await failure(connector().resolve([given('email', 'a@example.com')]));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect((err as PlatformUnavailableError).operation).toBe('domainApi');
  });

  it('maps a malformed body to ProtocolError naming platform and operation', async () => {
    await p.admin.faults({ malformedRate: 1, pathContains: '/conversations/' });
    const err = await failure(connector().resolve([given('email', 'a@example.com')]));
    expect(err).toBeInstanceOf(ProtocolError);
    const e = err as ProtocolError;
    expect(e.type).toBe('ProtocolError');
    expect(e.platform).toBe('liveperson');
    expect(e.operation).toBe('searchConversations');
    expect(e.message).toMatch(/^liveperson searchConversations: .*not JSON/);
  });

  it('maps a call the platform never answers to PlatformUnavailableError "timed out"', async () => {
    const subject = await seedSubject(p, 'timeout');
    await p.admin.faults({ timeoutRate: 1, timeoutHoldMs: 5_000, pathContains: '/interactions/search' });
    const started = performance.now();
    const err = await failure(
      connector({ timeoutMs: 300 }).discover([given('livepersonEngagementId', subject.engagementId)]),
    );
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    const e = err as PlatformUnavailableError;
    expect(e.message).toMatch(/timed out/);
    expect(e.operation).toBe('searchEngagements');
    expect(e.status).toBeUndefined();
    expect((await journal()).at(-1)).toMatchObject({ fault: 'timeout' });
  });

  it('maps a refused open conversation to PlatformRejectedError with the platform message', async () => {
    const subject = await seedSubject(p, 'open');
    const err = await failure(
      connector().submit({ kind: 'conversation', ids: [subject.openConversationId] }, 'test-key-8'),
    );
    expect(err).toBeInstanceOf(PlatformRejectedError);
    const e = err as PlatformRejectedError;
    expect(e.type).toBe('PlatformRejected');
    expect(e.status).toBe(400);
    expect(e.operation).toBe('createDeletionRequest');
    expect(e.platformMessage).toMatch(/closed/);
  });

  it('maps refused credentials to AuthFailedError without revealing the secret', async () => {
    const err = await failure(
      connector({ clientSecret: 'not-the-secret' }).resolve([given('email', 'a@example.com')]),
    );
    expect(err).toBeInstanceOf(AuthFailedError);
    const e = err as AuthFailedError;
    expect(e.type).toBe('AuthFailed');
    expect(e.status).toBe(401);
    expect(e.platform).toBe('liveperson');
    expect(e.operation).toBe('getToken');
    expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('not-the-secret');
  });

  it('asks for a token once when the credentials are refused (a refusal is not a stale token)', async () => {
    const before = (await journal()).filter((e) => e.path.includes('/app/token')).length;
    await failure(connector({ clientSecret: 'not-the-secret' }).resolve([given('email', 'a@example.com')]));
    const after = (await journal()).filter((e) => e.path.includes('/app/token')).length;
    expect(after - before).toBe(1);
  });

  describe('with the monthly quota used up', () => {
    let q: PinnedSimulator;

    beforeAll(async () => {
      q = await startPinnedSimulator({ monthlyQuota: 1 });
    });
    afterAll(async () => {
      await q.sim.close();
    });

    it('maps the 429 to QuotaExhaustedError, not a short throttle', async () => {
      const lp = connector({ on: q });
      await lp.submit({ kind: 'consumer', ids: ['c-1'] }, 'test-key-9');
      const err = await failure(lp.submit({ kind: 'consumer', ids: ['c-2'] }, 'test-key-10'));
      expect(err).toBeInstanceOf(QuotaExhaustedError);
      expect(err).not.toBeInstanceOf(RateLimitedError);
      const e = err as QuotaExhaustedError;
      expect(e.type).toBe('QuotaExhausted');
      expect(e.status).toBe(429);
      expect(e.platform).toBe('liveperson');
      expect(e.operation).toBe('createDeletionRequest');
      expect(await q.admin.requests()).toHaveLength(1);
    });
  });
});
