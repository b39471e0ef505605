import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addUtcMonths, alignTenMinutes, earliestStart } from '../../src/domain/search-windows';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import {
  type Answer,
  ContractClient,
  DAY,
  lastEntry,
  nextChatId,
  type PinnedSimulator,
  type SeededSubject,
  seedSubject,
  startPinnedSimulator,
  T0,
} from '../helpers/liveperson-fixtures';

const PLACEHOLDER = '** LP deleted data **';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let p: PinnedSimulator;
let lp: ContractClient;

beforeAll(async () => {
  p = await startPinnedSimulator();
  lp = ContractClient.of(p.sim);
});

afterAll(async () => {
  await p.sim.close();
});

const opts = () => p.sim.context.options;
const journal = async (): Promise<JournalEntry[]> => (await p.admin.journal()).entries;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The journal entry of the most recent call whose path contains `fragment`. */
async function journalled(fragment: string): Promise<JournalEntry> {
  const entry = lastEntry(await journal(), fragment);
  if (!entry) throw new Error(`no journal entry for ${fragment}`);
  return entry;
}

/** Every SDE value in a rendered `sdes` block, wherever it is nested. */
function sdeStrings(node: unknown, out: string[] = []): string[] {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) sdeStrings(item, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node))
      if (k !== 'sdeType' && k !== 'serverTimeStamp') sdeStrings(v, out);
  }
  return out;
}

const ids = (answer: Answer): string[] =>
  (answer.json.conversationHistoryRecords as Array<{ info: { conversationId: string } }>).map(
    (r) => r.info.conversationId,
  );
const engagementIds = (answer: Answer): string[] =>
  (answer.json.interactionHistoryRecords as Array<{ info: { engagementId: string } }>).map(
    (r) => r.info.engagementId,
  );

describe('Domain API', () => {
  it('lists rtbf, msgHist, engHistDomain and sentinel on the simulator host', async () => {
    const answer = await lp.raw('GET', `/api/account/${p.accountId}/service/baseURI.json?version=1.0`, {
      bearer: null,
    });
    expect(answer.status).toBe(200);
    const host = new URL(p.sim.url).host;
    const byService = new Map(
      (answer.json.baseURIs as Array<{ service: string; account: string; baseURI: string }>).map((b) => [
        b.service,
        b,
      ]),
    );
    for (const service of ['rtbf', 'msgHist', 'engHistDomain', 'sentinel']) {
      expect(byService.get(service)).toEqual({ service, account: p.accountId, baseURI: host });
    }
  });

  it('answers 400 without version=1.0', async () => {
    const path = `/api/account/${p.accountId}/service/baseURI.json`;
    expect((await lp.raw('GET', path, { bearer: null })).status).toBe(400);
    expect((await lp.raw('GET', `${path}?version=2.0`, { bearer: null })).status).toBe(400);
    expect(
      (await lp.raw('GET', `/api/account/${p.accountId}/service/rtbf/baseURI.json`, { bearer: null })).status,
    ).toBe(400);
  });

  it('answers 401 for an unknown account, in both forms', async () => {
    expect(
      (await lp.raw('GET', '/api/account/99999999/service/baseURI.json?version=1.0', { bearer: null }))
        .status,
    ).toBe(401);
    expect(
      (await lp.raw('GET', '/api/account/99999999/service/rtbf/baseURI.json?version=1.0', { bearer: null }))
        .status,
    ).toBe(401);
  });

  it('answers the single-service form, with case-sensitive service names', async () => {
    const answer = await lp.raw(
      'GET',
      `/api/account/${p.accountId}/service/msgHist/baseURI.json?version=1.0`,
      { bearer: null },
    );
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      service: 'msgHist',
      account: p.accountId,
      baseURI: new URL(p.sim.url).host,
    });
    const lower = await lp.raw(
      'GET',
      `/api/account/${p.accountId}/service/msghist/baseURI.json?version=1.0`,
      {
        bearer: null,
      },
    );
    expect(lower.status).toBe(400);
  });
});

describe('OAuth 2.0 client credentials', () => {
  beforeEach(async () => {
    await p.admin.reset();
  });

  const good = () => ({
    client_id: opts().clientId,
    client_secret: opts().clientSecret,
    grant_type: 'client_credentials',
  });

  it('issues a bearer token for good credentials', async () => {
    const answer = await lp.tokenCall(good());
    expect(answer.status).toBe(200);
    expect(answer.json.access_token).toEqual(expect.any(String));
    expect(answer.json.access_token.length).toBeGreaterThan(10);
    expect(answer.json.token_type).toBe('Bearer');
    expect(answer.json.expires_in).toBe(opts().tokenTtlMs / 1000);
  });

  it('refuses a bad secret or an unknown client with 401', async () => {
    expect((await lp.tokenCall({ ...good(), client_secret: 'wrong' })).status).toBe(401);
    expect((await lp.tokenCall({ ...good(), client_id: 'someone-else' })).status).toBe(401);
  });

  it('refuses an unknown account with 401', async () => {
    expect((await lp.tokenCall(good(), '99999999')).status).toBe(401);
  });

  it('refuses any grant but client_credentials with 400', async () => {
    expect((await lp.tokenCall({ ...good(), grant_type: 'password' })).status).toBe(400);
    const { grant_type: _omit, ...noGrant } = good();
    expect((await lp.tokenCall(noGrant)).status).toBe(400);
  });

  it('refuses a call without a bearer token with 401 and journals the violation', async () => {
    const answer = await lp.raw('GET', lp.deletionPath, { bearer: null });
    expect(answer.status).toBe(401);
    const entry = await journalled('/personal-data-deletion');
    expect(entry.status).toBe(401);
    expect(entry.violations).toHaveLength(1);
    expect(entry.violations[0]).toMatch(/bearer/);

    const unknown = await lp.messaging('search', { start: { from: 0, to: 1 } }, undefined, {
      bearer: 'not-a-token',
    });
    expect(unknown.status).toBe(401);
    expect((await journalled('/conversations/search')).violations).toHaveLength(1);
  });

  it('refuses a token once tokenTtlMs has passed', async () => {
    const token = await lp.token();
    const call = () => lp.raw('GET', lp.deletionPath, { bearer: token });
    expect((await call()).status).toBe(200);
    await p.admin.advance(opts().tokenTtlMs - 1);
    expect((await call()).status).toBe(200);
    await p.admin.advance(1);
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(expired.json.message).toMatch(/expired/);
    const entry = await journalled('/personal-data-deletion');
    expect(entry.status).toBe(401);
    expect(entry.violations.length).toBeGreaterThan(0);
  });
});

describe('Personal Data Deletion: create', () => {
  let subject: SeededSubject;

  beforeEach(async () => {
    await p.admin.reset();
    subject = await seedSubject(p, 'create');
  });

  it('answers 201 with the documented record and journals no violation', async () => {
    const body = { conversation: subject.closedConversationIds };
    const now = await p.admin.now();
    const answer = await lp.createDeletion(body);
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({
      request_id: expect.any(Number),
      siteid: p.accountId,
      request_time: new Date(now).toISOString(),
      requested_by: opts().clientId,
      cancelled_by: null,
      delete_json: JSON.stringify(body),
      cancel_timestamp: null,
      is_canceled: false,
    });
    expect(Number.isInteger(answer.json.request_id)).toBe(true);
    expect(answer.json.request_time).toMatch(ISO);
    const entry = await journalled('/personal-data-deletion');
    expect(entry).toMatchObject({ method: 'POST', status: 201, violations: [] });
  });

  it('accepts each id kind, and exactly the maximum of 100 ids', async () => {
    expect((await lp.createDeletion({ consumer: [subject.consumerId] })).status).toBe(201);
    expect((await lp.createDeletion({ engagement: [subject.engagementId] })).status).toBe(201);
    expect((await lp.createDeletion({ ticketing: ['ticket-1'] })).status).toBe(201);
    const hundred = Array.from({ length: 100 }, (_, i) => `consumer-${i}`);
    expect((await lp.createDeletion({ consumer: hundred })).status).toBe(201);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  const invalid: Array<[string, () => unknown]> = [
    ['no kind', () => ({})],
    ['two kinds in one body', () => ({ conversation: ['a'], consumer: ['b'] })],
    ['an unknown key', () => ({ chats: ['a'] })],
    ['an unknown key beside a valid one', () => ({ consumer: ['a'], note: 'x' })],
    ['an empty array', () => ({ consumer: [] })],
    ['101 ids', () => ({ consumer: Array.from({ length: 101 }, (_, i) => `c-${i}`) })],
    ['duplicate ids', () => ({ consumer: ['c-1', 'c-2', 'c-1'] })],
    ['a non-string id', () => ({ consumer: ['c-1', 42] })],
    ['an empty-string id', () => ({ consumer: [''] })],
    ['ids that are not an array', () => ({ consumer: 'c-1' })],
    ['an array body', () => [{ consumer: ['c-1'] }]],
  ];

  it.each(invalid)('answers 400 for %s and journals the violation', async (_name, body) => {
    const answer = await lp.createDeletion(body());
    expect(answer.status).toBe(400);
    expect(answer.json.message).toEqual(expect.any(String));
    const entry = await journalled('/personal-data-deletion');
    expect(entry.status).toBe(400);
    expect(entry.violations).toHaveLength(1);
    expect(await p.admin.requests()).toEqual([]);
  });

  it('answers 400 for an OPEN conversation id and journals the violation; closing it makes it deletable', async () => {
    const answer = await lp.createDeletion({
      conversation: [subject.closedConversationIds[0], subject.openConversationId],
    });
    expect(answer.status).toBe(400);
    expect(answer.json.message).toMatch(/closed/);
    const entry = await journalled('/personal-data-deletion');
    expect(entry.status).toBe(400);
    expect(entry.violations).toHaveLength(1);

    await p.admin.closeConversation(subject.openConversationId);
    expect((await lp.createDeletion({ conversation: [subject.openConversationId] })).status).toBe(201);
  });

  it('answers 403 for another account', async () => {
    const answer = await lp.raw('POST', '/api/account/11111111/personal-data-deletion', {
      json: { consumer: ['c-1'] },
    });
    expect(answer.status).toBe(403);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await fetch(`${p.sim.url}${lp.deletionPath}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await lp.token()}`, 'content-type': 'application/json' },
      body: '{"consumer": [',
    });
    expect(res.status).toBe(400);
    expect((await journalled('/personal-data-deletion')).violations).toHaveLength(1);
  });
});

describe('Personal Data Deletion: monthly quota', () => {
  let q: PinnedSimulator;
  let qc: ContractClient;

  beforeAll(async () => {
    q = await startPinnedSimulator({ monthlyQuota: 3 });
    qc = ContractClient.of(q.sim);
  });
  afterAll(async () => {
    await q.sim.close();
  });

  it('refuses the 4th request of a month with 429, journalled, and accepts again from the next UTC month', async () => {
    // T0 is 10 June 2025: the next month starts on 1 July 2025, 00:00 UTC.
    expect(new Date(await q.admin.now()).getUTCMonth()).toBe(5);
    for (let i = 0; i < 3; i += 1) {
      expect((await qc.createDeletion({ consumer: [`c-${i}`] })).status).toBe(201);
    }
    const refused = await qc.createDeletion({ consumer: ['c-3'] });
    expect(refused.status).toBe(429);
    expect(refused.json.message).toMatch(/threshold/i);
    const entry = lastEntry((await q.admin.journal()).entries, '/personal-data-deletion');
    expect(entry?.status).toBe(429);
    expect(entry?.violations).toHaveLength(1);
    expect(await q.admin.requests()).toHaveLength(3);

    const nextMonth = Date.UTC(2025, 6, 1);
    await q.admin.setClock(nextMonth - 1);
    expect((await qc.createDeletion({ consumer: ['c-3'] })).status).toBe(429);
    await q.admin.setClock(nextMonth);
    expect(await q.admin.now()).toBe(nextMonth);
    const accepted = await qc.createDeletion({ consumer: ['c-3'] });
    expect(accepted.status).toBe(201);
    expect(accepted.json.request_time).toBe(new Date(nextMonth).toISOString());
  });
});

describe('Personal Data Deletion: lifecycle', () => {
  let subject: SeededSubject;

  beforeEach(async () => {
    await p.admin.reset();
    subject = await seedSubject(p, 'life');
  });

  const statusOf = async (requestId: number): Promise<string> => {
    const answer = await lp.getDeletion(requestId);
    expect(answer.status).toBe(200);
    expect(answer.json).toHaveLength(1);
    return answer.json[0].status as string;
  };

  it('honours no idempotency header (none is documented): a repeated create is a second request', async () => {
    const body = { consumer: [subject.consumerId] };
    const headers = { 'idempotency-key': 'erasure-x:0:consumer:abc' };
    const first = await lp.createDeletion(body, { headers });
    const again = await lp.createDeletion(body, { headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.json.request_id).not.toBe(first.json.request_id);
    expect((await p.admin.requests()).filter((r) => r.kind === 'consumer')).toHaveLength(2);
  });

  it('is NOT_STARTED during grace, as an array of one, and can be cancelled then', async () => {
    const created = await lp.createDeletion({ consumer: [subject.consumerId] });
    const requestId = created.json.request_id as number;
    const byId = await lp.getDeletion(requestId);
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual([
      {
        request_id: requestId,
        siteid: p.accountId,
        request_time: created.json.request_time,
        requested_by: opts().clientId,
        status: 'NOT_STARTED',
      },
    ]);

    await p.admin.advance(opts().graceMs - 1);
    expect(await statusOf(requestId)).toBe('NOT_STARTED');
    const now = await p.admin.now();
    const cancelled = await lp.cancelDeletion(requestId);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toHaveLength(1);
    expect(cancelled.json[0]).toMatchObject({
      request_id: requestId,
      siteid: p.accountId,
      request_time: created.json.request_time,
      requested_by: opts().clientId,
      cancelled_by: opts().clientId,
      cancel_timestamp: new Date(now).toISOString(),
      is_canceled: true,
    });
    expect(await statusOf(requestId)).toBe('CANCELED');

    // A cancelled request never runs: the consumer keeps its data.
    await p.admin.advance(opts().graceMs + opts().processingMs);
    expect(await statusOf(requestId)).toBe('CANCELED');
    expect((await p.admin.remaining([subject.lastName])).map((r) => r.kind)).toContain('consumer');
    // And a second cancel is refused.
    expect((await lp.cancelDeletion(requestId)).status).toBe(400);
  });

  it('is IN_PROGRESS after grace; cancelling then is refused with 400 (not a violation) and changes nothing', async () => {
    const created = await lp.createDeletion({ consumer: [subject.consumerId] });
    const requestId = created.json.request_id as number;
    await p.admin.advance(opts().graceMs);
    expect(await statusOf(requestId)).toBe('IN_PROGRESS');
    const refused = await lp.cancelDeletion(requestId);
    expect(refused.status).toBe(400);
    expect(refused.json.message).toMatch(/IN_PROGRESS/);
    const entry = await journalled('/cancel');
    expect(entry).toMatchObject({ status: 400, violations: [] });
    expect(await statusOf(requestId)).toBe('IN_PROGRESS');
    expect((await p.admin.requests())[0]?.status).toBe('IN_PROGRESS');
  });

  it('is DONE after grace + processing and masks conversations, the consumer and the engagement', async () => {
    const before = await p.admin.remaining(subject.personalValues);
    const kinds = new Set(before.map((r) => r.kind));
    expect(kinds).toEqual(new Set(['consumer', 'conversation', 'engagement']));

    const conversationIds = [...subject.closedConversationIds, subject.unattributedConversationId];
    const requests = [
      await lp.createDeletion({ conversation: conversationIds }),
      await lp.createDeletion({ consumer: [subject.consumerId] }),
      await lp.createDeletion({ engagement: [subject.engagementId] }),
    ].map((a) => {
      expect(a.status).toBe(201);
      return a.json.request_id as number;
    });

    await p.admin.advance(opts().graceMs + opts().processingMs - 1);
    for (const id of requests) expect(await statusOf(id)).toBe('IN_PROGRESS');
    expect((await p.admin.remaining(subject.personalValues)).length).toBeGreaterThan(0);
    await p.admin.advance(1);
    for (const id of requests) expect(await statusOf(id)).toBe('DONE');

    // Messaging Interactions: messages, summary and SDEs carry the placeholder.
    const conv = await lp.messaging('conversation/search', {
      conversationId: subject.closedConversationIds[0],
    });
    expect(conv.status).toBe(200);
    const record = conv.json.conversationHistoryRecords[0];
    expect(record.info.conversationId).toBe(subject.closedConversationIds[0]);
    const texts = (record.messageRecords as Array<{ messageData: { msg: { text: string } } }>).map(
      (m) => m.messageData.msg.text,
    );
    expect(texts).toEqual([PLACEHOLDER, PLACEHOLDER]);
    expect(record.summary.text).toBe(PLACEHOLDER);
    const sdes = sdeStrings(record.sdes);
    expect(sdes.length).toBeGreaterThan(0);
    expect(new Set(sdes)).toEqual(new Set([PLACEHOLDER]));

    // Consumer deletion: the profile shown in consumerParticipants is masked.
    const byConsumer = await lp.messaging('consumer/search', {
      consumer: subject.consumerId,
      status: ['OPEN', 'CLOSE'],
    });
    expect(byConsumer.json._metadata.count).toBe(5);
    for (const r of byConsumer.json.conversationHistoryRecords) {
      expect(r.consumerParticipants[0]).toMatchObject({
        participantId: subject.consumerId,
        firstName: PLACEHOLDER,
        lastName: PLACEHOLDER,
        email: PLACEHOLDER,
        phone: PLACEHOLDER,
      });
    }

    // Engagement deletion: transcript lines, visitor name and SDEs.
    const eng = await lp.engagements({
      start: { from: 0, to: await p.admin.now() },
      engagementId: subject.engagementId,
    });
    expect(eng.status).toBe(200);
    const e = eng.json.interactionHistoryRecords[0];
    expect(e.info.visitorName).toBe(PLACEHOLDER);
    expect((e.transcript.lines as Array<{ text: string }>).map((l) => l.text)).toEqual([
      PLACEHOLDER,
      PLACEHOLDER,
    ]);
    expect(new Set(sdeStrings(e.sdes))).toEqual(new Set([PLACEHOLDER]));

    expect(await p.admin.remaining(subject.personalValues)).toEqual([]);
    // The bystander is untouched.
    const bystander = await p.admin.remaining([subject.bystander.email]);
    expect(bystander.map((r) => `${r.kind}:${r.id}`).sort()).toEqual(
      [
        `consumer:${subject.bystander.consumerId}`,
        `conversation:${subject.bystander.conversationId}`,
        `engagement:${subject.bystander.engagementId}`,
      ].sort(),
    );
  });

  it('lists requests with status, fromDate and toDate filters', async () => {
    const base = await p.admin.now();
    const r1 = (await lp.createDeletion({ consumer: ['c-1'] })).json.request_id as number;
    await p.admin.advance(2 * DAY);
    const r2 = (await lp.createDeletion({ consumer: ['c-2'] })).json.request_id as number;
    expect((await lp.cancelDeletion(r2)).status).toBe(200);

    const list = async (query: Record<string, string>): Promise<number[]> => {
      const answer = await lp.listDeletions(query);
      expect(answer.status).toBe(200);
      return (answer.json as Array<{ request_id: number }>).map((r) => r.request_id).sort();
    };
    const all = await lp.listDeletions();
    expect(all.json).toHaveLength(2);
    for (const row of all.json) {
      expect(Object.keys(row).sort()).toEqual(
        ['request_id', 'siteid', 'request_time', 'requested_by', 'status'].sort(),
      );
    }
    expect(await list({ status: 'CANCELED' })).toEqual([r2]);
    expect(await list({ status: 'NOT_STARTED' })).toEqual([r1]);
    expect(await list({ status: 'DONE' })).toEqual([]);
    expect(await list({ fromDate: day(base + DAY) })).toEqual([r2]);
    expect(await list({ toDate: day(base) })).toEqual([r1]);
    expect(await list({ fromDate: day(base), toDate: day(base + 2 * DAY) })).toEqual([r1, r2].sort());
    expect(await list({ fromDate: day(base + 3 * DAY) })).toEqual([]);
    expect(await list({ status: 'CANCELED', toDate: day(base) })).toEqual([]);
  });

  it.each(['10/06/2025', '2025-6-1', '2025-13-01', '1718000000000', 'yesterday'])(
    'answers 400 for the date %s, journalled as a violation',
    async (value) => {
      expect((await lp.listDeletions({ fromDate: value })).status).toBe(400);
      expect((await journalled('/personal-data-deletion')).violations).toHaveLength(1);
      expect((await lp.listDeletions({ toDate: value })).status).toBe(400);
    },
  );

  it('answers 400 for a calendar date that does not exist (2025-02-30)', async () => {
    expect((await lp.listDeletions({ fromDate: '2025-02-30' })).status).toBe(400);
  });

  it('answers 404 for an unknown request id, on get and on cancel', async () => {
    expect((await lp.getDeletion(999_999)).status).toBe(404);
    expect((await lp.cancelDeletion(999_999)).status).toBe(404);
  });
});

describe('Messaging Interactions', () => {
  let subject: SeededSubject;
  let now: number;

  beforeEach(async () => {
    await p.admin.reset();
    subject = await seedSubject(p, 'mi');
    now = await p.admin.now();
  });

  const recent = () => ({ from: now - 80 * DAY, to: now });

  describe('conversations/search validation', () => {
    it('answers 400 without start, journalled as a violation', async () => {
      const answer = await lp.messaging('search', { status: ['CLOSE'] });
      expect(answer.status).toBe(400);
      expect(answer.json.message).toMatch(/start/);
      expect((await journalled('/conversations/search')).violations).toHaveLength(1);
    });

    it("reads a window from a month end the calendar way: the missing day is the month's last", async () => {
      // 30 November + 3 months = 28 February (no 30 February); a day more is past three months.
      const from = Date.UTC(2025, 10, 30);
      const to = Date.UTC(2026, 1, 28);
      const at = (end: number) => lp.messaging('search', { start: { from, to: end } });
      expect((await at(to)).status).toBe(200);
      expect((await at(to + 86_400_000)).status).toBe(400);
      // 31 December + 1 month (Engagement History) = 31 January; 31 January + 1 month = 28 February.
      expect(
        (await lp.engagements({ start: { from: Date.UTC(2026, 0, 31), to: Date.UTC(2026, 1, 28) } })).status,
      ).toBe(200);
      expect(
        (await lp.engagements({ start: { from: Date.UTC(2026, 0, 31), to: Date.UTC(2026, 2, 1) } })).status,
      ).toBe(400);
    });

    it('answers 400 for a window over three calendar months, accepts exactly three', async () => {
      const to = alignTenMinutes(now, 'down');
      const from = earliestStart(to, opts().conversationWindowMonths);
      expect((await lp.messaging('search', { start: { from, to } })).status).toBe(200);
      // One millisecond more is ten minutes more once the platform rounds `from` down.
      const over = await lp.messaging('search', { start: { from: from - 1, to } });
      expect(over.status).toBe(400);
      expect(over.json.message).toMatch(/start interval exceeds 3 months/);
      expect((await journalled('/conversations/search')).violations).toHaveLength(1);
      expect((await lp.messaging('search', { start: { from: now, to: now - 1 } })).status).toBe(400);
      expect((await lp.messaging('search', { start: { from: String(now - DAY), to: now } })).status).toBe(
        400,
      );
    });

    it('answers 400 for limit 101 (and 0), accepts 100', async () => {
      const body = { start: recent() };
      expect((await lp.messaging('search', body, { source: 'LetheTests', limit: '100' })).status).toBe(200);
      expect((await lp.messaging('search', body, { source: 'LetheTests', limit: '101' })).status).toBe(400);
      expect((await journalled('/conversations/search')).violations).toHaveLength(1);
      expect((await lp.messaging('search', body, { source: 'LetheTests', limit: '0' })).status).toBe(400);
      expect((await lp.messaging('search', body, { source: 'LetheTests', offset: '-1' })).status).toBe(400);
    });

    it('answers 400 without the source query parameter or with one over 20 characters', async () => {
      const body = { start: recent() };
      expect((await lp.messaging('search', body, {})).status).toBe(400);
      expect((await journalled('/conversations/search')).violations[0]).toMatch(/source/);
      expect((await lp.messaging('search', body, { source: 'x'.repeat(21) })).status).toBe(400);
      expect((await lp.messaging('search', body, { source: 'x'.repeat(20) })).status).toBe(200);
      expect((await lp.messaging('consumer/search', { consumer: 'c', status: ['CLOSE'] }, {})).status).toBe(
        400,
      );
      expect((await lp.messaging('conversation/search', { conversationId: 'x' }, {})).status).toBe(400);
    });
  });

  describe('paging', () => {
    const seedMany = async (consumerId: string): Promise<string[]> => {
      const conversationIds = Array.from({ length: 250 }, (_, i) => `page-${String(i).padStart(3, '0')}`);
      await p.admin.seed({
        conversations: conversationIds.map((conversationId, i) => ({
          conversationId,
          consumerId,
          startTime: now - (i + 1) * 3_600_000,
          endTime: now - (i + 1) * 3_600_000 + 60_000,
          sdes: { customerId: 'paging-customer' },
        })),
      });
      return conversationIds;
    };

    const pageThrough = async (
      call: (offset: number) => Promise<Answer>,
    ): Promise<{ pages: Answer[]; seen: string[] }> => {
      const pages: Answer[] = [];
      for (let offset = 0; offset < 1000; offset += 100) {
        const answer = await call(offset);
        expect(answer.status).toBe(200);
        pages.push(answer);
        if (!answer.json._metadata.next) break;
      }
      return { pages, seen: pages.flatMap(ids) };
    };

    it('pages 250 conversations of one consumer by 100, with next on all pages but the last', async () => {
      const all = await seedMany('paging-consumer');
      const { pages, seen } = await pageThrough((offset) =>
        lp.messaging(
          'consumer/search',
          { consumer: 'paging-consumer', status: ['OPEN', 'CLOSE'] },
          { source: 'LetheTests', offset: String(offset), limit: '100' },
        ),
      );
      expect(pages).toHaveLength(3);
      expect(pages.map((a) => a.json._metadata.count)).toEqual([250, 250, 250]);
      expect(pages.map((a) => ids(a).length)).toEqual([100, 100, 50]);
      expect(pages.map((a) => a.json._metadata.next !== undefined)).toEqual([true, true, false]);
      expect(pages[0]?.json._metadata.next.href).toMatch(/offset=100/);
      expect(new Set(seen).size).toBe(250);
      expect([...seen].sort()).toEqual([...all].sort());
      // Newest first.
      expect(seen[0]).toBe('page-000');
      expect(seen[249]).toBe('page-249');
    });

    it('pages conversations/search the same way', async () => {
      const all = await seedMany('paging-consumer');
      const { pages, seen } = await pageThrough((offset) =>
        lp.messaging(
          'search',
          { start: recent(), sdeSearch: { customerInfo: 'paging-customer' } },
          { source: 'LetheTests', offset: String(offset), limit: '100' },
        ),
      );
      expect(pages.map((a) => a.json._metadata.count)).toEqual([250, 250, 250]);
      expect(pages.map((a) => a.json._metadata.next !== undefined)).toEqual([true, true, false]);
      expect(new Set(seen)).toEqual(new Set(all));
      expect(seen).toHaveLength(250);
    });

    it('answers the next link, followed as given, with the next page', async () => {
      await seedMany('paging-consumer');
      const body = { consumer: 'paging-consumer', status: ['CLOSE'] };
      const first = await lp.messaging('consumer/search', body, {
        source: 'LetheTests',
        offset: '0',
        limit: '100',
      });
      const href = first.json._metadata.next.href as string;
      const next = await lp.raw(
        'POST',
        href.startsWith('http') ? new URL(href).pathname + new URL(href).search : href,
        {
          json: body,
        },
      );
      expect(next.status).toBe(200);
      expect(ids(next)[0]).toBe('page-100');
    });
  });

  it('sdeSearch personalInfo finds by email or phone, customerInfo by customer id, never the bystander', async () => {
    const search = async (sdeSearch: Record<string, string>): Promise<string[]> => {
      const answer = await lp.messaging('search', { start: recent(), sdeSearch });
      expect(answer.status).toBe(200);
      return ids(answer).sort();
    };
    const attributed = [...subject.closedConversationIds].sort();
    expect(await search({ personalInfo: subject.email })).toEqual(attributed);
    expect(await search({ personalInfo: subject.phone })).toEqual(attributed);
    expect(await search({ customerInfo: subject.customerId })).toEqual(attributed);
    // The attribute type scopes the search.
    expect(await search({ customerInfo: subject.email })).toEqual([]);
    expect(await search({ personalInfo: subject.bystander.email })).toEqual([
      subject.bystander.conversationId,
    ]);
    expect(await search({ personalInfo: 'nobody@example.com' })).toEqual([]);
  });

  it('filters by status OPEN and CLOSE', async () => {
    const search = async (status: string[]): Promise<string[]> =>
      ids(await lp.messaging('search', { start: recent(), status })).sort();
    expect(await search(['OPEN'])).toEqual([subject.openConversationId]);
    const closed = await search(['CLOSE']);
    expect(closed).toEqual(
      [
        ...subject.closedConversationIds,
        subject.unattributedConversationId,
        subject.bystander.conversationId,
      ].sort(),
    );
    expect(await search(['OPEN', 'CLOSE'])).toHaveLength(6);
  });

  it('renders an open conversation with endTimeL -1 and a closed one with its end', async () => {
    const open = await lp.messaging('conversation/search', { conversationId: subject.openConversationId });
    expect(open.json.conversationHistoryRecords[0].info).toMatchObject({
      status: 'OPEN',
      endTimeL: -1,
      endTime: 'undefined',
      brandId: p.accountId,
    });
    const closed = await lp.messaging('conversation/search', {
      conversationId: subject.closedConversationIds[0],
    });
    const info = closed.json.conversationHistoryRecords[0].info;
    expect(info.status).toBe('CLOSE');
    expect(info.endTimeL).toBe(info.startTimeL + 600_000);
  });

  it('does not return conversations older than 13 calendar months', async () => {
    const retained = addUtcMonths(now, -opts().retentionMonths);
    await p.admin.seed({
      conversations: [
        {
          conversationId: 'old-gone',
          consumerId: subject.consumerId,
          startTime: retained - 1,
          sdes: { customerId: 'ret' },
        },
        {
          conversationId: 'old-kept',
          consumerId: subject.consumerId,
          startTime: retained,
          sdes: { customerId: 'ret' },
        },
      ],
    });
    const window = { from: retained - DAY, to: retained + 30 * DAY };
    expect(ids(await lp.messaging('search', { start: window, sdeSearch: { customerInfo: 'ret' } }))).toEqual([
      'old-kept',
    ]);
    expect(ids(await lp.messaging('conversation/search', { conversationId: 'old-gone' }))).toEqual([]);
    expect(ids(await lp.messaging('conversation/search', { conversationId: 'old-kept' }))).toEqual([
      'old-kept',
    ]);
    const byConsumer = ids(
      await lp.messaging('consumer/search', { consumer: subject.consumerId, status: ['OPEN', 'CLOSE'] }),
    );
    expect(byConsumer).toContain('old-kept');
    expect(byConsumer).not.toContain('old-gone');
  });

  it('consumer/search requires consumer and status, and returns only that consumer', async () => {
    expect((await lp.messaging('consumer/search', { status: ['CLOSE'] })).status).toBe(400);
    expect((await lp.messaging('consumer/search', { consumer: subject.consumerId })).status).toBe(400);
    expect((await lp.messaging('consumer/search', { consumer: subject.consumerId, status: [] })).status).toBe(
      400,
    );
    expect((await p.admin.journal()).violations).toHaveLength(3);
    const closed = await lp.messaging('consumer/search', { consumer: subject.consumerId, status: ['CLOSE'] });
    expect(ids(closed).sort()).toEqual(
      [...subject.closedConversationIds, subject.unattributedConversationId].sort(),
    );
    const everything = await lp.messaging('consumer/search', {
      consumer: subject.consumerId,
      status: ['OPEN', 'CLOSE'],
    });
    expect(everything.json._metadata.count).toBe(5);
    expect(ids(everything)).not.toContain(subject.bystander.conversationId);
  });

  it('conversation/search returns one conversation by id, and honours contentToRetrieve', async () => {
    expect((await lp.messaging('conversation/search', {})).status).toBe(400);
    const answer = await lp.messaging('conversation/search', {
      conversationId: subject.closedConversationIds[1],
    });
    expect(answer.status).toBe(200);
    expect(answer.json._metadata.count).toBe(1);
    const record = answer.json.conversationHistoryRecords[0];
    expect(record.info.conversationId).toBe(subject.closedConversationIds[1]);
    expect(record.consumerParticipants[0]).toMatchObject({
      participantId: subject.consumerId,
      email: subject.email,
      lastName: subject.lastName,
    });
    expect(record.messageRecords[0].messageData.msg.text).toContain(subject.email);
    expect(sdeStrings(record.sdes)).toEqual(expect.arrayContaining([subject.email, subject.customerId]));

    const slim = await lp.messaging('conversation/search', {
      conversationId: subject.closedConversationIds[1],
      contentToRetrieve: ['sdes'],
    });
    const slimRecord = slim.json.conversationHistoryRecords[0];
    expect(slimRecord.sdes).toBeDefined();
    expect(slimRecord.messageRecords).toBeUndefined();
    expect(slimRecord.consumerParticipants).toBeUndefined();
    expect(ids(await lp.messaging('conversation/search', { conversationId: 'no-such' }))).toEqual([]);
  });
});

describe('Engagement History', () => {
  let subject: SeededSubject;
  let now: number;

  beforeEach(async () => {
    await p.admin.reset();
    subject = await seedSubject(p, 'eh');
    now = await p.admin.now();
  });

  const month = () => ({ from: now - 30 * DAY, to: now });

  it('answers 400 for a window over one calendar month, unless searching by engagementId or visitor', async () => {
    const to = alignTenMinutes(now, 'down');
    const from = earliestStart(to, opts().engagementWindowMonths);
    expect((await lp.engagements({ start: { from, to } })).status).toBe(200);
    const wide = { from: from - 1, to };
    const over = await lp.engagements({ start: wide });
    expect(over.status).toBe(400);
    expect(over.json.message).toMatch(/start interval exceeds 1 month/);
    expect((await journalled('/interactions/search')).violations).toHaveLength(1);

    const byId = await lp.engagements({
      start: { from: now - 300 * DAY, to: now },
      engagementId: subject.engagementId,
    });
    expect(byId.status).toBe(200);
    expect(engagementIds(byId)).toEqual([subject.engagementId]);
    const byVisitor = await lp.engagements({
      start: { from: now - 300 * DAY, to: now },
      visitor: `visitor-${subject.tag}`,
    });
    expect(byVisitor.status).toBe(200);
    expect(engagementIds(byVisitor)).toEqual([subject.engagementId]);
    expect((await lp.engagements({})).status).toBe(400);
    expect((await lp.engagements({ start: month() }, { limit: '101' })).status).toBe(400);
  });

  it('engagementId is the account id followed by the chat id', async () => {
    const answer = await lp.engagements({ start: month() });
    const record = (answer.json.interactionHistoryRecords as Array<{ info: Record<string, unknown> }>).find(
      (r) => r.info.visitorName === 'Ada',
    );
    expect(record?.info.engagementId).toBe(`${p.accountId}${subject.chatId}`);
    expect(record?.info.accountId).toBe(p.accountId);
  });

  it('keyword phrases search the areas named in keyword_search_area', async () => {
    const search = async (keyword: string, types: string[]): Promise<string[]> => {
      const answer = await lp.engagements({ start: month(), keyword, keyword_search_area: { types } });
      expect(answer.status).toBe(200);
      return engagementIds(answer);
    };
    expect(await search(`"${subject.email}"`, ['ea.personalInfo'])).toEqual([subject.engagementId]);
    expect(await search(`"${subject.customerId}"`, ['ea.customerInfo'])).toEqual([subject.engagementId]);
    expect(await search(`"${subject.customerId}"`, ['ea.personalInfo'])).toEqual([]);
    expect(await search(`"${subject.email}"`, ['ea.customerInfo'])).toEqual([]);
    expect(await search(`"${subject.bystander.email}"`, ['ea.personalInfo'])).toEqual([
      subject.bystander.engagementId,
    ]);
    expect(await search(`"${subject.email}"`, ['chatLine'])).toEqual([subject.engagementId]);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('answers 400 for an unknown keyword_search_area type, journalled', async () => {
    const answer = await lp.engagements({
      start: month(),
      keyword: '"x"',
      keyword_search_area: { types: ['ea.bogus'] },
    });
    expect(answer.status).toBe(400);
    expect((await journalled('/interactions/search')).violations).toHaveLength(1);
  });

  it('accepts every documented keyword_search_area type', async () => {
    const documented = [
      'chatLine',
      'surveyAnswer',
      'surveyQuestion',
      'visitorInfo',
      'ea.purchase',
      'ea.viewedProduct',
      'ea.cartStatus',
      'ea.serviceActivity',
      'ea.visitorError',
      'ea.lead',
      'ea.customerInfo',
      'ea.marketingCampaignInfo',
      'ea.personalInfo',
      'mcs',
    ];
    const refused: string[] = [];
    for (const type of documented) {
      const answer = await lp.engagements({
        start: month(),
        keyword: '"x"',
        keyword_search_area: { types: [type] },
      });
      if (answer.status !== 200) refused.push(type);
    }
    expect(refused).toEqual([]);
  });

  describe('paging', () => {
    beforeEach(async () => {
      await p.admin.seed({
        engagements: Array.from({ length: 120 }, (_, i) => ({
          chatId: nextChatId(),
          startTime: now - (i + 1) * 3_600_000,
          lines: [{ text: 'paging line' }],
        })),
      });
    });

    it('pages with next on all pages but the last, without duplicates', async () => {
      const seen: string[] = [];
      const nexts: boolean[] = [];
      for (let offset = 0; offset < 1000; offset += 50) {
        const answer = await lp.engagements(
          { start: month(), keyword: 'paging line' },
          { offset: String(offset), limit: '50' },
        );
        expect(answer.json._metadata.count).toBe(120);
        seen.push(...engagementIds(answer));
        nexts.push(answer.json._metadata.next !== undefined);
        if (!answer.json._metadata.next) break;
      }
      expect(nexts).toEqual([true, true, false]);
      expect(seen).toHaveLength(120);
      expect(new Set(seen).size).toBe(120);
    });

    it('gives a last link while there are more pages', async () => {
      const answer = await lp.engagements(
        { start: month(), keyword: 'paging line' },
        { offset: '0', limit: '50' },
      );
      expect(answer.json._metadata.last?.href).toMatch(/offset=100/);
    });
  });
});

describe('Fault injection', () => {
  beforeEach(async () => {
    await p.admin.reset();
  });

  const domainPath = () => `/api/account/${p.accountId}/service/baseURI.json?version=1.0`;
  const domain = () => lp.raw('GET', domainPath(), { bearer: null });

  it('errorRate 1 answers 500, journalled as a fault and not a violation', async () => {
    await p.admin.faults({ errorRate: 1 });
    const answer = await domain();
    expect(answer.status).toBe(500);
    const { entries, violations } = await p.admin.journal();
    expect(entries.at(-1)).toMatchObject({ status: 500, fault: 'error', violations: [] });
    expect(violations).toEqual([]);
  });

  it('malformedRate 1 answers 200 with a body that is not JSON', async () => {
    await p.admin.faults({ malformedRate: 1 });
    const answer = await domain();
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect((await p.admin.journal()).entries.at(-1)).toMatchObject({ status: 200, fault: 'malformed' });
  });

  it('timeoutRate 1 never answers, journalled as a timeout', async () => {
    await p.admin.faults({ timeoutRate: 1, timeoutHoldMs: 2_000 });
    await expect(
      lp.raw('GET', domainPath(), { bearer: null, signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    expect((await p.admin.journal()).entries.at(-1)).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('latencyMs delays every call', async () => {
    await p.admin.faults({ latencyMs: 150 });
    const started = performance.now();
    const answer = await domain();
    expect(answer.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('pathContains scopes the faults', async () => {
    await p.admin.faults({ errorRate: 1, pathContains: '/personal-data-deletion' });
    expect((await domain()).status).toBe(200);
    const token = await lp.token();
    expect((await lp.raw('GET', lp.deletionPath, { bearer: token })).status).toBe(500);
    expect((await lp.messaging('search', { start: { from: 0, to: 1 } })).status).toBe(200);
  });

  it('maxFaults stops injecting after that many faults', async () => {
    await p.admin.faults({ errorRate: 1, maxFaults: 2 });
    expect([(await domain()).status, (await domain()).status, (await domain()).status]).toEqual([
      500, 500, 200,
    ]);
  });

  it('DELETE /admin/faults clears them', async () => {
    await p.admin.faults({ errorRate: 1 });
    expect((await domain()).status).toBe(500);
    await p.admin.clearFaults();
    expect((await domain()).status).toBe(200);
    expect((await p.admin.journal()).entries.at(-1)?.fault).toBeUndefined();
  });

  it('ignore-deletion leaves an id unmasked although its request is DONE', async () => {
    const subject = await seedSubject(p, 'ignore');
    const [ignored, masked] = subject.closedConversationIds;
    await p.admin.ignoreDeletionOf([ignored ?? '']);
    const created = await lp.createDeletion({ conversation: [ignored, masked] });
    expect(created.status).toBe(201);
    await p.admin.advance(opts().graceMs + opts().processingMs);
    const status = await lp.getDeletion(created.json.request_id);
    expect(status.json[0].status).toBe('DONE');
    const remaining = await p.admin.remaining([subject.email]);
    const conversations = remaining.filter((r) => r.kind === 'conversation').map((r) => r.id);
    expect(conversations).toContain(ignored);
    expect(conversations).not.toContain(masked);
    const record = (await lp.messaging('conversation/search', { conversationId: ignored })).json
      .conversationHistoryRecords[0];
    expect(record.messageRecords[0].messageData.msg.text).toContain(subject.email);
  });
});

describe('journal', () => {
  beforeEach(async () => {
    await p.admin.reset();
  });

  it('records every platform call, admin calls excluded', async () => {
    await lp.raw('GET', `/api/account/${p.accountId}/service/baseURI.json?version=1.0`, { bearer: null });
    await lp.listDeletions();
    await lp.raw('GET', '/no/such/route', { bearer: null });
    const { entries, violations } = await p.admin.journal();
    expect(entries.map((e) => `${e.method} ${e.status}`)).toEqual([
      'GET 200',
      'POST 200',
      'GET 200',
      'GET 404',
    ]);
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(entries.every((e) => !e.path.startsWith('/admin'))).toBe(true);
    expect(violations.map((e) => e.path)).toEqual(['/no/such/route']);
  });

  it('answers a path with malformed percent-encoding with a 4xx and journals it', async () => {
    const answer = await lp.raw('GET', '/api/account/%E0%A4%A/service/baseURI.json?version=1.0', {
      bearer: null,
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    const { entries } = await p.admin.journal();
    expect(entries.at(-1)?.path).toContain('%E0%A4%A');
  });
});

describe('virtual clock', () => {
  it('is pinned to the test instant and only moves forward', async () => {
    const before = await p.admin.now();
    expect(before).toBeGreaterThanOrEqual(T0);
    expect(await p.admin.setClock(before - DAY)).toBe(before);
    expect(await p.admin.advance(DAY)).toBe(before + DAY);
    expect(p.sim.context.clock.now()).toBe(before + DAY);
  });
});
