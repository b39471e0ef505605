/**
 * A second reading of the Genesys Cloud simulator, written from the platform's documentation alone
 * (the platform-contracts notes, §0 and §2, seed 004), without reading the simulator's
 * routes. Calls go over real HTTP with an OAuth client-credentials token; the admin API only seeds
 * data, moves the clock, sets the rate limit and reads the journal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysAdminClient } from '../../src/simulator/genesys/admin-client';
import { type GenesysSimulator, startGenesysSimulator } from '../../src/simulator/genesys/server';
import { type CallInit, call, DAY, genesysToken, HOUR, type Reply, utc } from '../helpers/documented-http';

/** GDPRRequest.status (§2): no other value exists. */
const STATUSES = ['INITIATED', 'SEARCHING', 'UPDATING', 'DELETING', 'COMPLETED', 'ERROR', 'FINALIZING'];
const REQUEST_FIELDS = [
  'id',
  'name',
  'createdBy',
  'replacementTerms',
  'requestType',
  'createdDate',
  'status',
  'subject',
  'resultsUrl',
  'resultsUrls',
  'selfUri',
];
const SUBJECT_FIELDS = [
  'name',
  'userId',
  'externalContactId',
  'dialerContactId',
  'journeyCustomer',
  'socialHandle',
  'externalId',
  'addresses',
  'phoneNumbers',
  'emailAddresses',
];
const LISTING_FIELDS = [
  'entities',
  'pageSize',
  'pageNumber',
  'total',
  'firstUri',
  'nextUri',
  'previousUri',
  'lastUri',
  'selfUri',
  'pageCount',
];
const ERROR_FIELDS = [
  'message',
  'code',
  'status',
  'entityId',
  'entityName',
  'messageWithParams',
  'messageParams',
  'contextId',
  'details',
  'errors',
  'limit',
];
const CODES_400 = [
  'bad.request',
  'invalid.value',
  'invalid.property',
  'constraint.validation',
  'invalid.query.param.value',
];
const CODES_401 = ['authentication.required', 'bad.credentials', 'ip.not.authorized'];
const CODES_429 = ['too.many.requests.retry.after', 'too.many.requests'];

const ANN = {
  contactId: '6f1c1a52-3a0e-4d5b-9a51-0c1d2e3f4a01',
  conversationId: '6f1c1a52-3a0e-4d5b-9a51-0c1d2e3f4a02',
  heldRecording: '6f1c1a52-3a0e-4d5b-9a51-0c1d2e3f4a03',
  freeRecording: '6f1c1a52-3a0e-4d5b-9a51-0c1d2e3f4a04',
  email: 'ann.example@example.org',
  phone: '+13115552368',
};

/** One simulator on a pinned clock, reached with documented OAuth. */
class Genesys {
  private constructor(
    readonly sim: GenesysSimulator,
    readonly admin: GenesysAdminClient,
  ) {}

  static async start(now: number): Promise<Genesys> {
    const sim = await startGenesysSimulator({ realNow: () => now });
    return new Genesys(sim, new GenesysAdminClient(sim.url));
  }

  tokenReply(): Promise<Reply> {
    const o = this.sim.context.options;
    return genesysToken(this.sim.url, o.clientId, o.clientSecret);
  }

  async token(): Promise<string> {
    const reply = await this.tokenReply();
    if (reply.status !== 200) throw new Error(`oauth/token: HTTP ${reply.status} ${reply.text}`);
    return reply.json.access_token as string;
  }

  /** Calls the API with a fresh token unless `bearer` is given. */
  async api(path: string, init: CallInit = {}): Promise<Reply> {
    const bearer = 'bearer' in init ? init.bearer : await this.token();
    return call(`${this.sim.url}${path}`, { ...init, ...(bearer === undefined ? {} : { bearer }) });
  }

  /** The journal entry of the last platform call. */
  async lastEntry(): Promise<{ path: string; status: number; violations: readonly string[] }> {
    const { entries } = await this.admin.journal();
    const last = entries.at(-1);
    if (last === undefined) throw new Error('empty journal');
    return last;
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

function useGenesys(now: number): () => Genesys {
  let g: Genesys | undefined;
  beforeAll(async () => {
    g = await Genesys.start(now);
  });
  afterAll(async () => {
    await g?.close();
  });
  return () => {
    if (g === undefined) throw new Error('simulator not started');
    return g;
  };
}

/** Asserts the documented ErrorBody shape with `status` equal to the HTTP status. */
function expectErrorBody(reply: Reply, status: number, codes: readonly string[]): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.json, reply.text).toMatchObject({
    message: expect.any(String),
    code: expect.any(String),
    status,
  });
  expect(codes, reply.text).toContain(reply.json.code);
  for (const key of Object.keys(reply.json)) expect(ERROR_FIELDS, `ErrorBody field ${key}`).toContain(key);
}

function expectOnly(record: Record<string, unknown>, fields: readonly string[], what: string): void {
  for (const key of Object.keys(record))
    expect(fields, `${what} field ${key}: ${JSON.stringify(record)}`).toContain(key);
}

const seedAnn = (g: Genesys, start: number): Promise<unknown> =>
  g.admin.seed({
    contacts: [
      { id: ANN.contactId, firstName: 'Ann', lastName: 'Example', emails: [ANN.email], phones: [ANN.phone] },
    ],
    conversations: [
      {
        id: ANN.conversationId,
        start,
        end: start + HOUR,
        customer: {
          name: 'Ann Example',
          email: ANN.email,
          phone: ANN.phone,
          externalContactId: ANN.contactId,
        },
        recordings: [
          { id: ANN.heldRecording, legalHold: true },
          { id: ANN.freeRecording, legalHold: false },
        ],
      },
    ],
  });

describe('OAuth client credentials and authentication errors (§2 hosts/auth, errors)', () => {
  const g = useGenesys(utc(2027, 6, 1, 9));

  it('issues a bearer token for HTTP Basic client_id:client_secret', async () => {
    const reply = await g().tokenReply();
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ access_token: expect.any(String), expires_in: expect.any(Number) });
    expect(String(reply.json.token_type).toLowerCase()).toBe('bearer');
  });

  it('answers a call without a token with 401 in the ErrorBody shape', async () => {
    expectErrorBody(await g().api('/api/v2/gdpr/requests', { bearer: undefined }), 401, CODES_401);
  });
});

describe('GDPR requests and subjects (§2)', () => {
  const T = utc(2027, 6, 1, 9);
  const g = useGenesys(T);
  let requestId = '';

  beforeAll(async () => {
    await seedAnn(g(), T - 10 * DAY);
  });

  it('accepts a GDPR_DELETE with deleteConfirmed=true: 200/202 with a documented GDPRRequest', async () => {
    const reply = await g().api('/api/v2/gdpr/requests?deleteConfirmed=true', {
      json: {
        requestType: 'GDPR_DELETE',
        subject: { emailAddresses: [ANN.email], phoneNumbers: [ANN.phone] },
      },
    });
    expect([200, 202], reply.text).toContain(reply.status);
    expectOnly(reply.json, REQUEST_FIELDS, 'GDPRRequest');
    expect(reply.json).toMatchObject({ id: expect.any(String), requestType: 'GDPR_DELETE' });
    expect(STATUSES).toContain(reply.json.status);
    expect(Number.isNaN(Date.parse(reply.json.createdDate))).toBe(false);
    requestId = reply.json.id;
  });

  it.each([
    { requestType: 'GDPR_EXPORT', subject: { emailAddresses: [ANN.email] } },
    {
      requestType: 'GDPR_UPDATE',
      subject: { emailAddresses: [ANN.email] },
      replacementTerms: [{ type: 'EMAIL', existingValue: ANN.email, updatedValue: 'ann.new@example.org' }],
    },
  ])('accepts a $requestType request', async (body) => {
    const reply = await g().api('/api/v2/gdpr/requests', { json: body });
    expect([200, 202], reply.text).toContain(reply.status);
    expect(STATUSES).toContain(reply.json.status);
  });

  it.each([
    ['an undocumented requestType', { requestType: 'GDPR_ERASE', subject: { emailAddresses: [ANN.email] } }],
    ['no subject', { requestType: 'GDPR_EXPORT' }],
    ['no requestType', { subject: { emailAddresses: [ANN.email] } }],
  ])('refuses a request with %s: 400 ErrorBody', async (_name, body) => {
    expectErrorBody(
      await g().api('/api/v2/gdpr/requests?deleteConfirmed=true', { json: body }),
      400,
      CODES_400,
    );
  });

  it('gets one request by id', async () => {
    const reply = await g().api(`/api/v2/gdpr/requests/${requestId}`);
    expect(reply.status, reply.text).toBe(200);
    expectOnly(reply.json, REQUEST_FIELDS, 'GDPRRequest');
    expect(reply.json.id).toBe(requestId);
    expect(STATUSES).toContain(reply.json.status);
  });

  it('lists requests in a GDPRRequestEntityListing', async () => {
    const reply = await g().api('/api/v2/gdpr/requests?pageSize=25&pageNumber=1');
    expect(reply.status, reply.text).toBe(200);
    expectOnly(reply.json, LISTING_FIELDS, 'listing');
    expect(reply.json.entities.map((e: { id: string }) => e.id)).toContain(requestId);
    for (const e of reply.json.entities) {
      expectOnly(e, REQUEST_FIELDS, 'GDPRRequest');
      expect(STATUSES).toContain(e.status);
    }
  });

  it('pages the list with pageSize and pageNumber', async () => {
    const reply = await g().api('/api/v2/gdpr/requests?pageSize=1&pageNumber=2');
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ pageSize: 1, pageNumber: 2 });
    expect(reply.json.entities.length).toBeLessThanOrEqual(1);
    expect(reply.json.total).toBeGreaterThanOrEqual(3);
  });

  it('answers 404 not.found in the ErrorBody shape for an unknown request id', async () => {
    expectErrorBody(await g().api('/api/v2/gdpr/requests/00000000-0000-4000-8000-000000000000'), 404, [
      'not.found',
    ]);
  });

  it.each([
    ['EMAIL', ANN.email, 'emailAddresses'],
    ['PHONE', ANN.phone, 'phoneNumbers'],
  ])('finds the subject by %s with only GDPRSubject fields', async (searchType, value, field) => {
    const reply = await g().api(
      `/api/v2/gdpr/subjects?searchType=${searchType}&searchValue=${encodeURIComponent(value)}`,
    );
    expect(reply.status, reply.text).toBe(200);
    expectOnly(reply.json, LISTING_FIELDS, 'listing');
    expect(reply.json.entities.length).toBeGreaterThan(0);
    for (const s of reply.json.entities) expectOnly(s, SUBJECT_FIELDS, 'GDPRSubject');
    expect(reply.json.entities.some((s: Record<string, string[]>) => s[field]?.includes(value))).toBe(true);
  });

  it('accepts a subject from the search submitted back verbatim', async () => {
    const found = await g().api(
      `/api/v2/gdpr/subjects?searchType=EMAIL&searchValue=${encodeURIComponent(ANN.email)}`,
    );
    const reply = await g().api('/api/v2/gdpr/requests', {
      json: { requestType: 'GDPR_EXPORT', subject: found.json.entities[0] },
    });
    expect([200, 202], reply.text).toContain(reply.status);
  });

  it.each([
    ['an undocumented searchType', '?searchType=SHOE_SIZE&searchValue=42'],
    ['no searchValue', '?searchType=EMAIL'],
    ['no searchType', `?searchValue=${encodeURIComponent(ANN.email)}`],
  ])('refuses a subject search with %s: 400 ErrorBody', async (_name, query) => {
    expectErrorBody(await g().api(`/api/v2/gdpr/subjects${query}`), 400, CODES_400);
  });

  it('moves a request only through the documented statuses', async () => {
    const seen = new Set<string>();
    for (let step = 0; step < 30 * 4; step++) {
      const reply = await g().api(`/api/v2/gdpr/requests/${requestId}`);
      expect(reply.status, reply.text).toBe(200);
      seen.add(reply.json.status);
      await g().admin.advance(6 * HOUR);
    }
    for (const status of seen) expect(STATUSES, [...seen].join(',')).toContain(status);
  });
});

describe('Recording metadata publishes no legal-hold field (§0, seed 004)', () => {
  const T = utc(2027, 7, 1, 9);
  const g = useGenesys(T);

  beforeAll(async () => {
    await seedAnn(g(), T - 10 * DAY);
  });

  const recordings = async (): Promise<Array<Record<string, unknown>>> => {
    const reply = await g().api(`/api/v2/conversations/${ANN.conversationId}/recordingmetadata`);
    expect(reply.status, reply.text).toBe(200);
    expect(Array.isArray(reply.json), reply.text).toBe(true);
    return reply.json;
  };

  it('lists the recordings with no legalHold property on any item', async () => {
    const items = await recordings();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.hasOwn(item, 'legalHold'), JSON.stringify(item)).toBe(false);
  });

  it('still lists the held recording after the subject’s GDPR_DELETE is COMPLETED, still with no legalHold', async () => {
    const created = await g().api('/api/v2/gdpr/requests?deleteConfirmed=true', {
      json: { requestType: 'GDPR_DELETE', subject: { emailAddresses: [ANN.email] } },
    });
    expect([200, 202], created.text).toContain(created.status);
    let status = created.json.status as string;
    for (let step = 0; step < 30 * 4 && status !== 'COMPLETED' && status !== 'ERROR'; step++) {
      await g().admin.advance(6 * HOUR);
      status = (await g().api(`/api/v2/gdpr/requests/${created.json.id}`)).json.status;
    }
    expect(status).toBe('COMPLETED');
    const items = await recordings();
    expect(items.map((r) => r.id)).toContain(ANN.heldRecording);
    for (const item of items) expect(Object.hasOwn(item, 'legalHold'), JSON.stringify(item)).toBe(false);
  });
});

describe('Rate limits belong to the token: Retry-After (§0, §2 errors)', () => {
  const g = useGenesys(utc(2027, 8, 1, 9));
  let tokenA = '';
  let retryAfterMs = 0;
  let limitedAt = 0;

  beforeAll(async () => {
    await g().admin.setRateLimit(2);
  });

  it('answers 429 with a Retry-After header and a too.many.requests ErrorBody', async () => {
    tokenA = await g().token();
    let reply: Reply | undefined;
    for (let i = 0; i < 10; i++) {
      reply = await g().api('/api/v2/gdpr/requests', { bearer: tokenA });
      if (reply.status === 429) break;
    }
    if (reply === undefined) throw new Error('no call made');
    expectErrorBody(reply, 429, CODES_429);
    const header = reply.headers.get('retry-after');
    expect(header).toMatch(/^\d+$/);
    retryAfterMs = Number(header) * 1000;
    expect(retryAfterMs).toBeGreaterThan(0);
    limitedAt = await g().admin.now();
  });

  it('records a call with the same token before Retry-After elapsed as a violation (any endpoint)', async () => {
    await g().admin.advance(Math.floor(retryAfterMs / 2));
    const early = await g().api(
      `/api/v2/gdpr/subjects?searchType=EMAIL&searchValue=${encodeURIComponent(ANN.email)}`,
      { bearer: tokenA },
    );
    const entry = await g().lastEntry();
    // A fresh 429 announces a fresh Retry-After: the next test waits for the latest one.
    const header = early.headers.get('retry-after');
    if (early.status === 429 && header !== null) {
      limitedAt = await g().admin.now();
      retryAfterMs = Number(header) * 1000;
    }
    expect(entry.path).toMatch(/^\/api\/v2\/gdpr\/subjects/);
    expect(entry.violations.length, JSON.stringify(entry)).toBeGreaterThan(0);
  });

  it('does not hold another token to the first token’s Retry-After', async () => {
    const tokenB = await g().token();
    await g().api('/api/v2/gdpr/requests', { bearer: tokenB });
    const entry = await g().lastEntry();
    expect(entry.path).toMatch(/^\/api\/v2\/gdpr\/requests/);
    expect(entry.violations, JSON.stringify(entry)).toEqual([]);
  });

  it('records no violation for the same token once Retry-After has elapsed, and serves it', async () => {
    await g().admin.setClock(limitedAt + retryAfterMs + 1000);
    const reply = await g().api('/api/v2/gdpr/requests', { bearer: tokenA });
    const entry = await g().lastEntry();
    expect(entry.violations, JSON.stringify(entry)).toEqual([]);
    expect(reply.status, reply.text).toBe(200);
  });
});
