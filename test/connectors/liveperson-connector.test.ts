import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { seedDemoSubject } from '../../src/demo/scenario';
import type { ResolvedIdentifier } from '../../src/domain/identifiers';
import type { PlatformRecord } from '../../src/domain/platforms';
import { Secret } from '../../src/secret';
import type { JournalEntry } from '../../src/simulator/kit/journal';
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
    expect(resolved).toContainEqual({
      kind: 'livepersonConsumerId',
      value: demo.consumerId,
      provenance: 'liveperson:email',
    });
    // Conversations with a consumer are reached through the consumer id, not listed as identifiers.
    expect(values(resolved, 'livepersonConversationId')).toEqual([]);
    const discovered = await connector().discover(resolved);
    expect(
      discovered
        .filter((r) => r.kind === 'conversation')
        .map((r) => r.id)
        .sort(),
    ).toEqual([...demo.closedConversationIds, demo.activeConversationId].sort());
    expect(resolved).toContainEqual({
      kind: 'livepersonEngagementId',
      value: demo.engagementId,
      provenance: 'liveperson:email',
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
    const expected: PlatformRecord[] = [
      ...subject.closedConversationIds.map((id) => ({ kind: 'conversation' as const, id, active: false })),
      { kind: 'conversation', id: subject.unattributedConversationId, active: false },
      { kind: 'conversation', id: subject.openConversationId, active: true },
      { kind: 'consumer', id: subject.consumerId, active: false },
      { kind: 'engagement', id: subject.engagementId, active: false },
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
    expect(records).toEqual([{ kind: 'engagement', id: ongoing, active: true }]);
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

  it('reuses an identical request still in grace instead of creating a second one', async () => {
    const lp = connector();
    const batch = { kind: 'consumer' as const, ids: ['reconcile-consumer'] };
    const first = await lp.submit(batch, 'key-first-attempt');
    // A retry whose key the platform never saw (it ignores the header): the list still reveals the request.
    const second = await lp.submit(batch, 'key-of-another-attempt');
    expect(second.requestId).toBe(first.requestId);
    expect((await p.admin.requests()).filter((r) => r.ids.includes('reconcile-consumer'))).toHaveLength(1);
    // Once the first is past its grace period, the same ids make a new request (a re-submission).
    await p.admin.advance(opts().graceMs);
    const third = await lp.submit(batch, 'key-resubmission');
    expect(third.requestId).not.toBe(first.requestId);
  });
});

describe('history spanning 13 months', () => {
  it('searches window by window: every record within retention is found and no call breaks a window rule', async () => {
    const now = await p.admin.now();
    const email = 'long.history@example.com';
    const inRetention = Array.from({ length: 14 }, (_, i) => i * 30 + 1); // 1 .. 391 days ago
    const edgeDays = Math.floor(opts().retentionMs / DAY) - 1; // 402 days ago: still kept
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
          startTime: now - opts().retentionMs - DAY,
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
    const lookback = defaultHistorySearchLimits.lookbackDays;
    expect(entries.filter((e) => e.path.includes('/conversations/search')).length).toBe(
      Math.ceil(lookback / defaultHistorySearchLimits.conversationWindowDays),
    );
    expect(entries.filter((e) => e.path.includes('/interactions/search')).length).toBe(
      Math.ceil(lookback / defaultHistorySearchLimits.engagementWindowDays),
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
