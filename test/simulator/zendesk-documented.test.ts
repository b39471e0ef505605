/**
 * A second reading of the Zendesk Support simulator, written from docs/zendesk-api.md alone (its sourced
 * facts, and its §11 readings where the documents are silent — tests of those say "(§11 Rn)") and the
 * platform-contracts notes §4.1, without reading the simulator's routes. Calls go over real HTTP with the
 * documented API-token Basic auth; the admin API only seeds data, sets ticket statuses and the rate limit,
 * and moves the clock. Sunshine Conversations: zendesk-messaging-documented.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZendeskAdminClient } from '../../src/simulator/zendesk/admin-client';
import { startZendeskSimulator, type ZendeskSimulator } from '../../src/simulator/zendesk/server';
import {
  basicAuthorization,
  type CallInit,
  call,
  HOUR,
  MINUTE,
  type Reply,
  utc,
} from '../helpers/documented-http';

type Seed = Parameters<ZendeskAdminClient['seed']>[0];
// biome-ignore lint/suspicious/noExplicitAny: records read off the wire.
type Json = any;

/** JobStatusObject.status (§5): OAS and newer W-js, plus `killed` from the older copies. */
const JOB_STATUSES = ['queued', 'working', 'failed', 'completed', 'killed'];
const JOB_FIELDS = ['id', 'job_type', 'url', 'total', 'progress', 'status', 'message', 'results'];
/** A `GET /deleted_tickets` row (§4): these fields and no others. */
const DELETED_TICKET_FIELDS = ['id', 'subject', 'deleted_at', 'previous_state', 'actor'];
/** DeletedUserObject (§6): all required. */
const DELETED_USER_FIELDS = [
  ...['id', 'url', 'name', 'email', 'phone', 'shared_phone_number', 'photo', 'locale', 'locale_id'],
  ...['organization_id', 'role', 'active', 'time_zone', 'created_at', 'updated_at'],
];
const NOT_FOUND = { error: 'RecordNotFound', description: 'Not found' };
const STEP = 500;

const OWNER = { id: 1, name: 'Olive Owner', email: 'owner@example.com', role: 'admin' as const, owner: true };
const ANN = {
  id: 101,
  name: 'Ann Example',
  email: 'ann.example@example.org',
  phone: '+13115552368',
  external_id: 'Ann-Ext-1',
  notes: 'Prefers tea',
};
const BOB = { id: 102, name: 'Bob Sample', email: 'bob.sample@example.net', external_id: 'bob-ext-2' };
const CAROL = { id: 103, name: 'Carol Case', email: 'carol.case@example.com' };
/** Ann requests it; closed; her phone in the first comment, which has one attachment. */
const T_CLOSED = 201;
/** Bob requests it; open; Ann is CC'd. */
const T_CC = 202;
/** Carol requests it; pending. */
const T_CAROL = 203;
const COMMENT = 3001;
const PASSPORT = 'ann-passport.png';

const SEED: Seed = {
  users: [OWNER, ANN, BOB, CAROL],
  tickets: [
    {
      id: T_CLOSED,
      subject: 'Parcel lost',
      status: 'closed',
      requester_id: ANN.id,
      tags: ['parcel'],
      comments: [
        {
          id: COMMENT,
          author_id: ANN.id,
          body: `Please call me on ${ANN.phone} today`,
          attachments: [{ id: 4001, file_name: PASSPORT, content_type: 'image/png' }],
        },
        { id: 3002, author_id: OWNER.id, body: 'We are on it.' },
      ],
    },
    {
      id: T_CC,
      subject: 'Invoice question',
      status: 'open',
      requester_id: BOB.id,
      collaborator_ids: [ANN.id],
      comments: [{ id: 3003, author_id: BOB.id, body: 'Where is my invoice?' }],
    },
    {
      id: T_CAROL,
      subject: 'Refund',
      status: 'pending',
      requester_id: CAROL.id,
      comments: [{ id: 3004, author_id: CAROL.id, body: 'Refund please' }],
    },
  ],
};

/** Tickets `from..from+n-1`, requested by `requester`. */
function tickets(from: number, n: number, requester: number, status: 'open' | 'closed' = 'open'): Seed {
  return {
    tickets: Array.from({ length: n }, (_, i) => ({
      id: from + i,
      subject: `Bulk ${from + i}`,
      status,
      requester_id: requester,
      comments: [{ id: 100_000 + from + i, author_id: requester, body: 'bulk' }],
    })),
  };
}

/** One simulator on a pinned clock, reached with the documented API-token Basic auth. */
class Zendesk {
  private constructor(
    readonly sim: ZendeskSimulator,
    readonly admin: ZendeskAdminClient,
    readonly planRate: number,
  ) {}

  static async start(now: number): Promise<Zendesk> {
    const sim = await startZendeskSimulator({ realNow: () => now });
    return new Zendesk(sim, new ZendeskAdminClient(sim.url), sim.context.options.ratePerMinute);
  }

  get token(): string {
    const o = this.sim.context.options;
    return basicAuthorization(`${o.agentEmail}/token`, o.apiToken);
  }

  /** Calls the Support API, with the API token unless `authorization` says otherwise (null: none). */
  api(path: string, init: CallInit = {}, authorization: string | null = this.token): Promise<Reply> {
    const headers = { ...(init.headers ?? {}), ...(authorization === null ? {} : { authorization }) };
    return call(`${this.sim.url}${path}`, { ...init, headers });
  }

  del(path: string): Promise<Reply> {
    return this.api(path, { method: 'DELETE' });
  }

  /** Follows a `next_page` link (absolute, or relative to the simulator). */
  follow(link: string): Promise<Reply> {
    return call(link.startsWith('http') ? link : `${this.sim.url}${link}`, {
      headers: { authorization: this.token },
    });
  }

  /** Every id of an offset-paged list, following `next_page` until it is null; asserts ≤100 per page. */
  async allIds(path: string, key: string): Promise<number[]> {
    const ids: number[] = [];
    let reply = await this.api(path);
    for (let page = 0; page < 50; page++) {
      expect(reply.status, reply.text).toBe(200);
      expect(reply.json[key].length).toBeLessThanOrEqual(100);
      ids.push(...reply.json[key].map((r: { id: number }) => r.id));
      if (reply.json.next_page === null) return ids;
      expect(reply.json.next_page).toEqual(expect.any(String));
      reply = await this.follow(reply.json.next_page);
    }
    throw new Error(`${path}: next_page never became null`);
  }

  async job(id: string): Promise<Json> {
    const reply = await this.api(`/api/v2/job_statuses/${id}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json.job_status;
  }

  /** Moves the clock in steps until the job is finished; the statuses seen, the first one included. */
  async runJob(job: Json): Promise<{ seen: string[]; final: Json }> {
    const seen = [job.status as string];
    let current = job;
    for (let i = 0; i < 2000 && !['completed', 'failed', 'killed'].includes(current.status); i++) {
      await this.admin.advance(STEP);
      current = await this.job(job.id);
      if (seen.at(-1) !== current.status) seen.push(current.status);
    }
    return { seen, final: current };
  }

  async deletedTicketIds(): Promise<number[]> {
    const reply = await this.api('/api/v2/deleted_tickets?per_page=100');
    expect(reply.status, reply.text).toBe(200);
    return reply.json.deleted_tickets.map((t: { id: number }) => t.id);
  }

  async comment(ticket: number, id: number): Promise<Json> {
    const reply = await this.api(`/api/v2/tickets/${ticket}/comments`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json.comments.find((c: { id: number }) => c.id === id);
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** A simulator per describe; every test starts from a reset, the seed, the plan's rate and fresh windows. */
function useZendesk(now: number): () => Zendesk {
  let z: Zendesk | undefined;
  const get = (): Zendesk => {
    if (z === undefined) throw new Error('simulator not started');
    return z;
  };
  beforeAll(async () => {
    z = await Zendesk.start(now);
  });
  beforeEach(async () => {
    await get().admin.reset();
    await get().admin.advance(11 * MINUTE);
    await get().admin.setRateLimit(get().planRate);
    await get().admin.seed(SEED);
  });
  afterAll(async () => {
    await z?.close();
  });
  return get;
}

function expectJobStatus(job: Json): void {
  for (const key of Object.keys(job)) expect(JOB_FIELDS, `JobStatusObject field ${key}`).toContain(key);
  expect(job).toMatchObject({ id: expect.any(String), url: expect.any(String) });
  for (const key of ['total', 'progress', 'message', 'results']) expect(job, key).toHaveProperty(key);
  expect(JOB_STATUSES).toContain(job.status);
  if ('job_type' in job) expect(job.job_type).toEqual(expect.any(String));
  for (const key of ['total', 'progress'])
    if (job[key] !== null) expect(Number.isInteger(job[key])).toBe(true);
  if (job.message !== null) expect(job.message).toEqual(expect.any(String));
  if (job.results !== null && !Array.isArray(job.results)) {
    expect(job.results).toEqual({ success: expect.any(Boolean) });
  }
}

/** A refusal that is the client's fault: 4xx, but not auth, not-found or rate limiting. */
function expectRefused(reply: Reply): void {
  expect(reply.status, reply.text).toBeGreaterThanOrEqual(400);
  expect(reply.status, reply.text).toBeLessThan(500);
  expect([401, 403, 404, 429], reply.text).not.toContain(reply.status);
}

const ids = (reply: Reply, key: string): number[] => reply.json[key].map((r: { id: number }) => r.id);

describe('Authentication (§1)', () => {
  const z = useZendesk(utc(2027, 3, 1, 9));
  const o = () => z().sim.context.options;

  it('accepts Basic {email}/token:{api_token}', async () => {
    const reply = await z().api(`/api/v2/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user.id).toBe(ANN.id);
  });

  it.each([
    ['no Authorization header', () => null],
    ['a wrong token', () => basicAuthorization(`${o().agentEmail}/token`, 'not-the-token')],
    ['another email with the token', () => basicAuthorization('someone@example.com/token', o().apiToken)],
    ['password-style basic email:secret', () => basicAuthorization(o().agentEmail, o().apiToken)],
    ['a Bearer token', () => `Bearer ${o().apiToken}`],
    ['malformed base64', () => 'Basic %%%'],
  ])('answers 401 {"error":"Couldn\'t authenticate you"} for %s (§11 R1)', async (_name, auth) => {
    const reply = await z().api(`/api/v2/users/${ANN.id}`, {}, auth());
    expect(reply.status, reply.text).toBe(401);
    expect(reply.json).toEqual({ error: "Couldn't authenticate you" });
  });

  it.each([
    ['email and token', () => `email=${encodeURIComponent(o().agentEmail)}&token=${o().apiToken}`],
    ['api_token', () => `api_token=${o().apiToken}`],
    ['an authorization parameter', () => `authorization=${encodeURIComponent(z().token)}`],
  ])('does not process credentials sent in the URL (%s): 401', async (_name, query) => {
    const reply = await z().api(`/api/v2/users/${ANN.id}?${query()}`, {}, null);
    expect(reply.status, reply.text).toBe(401);
  });

  it('changes nothing on a refused call', async () => {
    const bad = basicAuthorization(`${o().agentEmail}/token`, 'wrong');
    expect((await z().api(`/api/v2/users/${ANN.id}`, { method: 'DELETE' }, bad)).status).toBe(401);
    expect((await z().api(`/api/v2/tickets/${T_CC}`, { method: 'DELETE' }, null)).status).toBe(401);
    expect((await z().api(`/api/v2/users/${BOB.id}`, { method: 'DELETE' }, `Bearer x`)).status).toBe(401);
    expect((await z().api(`/api/v2/users/${ANN.id}`)).json.user.active).toBe(true);
    expect((await z().api(`/api/v2/users/${BOB.id}`)).json.user.active).toBe(true);
    expect((await z().api(`/api/v2/tickets/${T_CC}`)).status).toBe(200);
    expect(await z().deletedTicketIds()).toEqual([]);
  });
});

describe('Finding the person: users (§2)', () => {
  const z = useZendesk(utc(2027, 3, 2, 9));

  it.each([
    ['the email', ANN.email],
    ['part of the name, in other case', 'ann EXAMP'],
    ['part of the phone', '5552368'],
    ['part of the notes', 'prefers TEA'],
  ])('finds the user by query= with %s (§11 R4)', async (_name, value) => {
    const reply = await z().api(`/api/v2/users/search?query=${encodeURIComponent(value)}`);
    expect(reply.status, reply.text).toBe(200);
    expect(ids(reply, 'users')).toEqual([ANN.id]);
    expect(reply.json).toMatchObject({ next_page: null, count: 1 });
    expect(reply.json).toHaveProperty('previous_page');
  });

  it.each([ANN.external_id, 'ann-ext-1', 'ANN-EXT-1'])(
    'finds the user by external_id=%s, case-insensitively',
    async (value) => {
      const reply = await z().api(`/api/v2/users/search?external_id=${value}`);
      expect(reply.status, reply.text).toBe(200);
      expect(ids(reply, 'users')).toEqual([ANN.id]);
    },
  );

  it('matches external_id exactly, not as a part (§11 R4)', async () => {
    const reply = await z().api('/api/v2/users/search?external_id=Ann-Ext');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.users).toEqual([]);
  });

  it('does not find a soft-deleted user by query= (§11 R4)', async () => {
    expect((await z().del(`/api/v2/users/${ANN.id}`)).status).toBe(200);
    const reply = await z().api(`/api/v2/users/search?query=${encodeURIComponent(ANN.email)}`);
    expect(reply.status, reply.text).toBe(200);
    expect(ids(reply, 'users')).not.toContain(ANN.id);
  });

  it('pages a search at most 100 per page until next_page is null (§2.1, §11 R4)', async () => {
    const pagers = Array.from({ length: 150 }, (_, i) => ({
      id: 5000 + i,
      name: `Pager Person ${i}`,
      email: `pager${i}@example.com`,
    }));
    await z().admin.seed({ users: pagers });
    const first = await z().api('/api/v2/users/search?query=pager&per_page=500');
    expect(first.status, first.text).toBe(200);
    expect(first.json.users.length).toBeLessThanOrEqual(100);
    expect(first.json.count).toBe(150);
    const found = await z().allIds('/api/v2/users/search?query=pager&per_page=100', 'users');
    expect(found).toHaveLength(150);
    expect(new Set(found)).toEqual(new Set(pagers.map((p) => p.id)));
  });

  it('returns the user object with its documented fields and no identities property', async () => {
    const reply = await z().api(`/api/v2/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    const user = reply.json.user;
    expect(user).toMatchObject({
      id: ANN.id,
      name: ANN.name,
      email: ANN.email,
      phone: ANN.phone,
      external_id: ANN.external_id,
      notes: ANN.notes,
      active: true,
      role: 'end-user',
      created_at: expect.any(String),
      updated_at: expect.any(String),
      url: expect.any(String),
    });
    expect(user).not.toHaveProperty('identities');
    for (const key of ['suspended', 'verified', 'shared_phone_number']) {
      if (key in user && user[key] !== null) expect(typeof user[key], key).toBe('boolean');
    }
  });

  it('answers 404 RecordNotFound for an unknown user (§11 R1)', async () => {
    const reply = await z().api('/api/v2/users/999999');
    expect(reply.status, reply.text).toBe(404);
    expect(reply.json).toEqual(NOT_FOUND);
  });

  it('answers a path with the .json suffix the same (§11 R2)', async () => {
    const plain = await z().api(`/api/v2/users/${ANN.id}`);
    const suffixed = await z().api(`/api/v2/users/${ANN.id}.json`);
    expect(suffixed.status, suffixed.text).toBe(200);
    expect(suffixed.json).toEqual(plain.json);
  });
});

describe("Finding the person's tickets (§3)", () => {
  const z = useZendesk(utc(2027, 3, 3, 9));

  it('lists the tickets a user requested: {tickets, next_page, previous_page, count} (§11 R3)', async () => {
    const reply = await z().api(`/api/v2/users/${ANN.id}/tickets/requested`);
    expect(reply.status, reply.text).toBe(200);
    expect(ids(reply, 'tickets')).toEqual([T_CLOSED]);
    expect(reply.json).toMatchObject({ next_page: null, count: 1 });
    expect(reply.json).toHaveProperty('previous_page');
  });

  it("lists the tickets a user is CC'd on", async () => {
    const ann = await z().api(`/api/v2/users/${ANN.id}/tickets/ccd`);
    expect(ann.status, ann.text).toBe(200);
    expect(ids(ann, 'tickets')).toEqual([T_CC]);
    const bob = await z().api(`/api/v2/users/${BOB.id}/tickets/requested`);
    expect(ids(bob, 'tickets')).toEqual([T_CC]);
  });

  it('pages the requested list by page/per_page until next_page is null (§11 R3)', async () => {
    await z().admin.seed(tickets(210, 4, ANN.id, 'closed'));
    const first = await z().api(`/api/v2/users/${ANN.id}/tickets/requested?per_page=2`);
    expect(first.json.tickets).toHaveLength(2);
    expect(first.json.count).toBe(5);
    const all = await z().allIds(`/api/v2/users/${ANN.id}/tickets/requested?per_page=2`, 'tickets');
    expect(new Set(all)).toEqual(new Set([T_CLOSED, 210, 211, 212, 213]));
    expect(all).toHaveLength(5);
  });

  it('answers 404 for the lists of an unknown user (§11 R3)', async () => {
    expect((await z().api('/api/v2/users/999999/tickets/requested')).status).toBe(404);
    expect((await z().api('/api/v2/users/999999/tickets/ccd')).status).toBe(404);
  });

  it('returns the ticket object with its documented fields', async () => {
    const reply = await z().api(`/api/v2/tickets/${T_CLOSED}`);
    expect(reply.status, reply.text).toBe(200);
    const ticket = reply.json.ticket;
    expect(ticket).toMatchObject({
      id: T_CLOSED,
      status: 'closed',
      requester_id: ANN.id,
      subject: 'Parcel lost',
      description: `Please call me on ${ANN.phone} today`,
      tags: ['parcel'],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(ticket.collaborator_ids).toEqual([]);
    expect((await z().api(`/api/v2/tickets/${T_CC}`)).json.ticket.collaborator_ids).toEqual([ANN.id]);
  });

  it('lists the comments with their attachments (§7.1)', async () => {
    const comment = await z().comment(T_CLOSED, COMMENT);
    expect(comment).toMatchObject({ id: COMMENT, author_id: ANN.id, public: expect.any(Boolean) });
    expect(['Comment', 'VoiceComment']).toContain(comment.type);
    for (const key of ['body', 'html_body', 'plain_body']) expect(comment[key], key).toContain(ANN.phone);
    expect(comment.attachments).toEqual([
      expect.objectContaining({ id: 4001, file_name: PASSPORT, content_url: expect.any(String) }),
    ]);
  });
});

describe('Soft-deleting tickets (§4)', () => {
  const z = useZendesk(utc(2027, 3, 4, 9));

  it('soft-deletes one ticket: 204 with no body; then 404 and listed in deleted_tickets (§11 R5)', async () => {
    const reply = await z().del(`/api/v2/tickets/${T_CC}`);
    expect(reply.status, reply.text).toBe(204);
    expect(reply.text).toBe('');
    const read = await z().api(`/api/v2/tickets/${T_CC}`);
    expect(read.status, read.text).toBe(404);
    expect(read.json).toEqual(NOT_FOUND);
    expect((await z().api(`/api/v2/tickets/${T_CC}/comments`)).status).toBe(404);
    const list = await z().api('/api/v2/deleted_tickets');
    expect(list.status, list.text).toBe(200);
    expect(list.json).toMatchObject({ count: 1, next_page: null });
    expect(list.json).toHaveProperty('previous_page');
    const [row] = list.json.deleted_tickets;
    expect(Object.keys(row).sort()).toEqual([...DELETED_TICKET_FIELDS].sort());
    expect(row).toMatchObject({
      id: T_CC,
      subject: 'Invoice question',
      deleted_at: expect.any(String),
      previous_state: 'open',
      actor: { id: expect.any(Number), name: expect.any(String) },
    });
  });

  it('no longer lists a soft-deleted ticket in the per-user lists (§11 R3)', async () => {
    expect((await z().del(`/api/v2/tickets/${T_CC}`)).status).toBe(204);
    expect((await z().api(`/api/v2/users/${ANN.id}/tickets/ccd`)).json.tickets).toEqual([]);
    expect((await z().api(`/api/v2/users/${BOB.id}/tickets/requested`)).json.tickets).toEqual([]);
  });

  it('answers 404 to soft-deleting again or an unknown ticket (§11 R6)', async () => {
    expect((await z().del(`/api/v2/tickets/${T_CC}`)).status).toBe(204);
    expect((await z().del(`/api/v2/tickets/${T_CC}`)).status).toBe(404);
    expect((await z().del('/api/v2/tickets/999999')).status).toBe(404);
  });

  it('refuses a bulk soft delete of more than 100 ids and deletes none', async () => {
    await z().admin.seed(tickets(1000, 101, BOB.id));
    const list = Array.from({ length: 101 }, (_, i) => 1000 + i).join(',');
    expectRefused(await z().del(`/api/v2/tickets/destroy_many?ids=${list}`));
    await z().admin.advance(HOUR);
    expect((await z().api('/api/v2/tickets/1000')).status).toBe(200);
    expect(await z().deletedTicketIds()).toEqual([]);
  });

  it('answers a bulk soft delete of ≤100 ids with a job_status, and the job soft-deletes them', async () => {
    await z().admin.seed(tickets(1000, 100, BOB.id));
    const list = Array.from({ length: 100 }, (_, i) => 1000 + i).join(',');
    const reply = await z().del(`/api/v2/tickets/destroy_many?ids=${list}`);
    expect(reply.status, reply.text).toBe(200);
    expectJobStatus(reply.json.job_status);
    const { final } = await z().runJob(reply.json.job_status);
    expect(final.status).toBe('completed');
    expectJobStatus(final);
    expect((await z().api('/api/v2/tickets/1000')).status).toBe(404);
    expect((await z().api('/api/v2/tickets/1099')).status).toBe(404);
    const deleted = await z().allIds('/api/v2/deleted_tickets?per_page=100', 'deleted_tickets');
    expect(deleted).toHaveLength(100);
  });
});

describe('Permanent ticket deletion and job statuses (§4, §5)', () => {
  const z = useZendesk(utc(2027, 3, 5, 9));
  const softThenPermanent = async (ticket: number): Promise<Json> => {
    expect((await z().del(`/api/v2/tickets/${ticket}`)).status).toBe(204);
    const reply = await z().del(`/api/v2/deleted_tickets/${ticket}`);
    expect(reply.status, reply.text).toBe(200);
    return reply.json.job_status;
  };

  it('queues a job that goes queued → working → completed on the clock, results {success:true} (§11 R8)', async () => {
    const job = await softThenPermanent(T_CC);
    expectJobStatus(job);
    expect(job).toMatchObject({
      status: 'queued',
      message: null,
      progress: null,
      results: null,
      total: null,
    });
    expect((await z().job(job.id)).status).toBe('queued');
    const { seen, final } = await z().runJob(job);
    expect(seen).toEqual(['queued', 'working', 'completed']);
    expectJobStatus(final);
    expect(final).toMatchObject({ results: { success: true }, total: null, progress: null });
    expect(await z().deletedTicketIds()).not.toContain(T_CC);
    expect((await z().api(`/api/v2/tickets/${T_CC}`)).status).toBe(404);
  });

  it('skips a ticket that was not soft-deleted: {success:false}, the ticket stays (§11 R7)', async () => {
    const reply = await z().del(`/api/v2/deleted_tickets/${T_CC}`);
    expect(reply.status, reply.text).toBe(200);
    const { final } = await z().runJob(reply.json.job_status);
    expect(final).toMatchObject({ status: 'completed', results: { success: false } });
    expect((await z().api(`/api/v2/tickets/${T_CC}`)).status).toBe(200);
  });

  it('still deletes the others when one id of a bulk permanent delete is skipped (§4, §11 R7)', async () => {
    expect((await z().del(`/api/v2/tickets/${T_CC}`)).status).toBe(204);
    const reply = await z().del(`/api/v2/deleted_tickets/destroy_many?ids=${T_CC},${T_CAROL}`);
    expect(reply.status, reply.text).toBe(200);
    expectJobStatus(reply.json.job_status);
    const { final } = await z().runJob(reply.json.job_status);
    expect(final).toMatchObject({ status: 'completed', results: { success: false } });
    expect(await z().deletedTicketIds()).not.toContain(T_CC);
    expect((await z().api(`/api/v2/tickets/${T_CAROL}`)).status).toBe(200);
  });

  it('refuses a bulk permanent delete of more than 100 ids', async () => {
    const list = Array.from({ length: 101 }, (_, i) => 1000 + i).join(',');
    expectRefused(await z().del(`/api/v2/deleted_tickets/destroy_many?ids=${list}`));
  });

  it('shows many job statuses at once', async () => {
    const a = await softThenPermanent(T_CC);
    const b = await softThenPermanent(T_CAROL);
    const reply = await z().api(`/api/v2/job_statuses/show_many?ids=${a.id},${b.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.job_statuses.map((j: { id: string }) => j.id).sort()).toEqual([a.id, b.id].sort());
    for (const job of reply.json.job_statuses) expect(JOB_STATUSES).toContain(job.status);
  });

  it('reads a finished job for an hour, then answers 404 (§11 R8)', async () => {
    const { final } = await z().runJob(await softThenPermanent(T_CC));
    expect(final.status).toBe('completed');
    // It finished within the last STEP.
    await z().admin.advance(HOUR - 2 * STEP);
    expect((await z().api(`/api/v2/job_statuses/${final.id}`)).status).toBe(200);
    await z().admin.advance(3 * STEP);
    expect((await z().api(`/api/v2/job_statuses/${final.id}`)).status).toBe(404);
  });

  it('answers 404 for an unknown job id', async () => {
    expect((await z().api('/api/v2/job_statuses/8b726e606741012ffc2d782bcb7848fe')).status).toBe(404);
  });
});

describe('Users: soft and permanent deletion (§6, §10)', () => {
  const z = useZendesk(utc(2027, 3, 6, 9));

  it('soft-deletes a user: 200 {user} with active false; shown and listed as a deleted user', async () => {
    const reply = await z().del(`/api/v2/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user).toMatchObject({ id: ANN.id, name: ANN.name, active: false });
    const shown = await z().api(`/api/v2/deleted_users/${ANN.id}`);
    expect(shown.status, shown.text).toBe(200);
    for (const key of DELETED_USER_FIELDS) expect(shown.json.deleted_user, key).toHaveProperty(key);
    expect(shown.json.deleted_user).toMatchObject({ id: ANN.id, name: ANN.name, active: false });
    const list = await z().api('/api/v2/deleted_users');
    expect(list.status, list.text).toBe(200);
    expect(ids(list, 'deleted_users')).toEqual([ANN.id]);
  });

  it('answers 404 to a permanent delete of a user not soft-deleted; the user stays (§11 R12)', async () => {
    const reply = await z().del(`/api/v2/deleted_users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(404);
    expect(reply.json).toEqual(NOT_FOUND);
    expect((await z().api(`/api/v2/users/${ANN.id}`)).json.user).toMatchObject({
      active: true,
      email: ANN.email,
    });
  });

  it('lists a permanently deleted user as "Permanently Deleted User" with null email and phone, reads 404 (§11 R13)', async () => {
    expect((await z().del(`/api/v2/users/${ANN.id}`)).status).toBe(200);
    const reply = await z().del(`/api/v2/deleted_users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.deleted_user.id).toBe(ANN.id);
    const list = await z().api('/api/v2/deleted_users');
    const row = list.json.deleted_users.find((u: { id: number }) => u.id === ANN.id);
    expect(row).toMatchObject({ name: 'Permanently Deleted User', email: null, phone: null });
    expect((await z().api(`/api/v2/deleted_users/${ANN.id}`)).status).toBe(404);
    expect((await z().api(`/api/v2/users/${ANN.id}`)).status).toBe(404);
  });

  it("keeps the deleted user's closed tickets (§10)", async () => {
    expect((await z().del(`/api/v2/users/${ANN.id}`)).status).toBe(200);
    expect((await z().del(`/api/v2/deleted_users/${ANN.id}`)).status).toBe(200);
    const reply = await z().api(`/api/v2/tickets/${T_CLOSED}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.ticket.status).toBe('closed');
  });

  it.each(['new', 'open', 'pending', 'hold', 'solved'] as const)(
    'refuses to delete the requester of a %s ticket: 422 RecordInvalid (§11 R10)',
    async (status) => {
      await z().admin.setTicketStatus(T_CAROL, status);
      const reply = await z().del(`/api/v2/users/${CAROL.id}`);
      expect(reply.status, reply.text).toBe(422);
      expect(reply.json).toMatchObject({ error: 'RecordInvalid', description: expect.any(String) });
      expect((await z().api(`/api/v2/users/${CAROL.id}`)).json.user.active).toBe(true);
    },
  );

  it('deletes the requester once the ticket is closed (§11 R10)', async () => {
    expect((await z().del(`/api/v2/users/${CAROL.id}`)).status).toBe(422);
    await z().admin.setTicketStatus(T_CAROL, 'closed');
    expect((await z().del(`/api/v2/users/${CAROL.id}`)).status).toBe(200);
  });

  it('refuses to delete the account owner: 403 (§11 R11)', async () => {
    const reply = await z().del(`/api/v2/users/${OWNER.id}`);
    expect(reply.status, reply.text).toBe(403);
    expect(reply.json).toMatchObject({ error: 'Forbidden' });
    expect((await z().api(`/api/v2/users/${OWNER.id}`)).json.user.active).toBe(true);
  });
});

describe('Redacting comments (§7)', () => {
  const z = useZendesk(utc(2027, 3, 7, 9));
  const MASK = '▇'.repeat(ANN.phone.length);
  const redactPhone = async (): Promise<string> => {
    const comment = await z().comment(T_CLOSED, COMMENT);
    expect(comment.html_body).toContain(ANN.phone);
    return comment.html_body.replace(ANN.phone, `<redact>${ANN.phone}</redact>`);
  };
  const redact = (body: Record<string, unknown>): Promise<Reply> =>
    z().api(`/api/v2/comment_redactions/${COMMENT}`, { method: 'PUT', json: body });

  it('redacts a comment of a closed ticket: the characters become ▇ (§11 R15)', async () => {
    const reply = await redact({ ticket_id: T_CLOSED, html_body: await redactPhone() });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.comment.id).toBe(COMMENT);
    const stored = await z().comment(T_CLOSED, COMMENT);
    for (const comment of [reply.json.comment, stored]) {
      for (const key of ['body', 'html_body', 'plain_body']) {
        expect(comment[key], key).not.toContain(ANN.phone);
        expect(comment[key], key).toContain(MASK);
      }
    }
    expect(stored.plain_body).toContain('Please call me on');
  });

  it('turns the listed attachments into an empty redacted.txt (§7.2, §11 R15)', async () => {
    const before = await z().comment(T_CLOSED, COMMENT);
    const reply = await redact({
      ticket_id: T_CLOSED,
      html_body: await redactPhone(),
      external_attachment_urls: [before.attachments[0].content_url],
    });
    expect(reply.status, reply.text).toBe(200);
    const [attachment] = (await z().comment(T_CLOSED, COMMENT)).attachments;
    expect(attachment.file_name).toBe('redacted.txt');
    if ('size' in attachment) expect(attachment.size).toBe(0);
    expect(JSON.stringify(await z().comment(T_CLOSED, COMMENT))).not.toContain(PASSPORT);
  });

  it.each([
    ['no ticket_id', async () => ({ html_body: await redactPhone() })],
    ['the ticket_id of another ticket', async () => ({ ticket_id: T_CC, html_body: await redactPhone() })],
    ['no <redact> in html_body', async () => ({ ticket_id: T_CLOSED, html_body: '<p>nothing</p>' })],
  ])('refuses a redaction with %s and changes nothing (§11 R15)', async (_name, body) => {
    expectRefused(await redact(await body()));
    expect((await z().comment(T_CLOSED, COMMENT)).plain_body).toContain(ANN.phone);
  });

  it('answers 404 for a comment of a soft-deleted ticket (§11 R15)', async () => {
    const html = await redactPhone();
    expect((await z().del(`/api/v2/tickets/${T_CLOSED}`)).status).toBe(204);
    expect((await redact({ ticket_id: T_CLOSED, html_body: html })).status).toBe(404);
  });

  it('does not redact a closed ticket through the legacy endpoint (§7.2)', async () => {
    const reply = await z().api(`/api/v2/tickets/${T_CLOSED}/comments/${COMMENT}/redact`, {
      method: 'PUT',
      json: { text: ANN.phone },
    });
    expect(reply.status, reply.text).not.toBe(200);
    expect((await z().comment(T_CLOSED, COMMENT)).plain_body).toContain(ANN.phone);
  });
});

describe('Rate limits (§8, §11 R16)', () => {
  const z = useZendesk(utc(2027, 3, 8, 9));
  /** Calls `send` until it answers 429 (at most `max` times); returns that answer. */
  const until429 = async (send: () => Promise<Reply>, max: number): Promise<Reply> => {
    for (let i = 0; i < max; i++) {
      const reply = await send();
      if (reply.status === 429) return reply;
      expect(reply.status, reply.text).toBeLessThan(300);
    }
    throw new Error(`no 429 in ${max} calls`);
  };
  const retryAfterMs = (reply: Reply): number => {
    expect(reply.status, reply.text).toBe(429);
    const header = reply.headers.get('retry-after');
    expect(header).toMatch(/^\d+$/);
    expect(Number(header)).toBeGreaterThan(0);
    return Number(header) * 1000;
  };

  it('sends X-Rate-Limit and X-Rate-Limit-Remaining on every answer', async () => {
    const a = await z().api(`/api/v2/users/${ANN.id}`);
    const b = await z().api('/api/v2/users/999999');
    expect(b.status).toBe(404);
    for (const reply of [a, b]) {
      expect(reply.headers.get('x-rate-limit')).toBe(String(z().planRate));
      expect(reply.headers.get('x-rate-limit-remaining')).toMatch(/^\d+$/);
    }
    expect(Number(b.headers.get('x-rate-limit-remaining'))).toBe(
      Number(a.headers.get('x-rate-limit-remaining')) - 1,
    );
  });

  it('answers 429 text/plain with Retry-After over the per-minute limit; the 429 changes nothing (§11 R1)', async () => {
    await z().admin.setRateLimit(3);
    const first = await until429(() => z().api(`/api/v2/users/${ANN.id}`), 10);
    let wait = retryAfterMs(first);
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    const refused = await z().del(`/api/v2/tickets/${T_CC}`);
    wait = Math.max(wait, retryAfterMs(refused));
    await z().admin.advance(wait + 1000);
    expect((await z().api(`/api/v2/tickets/${T_CC}`)).status).toBe(200);
    expect((await z().del(`/api/v2/tickets/${T_CC}`)).status).toBe(204);
  });

  it('limits DELETE /tickets/{id} to 400 per minute', async () => {
    await z().admin.setRateLimit(1_000_000);
    await z().admin.seed(tickets(10_000, 401, BOB.id));
    for (let i = 0; i < 400; i++) expect((await z().del(`/api/v2/tickets/${10_000 + i}`)).status).toBe(204);
    const limited = await z().del('/api/v2/tickets/10400');
    const wait = retryAfterMs(limited);
    expect((await z().api('/api/v2/tickets/10400')).status).toBe(200);
    await z().admin.advance(wait + 1000);
    expect((await z().del('/api/v2/tickets/10400')).status).toBe(204);
  });

  it('limits GET /deleted_tickets to 10 per minute, other endpoints unaffected', async () => {
    for (let i = 0; i < 10; i++) expect((await z().api('/api/v2/deleted_tickets')).status).toBe(200);
    const wait = retryAfterMs(await z().api('/api/v2/deleted_tickets'));
    expect((await z().api(`/api/v2/users/${ANN.id}`)).status).toBe(200);
    await z().admin.advance(wait + 1000);
    expect((await z().api('/api/v2/deleted_tickets')).status).toBe(200);
  });

  it('limits permanent user deletion to 700 per 10 minutes', async () => {
    await z().admin.setRateLimit(1_000_000);
    const many = Array.from({ length: 701 }, (_, i) => ({
      id: 20_000 + i,
      name: `P ${i}`,
      email: `p${i}@ex.com`,
    }));
    await z().admin.seed({ users: many });
    for (const u of many) expect((await z().del(`/api/v2/users/${u.id}`)).status).toBe(200);
    for (const u of many.slice(0, 700))
      expect((await z().del(`/api/v2/deleted_users/${u.id}`)).status).toBe(200);
    const limited = await z().del('/api/v2/deleted_users/20700');
    const wait = retryAfterMs(limited);
    expect(wait).toBeLessThanOrEqual(10 * MINUTE);
    expect((await z().api('/api/v2/deleted_users/20700')).json.deleted_user.email).toBe('p700@ex.com');
    await z().admin.advance(wait + 1000);
    expect((await z().del('/api/v2/deleted_users/20700')).status).toBe(200);
  });

  it('answers the 31st queued job with 429 and Retry-After (§11 R9)', async () => {
    await z().admin.seed(tickets(600, 31, BOB.id));
    const jobs: Json[] = [];
    for (let i = 0; i < 30; i++) {
      const reply = await z().del(`/api/v2/tickets/destroy_many?ids=${600 + i}`);
      expect(reply.status, reply.text).toBe(200);
      jobs.push(reply.json.job_status);
    }
    const wait = retryAfterMs(await z().del('/api/v2/tickets/destroy_many?ids=630'));
    await z().admin.advance(wait + 1000);
    for (const job of jobs) expect((await z().runJob(job)).final.status).toBe('completed');
    expect((await z().api('/api/v2/tickets/630')).status).toBe(200);
    expect((await z().del('/api/v2/tickets/destroy_many?ids=630')).status).toBe(200);
  });
});
