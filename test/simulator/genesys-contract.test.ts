/**
 * The Genesys Cloud simulator keeps the documented contract (notes/platform-contracts.md §2): OAuth
 * client credentials, GDPR requests and their statuses, subject search, analytics conversation
 * details, recording metadata, external contacts, the per-token rate limit, and the journal of broken
 * rules. Plain fetch: no connector code involved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type GenesysSubject,
  type PinnedGenesys,
  seedGenesysSubject,
  startPinnedGenesys,
} from '../helpers/genesys-fixtures';
import { DAY } from '../helpers/liveperson-fixtures';

let p: PinnedGenesys;
let s: GenesysSubject;
const HOUR = 3_600_000;

beforeAll(async () => {
  p = await startPinnedGenesys();
});
afterAll(async () => {
  await p.close();
});
beforeEach(async () => {
  await p.admin.reset();
  s = await seedGenesysSubject(p, 'gc');
});

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  json: any;
}

async function token(secret = p.sim.context.options.clientSecret): Promise<Answer> {
  const basic = Buffer.from(`${p.sim.context.options.clientId}:${secret}`).toString('base64');
  const res = await fetch(`${p.sim.url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  return { status: res.status, headers: res.headers, json: await res.json() };
}

async function call(method: string, path: string, body?: unknown, bearer?: string | null): Promise<Answer> {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (bearer !== null) headers.authorization = `Bearer ${bearer ?? (await token()).json.access_token}`;
  const res = await fetch(`${p.sim.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

const deleteRequest = (subject: object, query = '?deleteConfirmed=true') =>
  call('POST', `/api/v2/gdpr/requests${query}`, { requestType: 'GDPR_DELETE', subject });

describe('Genesys simulator: OAuth and authentication', () => {
  it('issues a bearer token for the client credentials, and refuses a wrong secret', async () => {
    const ok = await token();
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'bearer', expires_in: 86_400 });
    expect((await token('wrong')).status).toBe(401);
  });

  it('answers a call without a token 401 in the ErrorBody shape, and journals the broken rule', async () => {
    const answer = await call('GET', '/api/v2/gdpr/requests', undefined, null);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ status: 401, code: 'authentication.required' });
    expect((await p.admin.journal()).violations).toHaveLength(1);
  });
});

describe('Genesys simulator: GDPR requests', () => {
  it.each([
    [
      'an unknown request type',
      { requestType: 'GDPR_ERASE', subject: { emailAddresses: ['a@b.c'] } },
      '?deleteConfirmed=true',
    ],
    ['no subject', { requestType: 'GDPR_DELETE' }, '?deleteConfirmed=true'],
    [
      'an empty subject',
      { requestType: 'GDPR_DELETE', subject: { emailAddresses: [] } },
      '?deleteConfirmed=true',
    ],
    [
      'an update without replacement terms',
      { requestType: 'GDPR_UPDATE', subject: { emailAddresses: ['a@b.c'] } },
      '',
    ],
    ['a delete not confirmed', { requestType: 'GDPR_DELETE', subject: { emailAddresses: ['a@b.c'] } }, ''],
    [
      'an unknown property',
      { requestType: 'GDPR_DELETE', subject: { emailAddresses: ['a@b.c'] }, extra: 1 },
      '?deleteConfirmed=true',
    ],
  ])('refuses %s with 400 bad.request and journals it', async (_what, body, query) => {
    const answer = await call('POST', `/api/v2/gdpr/requests${query}`, body);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('bad.request');
    expect((await p.admin.journal()).violations).toHaveLength(1);
    expect(await p.admin.requests()).toEqual([]);
  });

  it('accepts a confirmed delete with 202 INITIATED, then SEARCHING, DELETING and COMPLETED on the clock', async () => {
    await p.admin.endConversation(s.openConversation);
    const created = await deleteRequest({ emailAddresses: [s.email], phoneNumbers: [s.phone] });
    expect(created.status).toBe(202);
    expect(created.json).toMatchObject({ status: 'INITIATED', requestType: 'GDPR_DELETE' });
    const status = async () => (await call('GET', `/api/v2/gdpr/requests/${created.json.id}`)).json.status;
    await p.admin.advance(HOUR);
    expect(await status()).toBe('SEARCHING');
    await p.admin.advance(HOUR);
    expect(await status()).toBe('DELETING');
    expect((await p.admin.remaining(s.personalValues)).length).toBeGreaterThan(0);
    await p.admin.advance(22 * HOUR);
    expect(await status()).toBe('COMPLETED');
    // The held recording stays. So does the interaction under the work email, which the request did
    // not name and no contact link leads to: the fragmented-identity trap.
    expect(await p.admin.remaining(s.personalValues)).toEqual([
      { kind: 'conversation', id: s.closedConversations[2] },
      { kind: 'recording', id: s.heldRecording.id },
    ]);
    expect((await p.admin.remaining(['Bob Bystander'])).length).toBe(2);
    // The held recording's deletion is pending: lifting the hold carries it out.
    await p.admin.releaseRecording(s.heldRecording.id);
    expect(await p.admin.remaining(s.personalValues)).toEqual([
      { kind: 'conversation', id: s.closedConversations[2] },
    ]);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('ends in ERROR around an interaction still going on (a partial completion), which a later request finishes', async () => {
    const first = await deleteRequest({ phoneNumbers: [s.phone] });
    await p.admin.advance(DAY);
    expect((await call('GET', `/api/v2/gdpr/requests/${first.json.id}`)).json.status).toBe('ERROR');
    const left = await p.admin.remaining([s.phone]);
    expect(left).toContainEqual({ kind: 'conversation', id: s.openConversation });
    expect(left.filter((r) => r.kind === 'conversation')).toHaveLength(1);
    await p.admin.endConversation(s.openConversation);
    const second = await deleteRequest({ phoneNumbers: [s.phone] });
    await p.admin.advance(DAY);
    expect((await call('GET', `/api/v2/gdpr/requests/${second.json.id}`)).json.status).toBe('COMPLETED');
    expect((await p.admin.remaining([s.phone])).filter((r) => r.kind === 'conversation')).toEqual([]);
  });

  it('replaces the named values with their replacement terms on GDPR_UPDATE', async () => {
    await p.admin.endConversation(s.openConversation);
    const created = await call('POST', '/api/v2/gdpr/requests', {
      requestType: 'GDPR_UPDATE',
      subject: { emailAddresses: [s.email] },
      replacementTerms: [
        { type: 'EMAIL', existingValue: s.email, updatedValue: 'gone@example.invalid' },
        { type: 'NAME', existingValue: s.name, updatedValue: 'Erased' },
      ],
    });
    expect(created.status).toBe(202);
    await p.admin.advance(DAY);
    const details = await call('GET', `/api/v2/analytics/conversations/${s.closedConversations[1]}/details`);
    const customer = details.json.participants.find((x: { purpose: string }) => x.purpose === 'customer');
    expect(customer.participantName).toBe('Erased');
    expect(customer.sessions[0].addressFrom).toBe('gone@example.invalid');
  });

  it('lists requests newest first in the paging envelope, and answers 404 not.found for an unknown one', async () => {
    const a = await deleteRequest({ emailAddresses: [s.email] });
    const b = await deleteRequest({ emailAddresses: [s.workEmail] });
    const list = await call('GET', '/api/v2/gdpr/requests?pageSize=1&pageNumber=1');
    expect(list.json).toMatchObject({ pageSize: 1, pageNumber: 1, total: 2, pageCount: 2 });
    expect(list.json.entities.map((e: { id: string }) => e.id)).toEqual([b.json.id]);
    expect(a.json.id).not.toBe(b.json.id);
    const missing = await call('GET', '/api/v2/gdpr/requests/00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe('not.found');
  });
});

describe('Genesys simulator: subject search, analytics, recordings, contacts', () => {
  it('finds the external contact subject by any of its emails, with every identifier on it', async () => {
    const found = await call(
      'GET',
      `/api/v2/gdpr/subjects?searchType=EMAIL&searchValue=${encodeURIComponent(s.workEmail)}`,
    );
    expect(found.json.entities).toContainEqual(
      expect.objectContaining({
        externalContactId: s.contactId,
        emailAddresses: [s.email, s.workEmail],
        phoneNumbers: [s.phone],
      }),
    );
    const bad = await call('GET', '/api/v2/gdpr/subjects?searchType=SHOE_SIZE&searchValue=42');
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid.query.param.value');
  });

  it('finds a customer with no contact by the identifiers on their interactions', async () => {
    const found = await call(
      'GET',
      `/api/v2/gdpr/subjects?searchType=PHONE&searchValue=${encodeURIComponent(s.bystander.phone)}`,
    );
    const ids = found.json.entities.map((e: { externalContactId?: string }) => e.externalContactId);
    expect(ids).toContain(s.bystander.contactId);
  });

  it('answers details queries by dimension, leaving `conversations` out when nothing matched', async () => {
    const interval = `${new Date(0).toISOString()}/${new Date((await p.admin.now()) + DAY).toISOString()}`;
    const query = (value: string, dimension = 'addressFrom', paging = { pageSize: 25, pageNumber: 1 }) =>
      call('POST', '/api/v2/analytics/conversations/details/query', {
        interval,
        paging,
        segmentFilters: [
          { type: 'or', predicates: [{ type: 'dimension', dimension, operator: 'matches', value }] },
        ],
      });
    expect(
      (await query(s.email)).json.conversations.map((c: { conversationId: string }) => c.conversationId),
    ).toEqual([s.closedConversations[1]]);
    const byPhone = await query(`tel:${s.phone}`, 'ani', { pageSize: 2, pageNumber: 1 });
    expect(byPhone.json.totalHits).toBe(3);
    expect(byPhone.json.conversations).toHaveLength(2);
    expect(await query('nobody@example.com').then((a) => a.json)).toEqual({ totalHits: 0 });
    expect((await query('x', 'shoeSize')).status).toBe(400);
  });

  it('reports recordings without any hold field (none is published), and contacts in their fixed fields', async () => {
    const meta = await call(
      'GET',
      `/api/v2/conversations/${s.heldRecording.conversationId}/recordingmetadata`,
    );
    expect(meta.json).toEqual([expect.objectContaining({ id: s.heldRecording.id })]);
    expect(meta.json[0]).not.toHaveProperty('legalHold');
    const contact = await call('GET', `/api/v2/externalcontacts/contacts/${s.contactId}`);
    expect(contact.json).toMatchObject({
      workEmail: s.email,
      personalEmail: s.workEmail,
      workPhone: { e164: s.phone },
    });
  });
});

describe('Genesys simulator: rate limit and faults', () => {
  it('answers 429 with Retry-After once a token has spent its calls for the minute, and refills on the clock', async () => {
    await p.admin.setRateLimit(3);
    const bearer = (await token()).json.access_token as string;
    for (let i = 0; i < 3; i += 1)
      expect((await call('GET', '/api/v2/gdpr/requests', undefined, bearer)).status).toBe(200);
    const limited = await call('GET', '/api/v2/gdpr/requests', undefined, bearer);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(limited.json.code).toBe('too.many.requests.retry.after');
    await p.admin.advance(20_000);
    expect((await call('GET', '/api/v2/gdpr/requests', undefined, bearer)).status).toBe(200);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('injects 500s and malformed bodies on request', async () => {
    const bearer = (await token()).json.access_token as string;
    await p.admin.faults({ errorRate: 1, maxFaults: 1 });
    const failed = await call('GET', '/api/v2/gdpr/requests', undefined, bearer);
    expect(failed.status).toBe(500);
    expect(failed.json.code).toBe('service.unavailable');
    await p.admin.faults({ malformedRate: 1, maxFaults: 1 });
    const res = await fetch(`${p.sim.url}/api/v2/gdpr/requests`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
    expect((await call('GET', '/api/v2/gdpr/requests', undefined, bearer)).status).toBe(200);
  });
});
