/**
 * A second reading of the LivePerson simulator, written from the platform's documentation alone
 * (the platform-contracts notes, §0 and §1, seeds 000-002), without reading the simulator's
 * routes. Every call goes over real HTTP the documented way: Domain API → service hosts, Sentinel
 * client-credentials token, then the Data APIs. The admin API only seeds data and moves the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import { type LivePersonSimulator, startLivePersonSimulator } from '../../src/simulator/liveperson/server';
import {
  type CallInit,
  call,
  DAY,
  HOUR,
  isoDay,
  lpSentinelToken,
  lpServiceHosts,
  MINUTE,
  plusMonths,
  type Reply,
  utc,
} from '../helpers/documented-http';

type SeedInput = Parameters<LivePersonAdminClient['seed']>[0];

/** Both documented spellings of the masking placeholder, alone, repeated or joined (§0). */
const PLACEHOLDER = /^(\s*\*{2,3} LP deleted data \*{2,3}\s*)+$/;
/** The only fields of a deletion-request list row (§0, get-delete-request). */
const LIST_ROW_FIELDS = ['request_id', 'requested_by', 'request_time', 'siteid', 'status'].sort();
const PDD_STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'CANCELED', 'DONE'];
const SOURCE = 'LetheDocumentedTest';

/** One simulator on a pinned clock, reached only through documented discovery and auth. */
class LivePerson {
  private constructor(
    readonly sim: LivePersonSimulator,
    readonly admin: LivePersonAdminClient,
    readonly account: string,
    private readonly hosts: Map<string, string>,
  ) {}

  static async start(now: number): Promise<LivePerson> {
    const sim = await startLivePersonSimulator({ realNow: () => now });
    const account = sim.context.options.accountId;
    const hosts = await lpServiceHosts(sim.url, account);
    return new LivePerson(sim, new LivePersonAdminClient(sim.url), account, hosts);
  }

  host(service: string): string {
    const base = this.hosts.get(service);
    if (base === undefined) throw new Error(`Domain API lists no ${service}`);
    return base;
  }

  /** A fresh Sentinel token (the clock may have moved past the previous one's expiry). */
  token(): Promise<string> {
    const o = this.sim.context.options;
    return lpSentinelToken(this.host('sentinel'), this.account, o.clientId, o.clientSecret);
  }

  /** Calls `path` on `service`'s host with a fresh bearer token unless `bearer` is given. */
  async send(service: string, path: string, init: CallInit = {}): Promise<Reply> {
    const bearer = 'bearer' in init ? init.bearer : await this.token();
    return call(`${this.host(service)}${path}`, { ...init, ...(bearer === undefined ? {} : { bearer }) });
  }

  /** Moves the virtual clock forward to `t` (never back). */
  async clockAtLeast(t: number): Promise<void> {
    if ((await this.admin.now()) < t) await this.admin.setClock(t);
  }

  ehSearch(body: unknown, query = ''): Promise<Reply> {
    return this.send(
      'engHistDomain',
      `/interaction_history/api/account/${this.account}/interactions/search${query}`,
      {
        json: body,
      },
    );
  }

  miSearch(body: unknown, query = `?source=${SOURCE}`, kind = 'search'): Promise<Reply> {
    const path = kind === 'search' ? 'conversations/search' : `conversations/${kind}/search`;
    return this.send('msgHist', `/messaging_history/api/account/${this.account}/${path}${query}`, {
      json: body,
    });
  }

  createDeletion(body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    return this.send('rtbf', `/api/account/${this.account}/personal-data-deletion`, { json: body, headers });
  }

  listDeletions(query = ''): Promise<Reply> {
    return this.send('rtbf', `/api/account/${this.account}/personal-data-deletion${query}`);
  }

  getDeletion(id: number): Promise<Reply> {
    return this.send('rtbf', `/api/account/${this.account}/personal-data-deletion/${id}`);
  }

  cancelDeletion(id: number): Promise<Reply> {
    return this.send('rtbf', `/api/account/${this.account}/personal-data-deletion/${id}/cancel`, {
      method: 'POST',
    });
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** Starts one simulator for a describe block and closes it after (guarded). */
function useLivePerson(now: number): () => LivePerson {
  let lp: LivePerson | undefined;
  beforeAll(async () => {
    lp = await LivePerson.start(now);
  });
  afterAll(async () => {
    await lp?.close();
  });
  return () => {
    if (lp === undefined) throw new Error('simulator not started');
    return lp;
  };
}

/** Start dates covering every month of a year (days 1, 10, 28) plus month ends that recur. */
function startDates(extra: number[]): number[] {
  const dates: number[] = [...extra];
  for (let month = 1; month <= 12; month++) for (const day of [1, 10, 28]) dates.push(utc(2027, month, day));
  return [...new Set(dates)].sort((a, b) => a - b);
}

describe('Domain API and Sentinel (§1.0)', () => {
  const lp = useLivePerson(utc(2027, 1, 15));

  it('lists every service Lethe needs under its case-sensitive name', async () => {
    const all = await call(`${lp().sim.url}/api/account/${lp().account}/service/baseURI.json?version=1.0`);
    expect(all.status).toBe(200);
    const services = (all.json.baseURIs as Array<{ service: string; account: string }>).map((b) => b.service);
    expect(services).toEqual(
      expect.arrayContaining(['rtbf', 'msgHist', 'engHistDomain', 'sentinel', 'agentVep']),
    );
  });

  it('answers the single-service form with {service, account, baseURI}', async () => {
    const one = await call(
      `${lp().sim.url}/api/account/${lp().account}/service/msgHist/baseURI.json?version=1.0`,
    );
    expect(one.status).toBe(200);
    expect(one.json).toMatchObject({
      service: 'msgHist',
      account: lp().account,
      baseURI: expect.any(String),
    });
  });

  it('answers 401 for a site (account) it does not know', async () => {
    const reply = await call(`${lp().sim.url}/api/account/99999999/service/msgHist/baseURI.json?version=1.0`);
    expect(reply.status, reply.text).toBe(401);
  });

  it('issues a bearer token for form-encoded client credentials', async () => {
    expect(await lp().token()).toEqual(expect.any(String));
  });
});

describe('Engagement History interactions/search (§1.c, §0)', () => {
  const lp = useLivePerson(utc(2026, 1, 1));

  /** Searches [from, to] with the clock set after the window, so every chat in it is history. */
  async function window(from: number, to: number, extra: object = {}): Promise<Reply> {
    await lp().clockAtLeast(to + 2 * DAY);
    return lp().ehSearch({ start: { from, to }, ...extra });
  }

  it('requires start {from, to}', async () => {
    expect((await lp().ehSearch({})).status).toBe(400);
  });

  it.each([
    {
      name: '2026-01-01→02-01 (31 d, 1 month)',
      from: utc(2026, 1, 1),
      to: utc(2026, 2, 1),
      status: 200,
    },
    {
      name: '2026-01-31→03-02 (30 d over Feb)',
      from: utc(2026, 1, 31),
      to: utc(2026, 3, 2),
      status: 400,
    },
    {
      name: '2026-02-01→03-01 (28 d, 1 month)',
      from: utc(2026, 2, 1),
      to: utc(2026, 3, 1),
      status: 200,
    },
    {
      name: '2026-02-01→03-03 (30 d over Feb)',
      from: utc(2026, 2, 1),
      to: utc(2026, 3, 3),
      status: 400,
    },
  ])('window $name answers $status', async ({ from, to, status }) => {
    const reply = await window(from, to);
    expect(reply.status, reply.text).toBe(status);
  });

  const starts = startDates([utc(2027, 7, 31), utc(2027, 8, 30), utc(2027, 12, 29), utc(2027, 12, 31)]);
  it.each(starts.map((s) => [isoDay(s), s]))(
    'from %s: [d, same day next month] is accepted, one day more is refused',
    async (_day, from) => {
      const to = plusMonths(from, 1);
      const accepted = await window(from, to);
      expect(accepted.status, `${isoDay(from)} → ${isoDay(to)}: ${accepted.text}`).toBe(200);
      const refused = await window(from, to + DAY);
      expect(refused.status, `${isoDay(from)} → ${isoDay(to + DAY)}: ${refused.text}`).toBe(400);
    },
  );

  it('refuses a window one 10-minute step longer than a calendar month', async () => {
    const reply = await window(utc(2028, 1, 1), utc(2028, 2, 1, 0, 10));
    expect(reply.status, reply.text).toBe(400);
  });

  it('pages with limit ≤ 100, _metadata.count and a next link', async () => {
    const engagements = Array.from({ length: 105 }, (_, i) => ({
      chatId: String(300_000 + i),
      startTime: utc(2028, 3, 1) + i * HOUR,
      endTime: utc(2028, 3, 1) + i * HOUR + 20 * MINUTE,
      lines: [{ text: `line ${i}` }],
    }));
    await lp().clockAtLeast(utc(2028, 4, 5));
    await lp().admin.seed({ engagements });
    const range = { start: { from: utc(2028, 3, 1), to: utc(2028, 4, 1) } };
    const full = await lp().ehSearch(range, '?offset=0&limit=100');
    expect(full.status, full.text).toBe(200);
    expect(full.json.interactionHistoryRecords).toHaveLength(100);
    expect(full.json._metadata.count).toBe(105);

    const first = await lp().ehSearch(range, '?offset=0&limit=50');
    expect(first.json.interactionHistoryRecords).toHaveLength(50);
    expect(first.json._metadata.next.href).toMatch(/offset=50/);
    const last = await lp().ehSearch(range, '?offset=100&limit=50');
    expect(last.json.interactionHistoryRecords).toHaveLength(5);

    // "Max value is 100": a larger limit is either refused or never yields more than 100 records.
    const over = await lp().ehSearch(range, '?offset=0&limit=101');
    if (over.status === 200) expect(over.json.interactionHistoryRecords.length).toBeLessThanOrEqual(100);
    else expect(over.status).toBe(400);
  });

  it('filters by an engagement attribute with keyword + keyword_search_area ea.customerInfo', async () => {
    await lp().clockAtLeast(utc(2028, 8, 5));
    await lp().admin.seed({
      engagements: [
        {
          chatId: '600001',
          startTime: utc(2028, 7, 10),
          endTime: utc(2028, 7, 10, 1),
          sdes: { customerId: 'C-777' },
        },
        {
          chatId: '600002',
          startTime: utc(2028, 7, 11),
          endTime: utc(2028, 7, 11, 1),
          sdes: { customerId: 'C-888' },
        },
      ],
    });
    const reply = await lp().ehSearch({
      start: { from: utc(2028, 7, 1), to: utc(2028, 8, 1) },
      keyword: '"C-777"',
      keyword_search_area: { types: ['ea.customerInfo'] },
    });
    expect(reply.status, reply.text).toBe(200);
    const ids = reply.json.interactionHistoryRecords.map(
      (r: { info: { engagementId: string } }) => r.info.engagementId,
    );
    expect(ids).toEqual([`${lp().account}600001`]);
  });

  it('ignores the time limit when searching by engagementId or visitor', async () => {
    await lp().clockAtLeast(utc(2029, 1, 5));
    await lp().admin.seed({
      engagements: [
        {
          chatId: '500001',
          visitorId: 'visitor-doc-500001',
          startTime: utc(2028, 9, 15),
          endTime: utc(2028, 9, 15, 1),
        },
      ],
    });
    const year = { from: utc(2028, 1, 1), to: utc(2028, 12, 31) };
    const byEngagement = await lp().ehSearch({ start: year, engagementId: `${lp().account}500001` });
    expect(byEngagement.status, byEngagement.text).toBe(200);
    expect(byEngagement.json.interactionHistoryRecords[0]?.info.engagementId).toBe(`${lp().account}500001`);
    const byVisitor = await lp().ehSearch({ start: year, visitor: 'visitor-doc-500001' });
    expect(byVisitor.status, byVisitor.text).toBe(200);
    expect(byVisitor.json.interactionHistoryRecords[0]?.info.visitorId).toBe('visitor-doc-500001');
  });
});

describe('Messaging Interactions conversations/search (§1.b, §0)', () => {
  const lp = useLivePerson(utc(2026, 1, 1));

  async function window(from: number, to: number, extra: object = {}): Promise<Reply> {
    await lp().clockAtLeast(to + 2 * DAY);
    return lp().miSearch({ start: { from, to }, ...extra });
  }

  it('requires the source query parameter, at most 20 characters', async () => {
    const body = { start: { from: utc(2026, 1, 1), to: utc(2026, 1, 20) } };
    await lp().clockAtLeast(utc(2026, 1, 25));
    expect((await lp().miSearch(body, '')).status).toBe(400);
    expect((await lp().miSearch(body, `?source=${'A'.repeat(21)}`)).status).toBe(400);
    const twenty = await lp().miSearch(body, `?source=${'A'.repeat(20)}`);
    expect(twenty.status, twenty.text).toBe(200);
  });

  it('requires start {from, to}', async () => {
    expect((await lp().miSearch({})).status).toBe(400);
  });

  it.each([
    {
      name: '2026-01-01→04-01 (90 d, 3 months)',
      from: utc(2026, 1, 1),
      to: utc(2026, 4, 1),
      status: 200,
    },
    {
      name: '2026-02-01→05-01 (89 d, 3 months)',
      from: utc(2026, 2, 1),
      to: utc(2026, 5, 1),
      status: 200,
    },
    {
      name: '2026-02-01→05-02 (90 d from Feb)',
      from: utc(2026, 2, 1),
      to: utc(2026, 5, 2),
      status: 400,
    },
  ])('window $name answers $status', async ({ from, to, status }) => {
    const reply = await window(from, to);
    expect(reply.status, reply.text).toBe(status);
  });

  const starts = startDates([utc(2027, 5, 31), utc(2027, 10, 31), utc(2027, 12, 31)]);
  it.each(starts.map((s) => [isoDay(s), s]))(
    'from %s: [d, same day of the third month after] is accepted, one day more is refused',
    async (_day, from) => {
      const to = plusMonths(from, 3);
      const accepted = await window(from, to);
      expect(accepted.status, `${isoDay(from)} → ${isoDay(to)}: ${accepted.text}`).toBe(200);
      const refused = await window(from, to + DAY);
      expect(refused.status, `${isoDay(from)} → ${isoDay(to + DAY)}: ${refused.text}`).toBe(400);
    },
  );

  it('applies the three-month limit to the end {from, to} range too', async () => {
    const start = { from: utc(2028, 4, 10), to: utc(2028, 5, 10) };
    await lp().clockAtLeast(utc(2028, 9, 1));
    const ok = await lp().miSearch({ start, end: { from: utc(2028, 4, 10), to: utc(2028, 7, 10) } });
    expect(ok.status, ok.text).toBe(200);
    const tooLong = await lp().miSearch({ start, end: { from: utc(2028, 4, 10), to: utc(2028, 8, 10) } });
    expect(tooLong.status, tooLong.text).toBe(400);
  });

  it('pages with limit ≤ 100, _metadata.count and a next link', async () => {
    const conversations = Array.from({ length: 103 }, (_, i) => ({
      conversationId: `mi-page-${i}`,
      consumerId: 'mi-page-consumer',
      startTime: utc(2028, 10, 1) + i * HOUR,
      endTime: utc(2028, 10, 1) + i * HOUR + 10 * MINUTE,
    }));
    await lp().clockAtLeast(utc(2028, 11, 5));
    await lp().admin.seed({ consumers: [{ consumerId: 'mi-page-consumer' }], conversations });
    const range = { start: { from: utc(2028, 10, 1), to: utc(2028, 11, 1) } };
    const full = await lp().miSearch(range, `?source=${SOURCE}&offset=0&limit=100`);
    expect(full.status, full.text).toBe(200);
    expect(full.json.conversationHistoryRecords).toHaveLength(100);
    expect(full.json._metadata.count).toBe(103);

    const first = await lp().miSearch(range, `?source=${SOURCE}&offset=0&limit=50`);
    expect(first.json.conversationHistoryRecords).toHaveLength(50);
    expect(first.json._metadata.next.href).toMatch(/offset=50/);
    const last = await lp().miSearch(range, `?source=${SOURCE}&offset=100&limit=50`);
    expect(last.json.conversationHistoryRecords).toHaveLength(3);

    const over = await lp().miSearch(range, `?source=${SOURCE}&offset=0&limit=101`);
    if (over.status === 200) expect(over.json.conversationHistoryRecords.length).toBeLessThanOrEqual(100);
    else expect(over.status).toBe(400);
  });

  it('finds a consumer’s conversations with no time window (consumer/search)', async () => {
    await lp().clockAtLeast(utc(2029, 8, 10));
    await lp().admin.seed({
      consumers: [{ consumerId: 'mi-span-consumer', firstName: 'Span' }],
      conversations: [
        {
          conversationId: 'mi-span-1',
          consumerId: 'mi-span-consumer',
          startTime: utc(2028, 12, 5),
          endTime: utc(2028, 12, 5, 1),
        },
        {
          conversationId: 'mi-span-2',
          consumerId: 'mi-span-consumer',
          startTime: utc(2029, 8, 5),
          endTime: utc(2029, 8, 5, 1),
        },
      ],
    });
    const reply = await lp().miSearch(
      { consumer: 'mi-span-consumer', status: ['CLOSE'] },
      undefined,
      'consumer',
    );
    expect(reply.status, reply.text).toBe(200);
    const records = reply.json.conversationHistoryRecords as Array<{
      info: { conversationId: string };
      consumerParticipants: Array<{ participantId: string }>;
    }>;
    expect(records.map((r) => r.info.conversationId).sort()).toEqual(['mi-span-1', 'mi-span-2']);
    for (const r of records) expect(r.consumerParticipants[0]?.participantId).toBe('mi-span-consumer');
  });

  it('finds one conversation by id with no time window (conversation/search)', async () => {
    const reply = await lp().miSearch({ conversationId: 'mi-span-1' }, undefined, 'conversation');
    expect(reply.status, reply.text).toBe(200);
    expect(
      reply.json.conversationHistoryRecords.map(
        (r: { info: { conversationId: string } }) => r.info.conversationId,
      ),
    ).toEqual(['mi-span-1']);
  });

  it.each(['consumer', 'conversation'])('requires source on %s/search as well', async (kind) => {
    const body =
      kind === 'consumer'
        ? { consumer: 'mi-span-consumer', status: ['CLOSE'] }
        : { conversationId: 'mi-span-1' };
    expect((await lp().miSearch(body, '', kind)).status).toBe(400);
  });

  it('shows an open conversation with endTimeL -1 and endTime "undefined"', async () => {
    await lp().admin.seed({
      consumers: [{ consumerId: 'mi-open-consumer' }],
      conversations: [
        {
          conversationId: 'mi-open-1',
          consumerId: 'mi-open-consumer',
          status: 'OPEN',
          startTime: utc(2029, 8, 9),
        },
      ],
    });
    const reply = await lp().miSearch({ conversationId: 'mi-open-1' }, undefined, 'conversation');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.conversationHistoryRecords[0]?.info).toMatchObject({
      status: 'OPEN',
      endTimeL: -1,
      endTime: 'undefined',
    });
  });
});

describe('Personal Data Deletion: create, list, get, cancel (§1.a, §0, seeds 001/002)', () => {
  const T = utc(2027, 5, 10, 12);
  const lp = useLivePerson(T);
  const bulk = Array.from({ length: 101 }, (_, i) => `pdd-bulk-${i}`);

  beforeAll(async () => {
    const seed: SeedInput = {
      consumers: [{ consumerId: 'pdd-cons-1' }, { consumerId: 'pdd-cons-2' }],
      conversations: [...bulk, 'pdd-conv-1', 'pdd-conv-2', 'pdd-conv-3', 'pdd-conv-4'].map((id) => ({
        conversationId: id,
        consumerId: 'pdd-cons-2',
        startTime: utc(2027, 5, 1),
        endTime: utc(2027, 5, 1, 1),
      })),
      engagements: [{ chatId: '7001', startTime: utc(2027, 5, 1), endTime: utc(2027, 5, 1, 1) }],
    };
    await lp().admin.seed(seed);
  });

  it('refuses a create without authorization (401)', async () => {
    const reply = await lp().send('rtbf', `/api/account/${lp().account}/personal-data-deletion`, {
      json: { conversation: ['pdd-conv-1'] },
      bearer: undefined,
    });
    expect(reply.status).toBe(401);
  });

  it.each([
    ['engagement', () => [`${lp().account}7001`]],
    ['conversation', () => ['pdd-conv-1', 'pdd-conv-2']],
    ['consumer', () => ['pdd-cons-1']],
  ])('creates a %s request: 201 with the documented record', async (kind, ids) => {
    const body = { [kind]: ids() };
    const reply = await lp().createDeletion(body);
    expect(reply.status, reply.text).toBe(201);
    expect(Array.isArray(reply.json), 'create answers a single object').toBe(false);
    const r = reply.json;
    expect(r.request_id).toEqual(expect.any(Number));
    expect(r.siteid ?? r.siteId).toBe(lp().account);
    expect(Date.parse(r.request_time)).toBe(T);
    expect(r.requested_by).toEqual(expect.any(String));
    expect(r.cancelled_by).toBeNull();
    expect(r.cancel_timestamp).toBeNull();
    expect(r.is_canceled).toBe(false);
    expect(JSON.parse(r.delete_json)).toEqual(body);
  });

  it('accepts 100 unique ids in one request', async () => {
    const reply = await lp().createDeletion({ conversation: bulk.slice(0, 100) });
    expect(reply.status, reply.text).toBe(201);
  });

  it.each([
    ['no id-type key', {}],
    ['two id-type keys', { conversation: ['pdd-conv-3'], consumer: ['pdd-cons-2'] }],
    ['an empty array', { conversation: [] }],
    ['101 ids', { conversation: bulk }],
    ['duplicate ids', { conversation: ['pdd-conv-3', 'pdd-conv-3'] }],
    ['non-string ids', { conversation: [12345] }],
    ['a string instead of an array', { conversation: 'pdd-conv-3' }],
  ])('refuses a body with %s (400)', async (_name, body) => {
    const reply = await lp().createDeletion(body);
    expect(reply.status, reply.text).toBe(400);
  });

  it('honours no idempotency header: the same body and Idempotency-Key twice make two requests', async () => {
    const headers = { 'Idempotency-Key': 'documented-idem-1' };
    const a = await lp().createDeletion({ conversation: ['pdd-conv-3'] }, headers);
    const b = await lp().createDeletion({ conversation: ['pdd-conv-3'] }, headers);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.request_id).not.toBe(a.json.request_id);
    const list = await lp().listDeletions();
    const ids = (list.json as Array<{ request_id: number }>).map((r) => r.request_id);
    expect(ids).toEqual(expect.arrayContaining([a.json.request_id, b.json.request_id]));
  });

  it('lists rows with ONLY request_id, siteid, request_time, requested_by, status', async () => {
    const list = await lp().listDeletions();
    expect(list.status, list.text).toBe(200);
    expect(Array.isArray(list.json)).toBe(true);
    expect(list.json.length).toBeGreaterThan(0);
    for (const row of list.json as Array<Record<string, unknown>>) {
      expect(Object.keys(row).sort(), JSON.stringify(row)).toEqual(LIST_ROW_FIELDS);
      expect(PDD_STATUSES).toContain(row.status);
    }
  });

  it('gets one request by id with the documented row fields (array of one or a bare object)', async () => {
    const created = await lp().createDeletion({ conversation: ['pdd-conv-4'] });
    const reply = await lp().getDeletion(created.json.request_id);
    expect(reply.status, reply.text).toBe(200);
    const rows = Array.isArray(reply.json) ? reply.json : [reply.json];
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort(), reply.text).toEqual(LIST_ROW_FIELDS);
    expect(rows[0]).toMatchObject({ request_id: created.json.request_id, status: 'NOT_STARTED' });
  });

  it('filters the list by status, fromDate and toDate (yyyy-mm-dd)', async () => {
    const created = await lp().createDeletion({ consumer: ['pdd-cons-2'] });
    const id = created.json.request_id as number;
    const ids = async (query: string): Promise<number[]> => {
      const reply = await lp().listDeletions(query);
      expect(reply.status, `${query}: ${reply.text}`).toBe(200);
      return (reply.json as Array<{ request_id: number }>).map((r) => r.request_id);
    };
    expect(await ids('?status=NOT_STARTED')).toContain(id);
    expect(await ids('?status=DONE')).not.toContain(id);
    expect(await ids('?fromDate=2027-05-01&toDate=2027-05-31')).toContain(id);
    expect(await ids('?fromDate=2027-05-11')).not.toContain(id);
    expect(await ids('?toDate=2027-05-09')).not.toContain(id);
  });

  it('cancels during the grace period: is_canceled true, then status CANCELED', async () => {
    const created = await lp().createDeletion({ conversation: ['pdd-conv-1'] });
    const id = created.json.request_id as number;
    await lp().admin.advance(4 * DAY + 23 * HOUR);
    const cancel = await lp().cancelDeletion(id);
    expect(cancel.status, cancel.text).toBe(200);
    expect(Array.isArray(cancel.json), `cancel answers a JSON array: ${cancel.text}`).toBe(true);
    const rows = Array.isArray(cancel.json) ? cancel.json : [cancel.json];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ request_id: id, is_canceled: true });
    expect(rows[0].cancelled_by).toEqual(expect.any(String));
    expect(rows[0].cancel_timestamp).toEqual(expect.any(String));
    const canceled = await lp().listDeletions('?status=CANCELED');
    expect((canceled.json as Array<{ request_id: number }>).map((r) => r.request_id)).toContain(id);
  });

  it('becomes final after the 5-day grace (cancel refused) and DONE within 20 more days', async () => {
    const created = await lp().createDeletion({ conversation: ['pdd-conv-2'] });
    const id = created.json.request_id as number;
    await lp().admin.advance(5 * DAY + HOUR);
    const cancel = await lp().cancelDeletion(id);
    expect(cancel.status, cancel.text).toBeGreaterThanOrEqual(400);
    const final = await lp().getDeletion(id);
    const row = Array.isArray(final.json) ? final.json[0] : final.json;
    expect(['IN_PROGRESS', 'DONE']).toContain(row.status);
    await lp().admin.advance(20 * DAY);
    const done = await lp().getDeletion(id);
    expect((Array.isArray(done.json) ? done.json[0] : done.json).status).toBe('DONE');
  });
});

describe('Personal Data Deletion: 100 requests per calendar month (§1.a, seeds 001/002)', () => {
  const lp = useLivePerson(utc(2027, 3, 1));
  const ids = Array.from({ length: 205 }, (_, i) => `quota-${i}`);

  beforeAll(async () => {
    await lp().admin.seed({
      consumers: [{ consumerId: 'quota-consumer' }],
      conversations: ids.map((id) => ({
        conversationId: id,
        consumerId: 'quota-consumer',
        startTime: utc(2027, 2, 1),
        endTime: utc(2027, 2, 1, 1),
      })),
    });
  });

  it('counts requests, not ids: 100 requests (199 ids) are accepted on 1 March', async () => {
    const statuses: number[] = [(await lp().createDeletion({ conversation: ids.slice(0, 100) })).status];
    for (let i = 100; i < 199; i++)
      statuses.push((await lp().createDeletion({ conversation: [ids[i]] })).status);
    expect(statuses.filter((s) => s !== 201)).toEqual([]);
  });

  it('answers 429 to the 101st request of the month, even on 31 March 23:50', async () => {
    await lp().clockAtLeast(utc(2027, 3, 31, 23, 50));
    const reply = await lp().createDeletion({ conversation: [ids[199]] });
    expect(reply.status, reply.text).toBe(429);
  });

  it('accepts requests again from 1 April', async () => {
    await lp().clockAtLeast(utc(2027, 4, 1));
    const reply = await lp().createDeletion({ conversation: [ids[200]] });
    expect(reply.status, reply.text).toBe(201);
  });
});

describe('Personal Data Deletion: masking on completion (§1.a, §0 placeholders, seed 000)', () => {
  const T = utc(2027, 6, 1, 9);
  const lp = useLivePerson(T);
  const pii = ['Annika', 'Lindqvist', 'annika.lindqvist@example.org', '+46701234567'];
  const engagementId = (): string => `${lp().account}9001`;

  beforeAll(async () => {
    const sdes = {
      name: 'Annika',
      surname: 'Lindqvist',
      email: 'annika.lindqvist@example.org',
      phone: '+46701234567',
    };
    await lp().admin.seed({
      consumers: [
        {
          consumerId: 'cons-ann',
          firstName: 'Annika',
          lastName: 'Lindqvist',
          email: 'annika.lindqvist@example.org',
          phone: '+46701234567',
        },
      ],
      conversations: [
        {
          conversationId: 'conv-open',
          consumerId: 'cons-ann',
          status: 'OPEN',
          startTime: utc(2027, 5, 30),
          messages: [{ text: 'Still talking, Annika here', sentBy: 'Consumer' }],
        },
        {
          conversationId: 'conv-ann',
          consumerId: 'cons-ann',
          startTime: utc(2027, 5, 20),
          endTime: utc(2027, 5, 20, 1),
          messages: [
            { text: 'Hi, I am Annika Lindqvist, annika.lindqvist@example.org', sentBy: 'Consumer' },
            { text: 'Thanks Annika, call you on +46701234567', sentBy: 'Agent' },
          ],
          sdes,
        },
      ],
      engagements: [
        {
          chatId: '9001',
          visitorId: 'visitor-ann',
          visitorName: 'Annika Lindqvist',
          startTime: utc(2027, 5, 21),
          endTime: utc(2027, 5, 21, 1),
          lines: [
            { text: 'My phone is +46701234567', source: 'visitor' },
            { text: 'Noted, Annika', source: 'agent' },
          ],
          sdes,
        },
      ],
    });
  });

  const conversation = async (): Promise<Record<string, unknown>> => {
    const reply = await lp().miSearch({ conversationId: 'conv-ann' }, undefined, 'conversation');
    expect(reply.status, reply.text).toBe(200);
    return reply.json.conversationHistoryRecords[0];
  };
  const engagement = async (): Promise<Record<string, unknown>> => {
    const window = { from: utc(2027, 5, 1), to: utc(2027, 6, 1) };
    const reply = await lp().ehSearch({ start: window, engagementId: engagementId() });
    expect(reply.status, reply.text).toBe(200);
    return reply.json.interactionHistoryRecords[0];
  };

  it('deletes by conversation, consumer and engagement (the documented flows): three 201s', async () => {
    for (const body of [
      { conversation: ['conv-ann'] },
      { consumer: ['cons-ann'] },
      { engagement: [engagementId()] },
    ]) {
      const reply = await lp().createDeletion(body);
      expect(reply.status, reply.text).toBe(201);
    }
  });

  let openRequest: Reply | undefined;
  it('takes a request naming an OPEN conversation (refused with 400, or accepted)', async () => {
    openRequest = await lp().createDeletion({ conversation: ['conv-open'] });
    expect([201, 400], openRequest.text).toContain(openRequest.status);
  });

  it('still shows the personal data during the grace period', async () => {
    await lp().admin.advance(DAY);
    expect(JSON.stringify(await conversation())).toContain('annika.lindqvist@example.org');
  });

  it('shows only the placeholder once the requests are DONE (5 + 20 days)', async () => {
    await lp().clockAtLeast(T + 25 * DAY + HOUR);
    const list = await lp().listDeletions();
    const others = (list.json as Array<{ request_id: number; status: string }>).filter(
      (r) => r.request_id !== openRequest?.json?.request_id,
    );
    expect(
      others.map((r) => r.status),
      list.text,
    ).toEqual(['DONE', 'DONE', 'DONE']);

    const conv = (await conversation()) as {
      messageRecords: Array<{ messageData: { msg: { text: string } } }>;
    };
    expect(conv, 'a masked conversation is still returned').toBeDefined();
    for (const m of conv.messageRecords) expect(m.messageData.msg.text).toMatch(PLACEHOLDER);
    const convJson = JSON.stringify(conv);
    for (const value of pii) expect(convJson, `conversation still holds ${value}`).not.toContain(value);

    const eng = (await engagement()) as { transcript: { lines: Array<{ text: string }> } };
    expect(eng, 'a masked engagement is still returned').toBeDefined();
    for (const line of eng.transcript.lines) expect(line.text).toMatch(PLACEHOLDER);
    const engJson = JSON.stringify(eng);
    for (const value of pii) expect(engJson, `engagement still holds ${value}`).not.toContain(value);
  });

  it('leaves an OPEN conversation unmasked: only closed conversations can be deleted (seed 000)', async () => {
    const reply = await lp().miSearch({ conversationId: 'conv-open' }, undefined, 'conversation');
    expect(reply.status, reply.text).toBe(200);
    const texts = reply.json.conversationHistoryRecords[0].messageRecords.map(
      (m: { messageData: { msg: { text: string } } }) => m.messageData.msg.text,
    );
    expect(texts).toEqual(['Still talking, Annika here']);
  });
});
