/**
 * A second reading of the OneTrust simulator, written from the documentation alone: the DSR-tool
 * contracts notes (§1.4), the vendor OpenAPI mirrored in `api-evangelist/onetrust`
 * (`openapi/onetrust-subtasks-api-openapi.yml`, `openapi/onetrust-oauth-token-api-openapi.yml`) and
 * developer.onetrust.com (`updatesubtaskstatususingput`, `completesubtaskusingput`, `oauth-token`,
 * the "Generate OAuth Access Token" recipe, `rate-limits-overview`). Calls go over real HTTP with an
 * OAuth client-credentials token; the admin API only creates subtasks, reads them back, moves the
 * clock and sets the per-minute limit.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OneTrustAdminClient } from '../../src/simulator/privacy-tools/onetrust/admin-client';
import {
  defaultOneTrustOptions,
  type OneTrustSimulator,
  type OneTrustStartOptions,
  startOneTrustSimulator,
} from '../../src/simulator/privacy-tools/onetrust/server';
import { type CallInit, call, MINUTE, type Reply, utc } from '../helpers/documented-http';

/** `UpdateSubtaskStatusRequest.status`: the only values the status endpoint takes. */
const SETTABLE = ['IN_PROGRESS', 'FAILED', 'COMPLETED', 'REJECTED'] as const;
/** `ClientCredentialsResponse` properties, plus `ot-scopes` (the spelling of the documented example). */
const TOKEN_FIELDS = [
  'access_token',
  'email',
  'expires_in',
  'guid',
  'jti',
  'languageId',
  'orgGroupGuid',
  'orgGroupId',
  'ot_scopes',
  'ot-scopes',
  'role',
  'scope',
  'sessionId',
  'tenantGuid',
  'tenantId',
  'token_type',
  'user_name',
];
/** `maxLength` of `comment` in both request bodies (1.5 MB). */
const MAX_COMMENT = 1_500_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RESOLUTION = 'e2d0f59e-3df0-4b1f-965d-d57547ed44ad';
const FILE_ID = '3b47744c-eebf-44bb-bf4c-680966a448dc';
const ANN = [{ type: 'email', value: 'ann.example@example.org' }];

/** One simulator on a pinned clock, reached the documented way. */
class OneTrust {
  private constructor(
    readonly sim: OneTrustSimulator,
    readonly admin: OneTrustAdminClient,
  ) {}

  static async start(now: number, options: OneTrustStartOptions = {}): Promise<OneTrust> {
    const sim = await startOneTrustSimulator({ ...options, realNow: () => now });
    return new OneTrust(sim, new OneTrustAdminClient(sim.url));
  }

  /**
   * `POST /api/access/v1/oauth/token` with a form body: form-urlencoded as the documented recipe sends
   * it, or multipart/form-data as the OAS gives it.
   */
  async tokenReply(
    fields: Record<string, string> = {
      grant_type: 'client_credentials',
      client_id: defaultOneTrustOptions.clientId,
      client_secret: defaultOneTrustOptions.clientSecret,
    },
    encoding: 'multipart' | 'urlencoded' = 'urlencoded',
  ): Promise<Reply> {
    let body: FormData | string;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (encoding === 'multipart') {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      body = form;
    } else {
      body = new URLSearchParams(fields).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(`${this.sim.url}/api/access/v1/oauth/token`, { method: 'POST', headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  async token(): Promise<string> {
    const reply = await this.tokenReply();
    if (reply.status !== 200) throw new Error(`oauth/token: HTTP ${reply.status} ${reply.text}`);
    return reply.json.access_token as string;
  }

  /** `PUT` on a subtask path with a fresh token unless `bearer` is given (`undefined`: none). */
  async put(path: string, json: unknown, init: CallInit = {}): Promise<Reply> {
    const bearer = 'bearer' in init ? init.bearer : await this.token();
    return call(`${this.sim.url}${path}`, {
      ...init,
      method: 'PUT',
      json,
      ...(bearer === undefined ? {} : { bearer }),
    });
  }

  status(id: string, body: unknown, init: CallInit = {}): Promise<Reply> {
    return this.put(`/api/datasubject/v2/subtasks/${id}/status`, body, init);
  }

  complete(id: string, body: unknown, init: CallInit = {}): Promise<Reply> {
    return this.put(`/api/datasubject/v2/subtasks/${id}/complete`, body, init);
  }

  async newSubtask(): Promise<string> {
    return (await this.admin.createSubtask({ identifiers: ANN })).subtaskId;
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** One simulator for a describe block; the minute limit is lifted unless the block is about it. */
function useOneTrust(
  now: number,
  options: OneTrustStartOptions = { ratePerMinute: 1_000_000 },
): () => OneTrust {
  let o: OneTrust | undefined;
  beforeAll(async () => {
    o = await OneTrust.start(now, options);
  });
  afterAll(async () => {
    await o?.close();
  });
  return () => {
    if (o === undefined) throw new Error('simulator not started');
    return o;
  };
}

/** A fresh simulator for every test of a block (rate windows and clocks never leak between tests). */
function freshOneTrust(now: number, options: OneTrustStartOptions = {}): () => OneTrust {
  let o: OneTrust | undefined;
  beforeEach(async () => {
    o = await OneTrust.start(now, options);
  });
  afterEach(async () => {
    await o?.close();
    o = undefined;
  });
  return () => {
    if (o === undefined) throw new Error('simulator not started');
    return o;
  };
}

/** Asserts a client error (documented: 400 Bad Request) and that the subtask did not move. */
async function expectRefused(o: OneTrust, id: string, reply: Reply, before: string): Promise<void> {
  expect(reply.status, reply.text).toBe(400);
  const after = await o.admin.subtask(id);
  expect(after.status).toBe(before);
}

describe('OAuth token endpoint (oauth-token OAS, recipe)', () => {
  const o = useOneTrust(utc(2027, 3, 1, 9));

  it('issues a token for a form-urlencoded grant_type, client_id and client_secret (the recipe)', async () => {
    const reply = await o().tokenReply();
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({ access_token: expect.any(String), token_type: 'bearer' });
    expect(reply.json.access_token.length).toBeGreaterThan(0);
  });

  it('issues a token for the same fields as multipart/form-data (the OAS request body)', async () => {
    const reply = await o().tokenReply(
      {
        grant_type: 'client_credentials',
        client_id: defaultOneTrustOptions.clientId,
        client_secret: defaultOneTrustOptions.clientSecret,
      },
      'multipart',
    );
    expect(reply.status, reply.text).toBe(200);
    expect(typeof reply.json.access_token).toBe('string');
  });

  it('gives expires_in as the credential lifetime in whole seconds', async () => {
    const reply = await o().tokenReply();
    expect(Number.isInteger(reply.json.expires_in), reply.text).toBe(true);
    expect(reply.json.expires_in).toBeGreaterThan(defaultOneTrustOptions.tokenTtlMs / 1000 - 2);
    expect(reply.json.expires_in).toBeLessThanOrEqual(defaultOneTrustOptions.tokenTtlMs / 1000);
  });

  it('answers only ClientCredentialsResponse fields, with the granted DSAR scopes', async () => {
    const reply = await o().tokenReply();
    for (const key of Object.keys(reply.json)) expect(TOKEN_FIELDS, `token field ${key}`).toContain(key);
    const scopes = String(reply.json.ot_scopes ?? reply.json['ot-scopes'] ?? '');
    for (const scope of defaultOneTrustOptions.scopes) expect(scopes.split(','), reply.text).toContain(scope);
  });

  it('refuses a wrong client_secret with 401', async () => {
    const reply = await o().tokenReply({
      grant_type: 'client_credentials',
      client_id: defaultOneTrustOptions.clientId,
      client_secret: 'not-the-secret',
    });
    expect(reply.status, reply.text).toBe(401);
    expect(reply.json?.access_token).toBeUndefined();
  });

  it('refuses an unknown client_id with 401', async () => {
    const reply = await o().tokenReply({
      grant_type: 'client_credentials',
      client_id: 'someone-else',
      client_secret: defaultOneTrustOptions.clientSecret,
    });
    expect(reply.status, reply.text).toBe(401);
  });

  it('refuses a grant_type other than client_credentials with 400', async () => {
    const reply = await o().tokenReply({
      grant_type: 'password',
      client_id: defaultOneTrustOptions.clientId,
      client_secret: defaultOneTrustOptions.clientSecret,
    });
    expect(reply.status, reply.text).toBe(400);
  });

  it.each([
    ['client_secret', { grant_type: 'client_credentials', client_id: defaultOneTrustOptions.clientId }],
    ['client_id', { grant_type: 'client_credentials', client_secret: defaultOneTrustOptions.clientSecret }],
    [
      'grant_type',
      { client_id: defaultOneTrustOptions.clientId, client_secret: defaultOneTrustOptions.clientSecret },
    ],
  ])('issues no token when the required %s is missing', async (_name, fields) => {
    const reply = await o().tokenReply(fields);
    expect([400, 401], reply.text).toContain(reply.status);
    expect(reply.json?.access_token).toBeUndefined();
  });
});

describe('Bearer token required on the subtask endpoints (OAuth2 security, 401/403)', () => {
  const o = useOneTrust(utc(2027, 3, 2, 9));

  it.each(['status', 'complete'] as const)(
    'answers 401 to PUT …/%s without a token, changing nothing',
    async (op) => {
      const id = await o().newSubtask();
      const body = op === 'status' ? { status: 'IN_PROGRESS' } : { comment: 'done', markAsComplete: true };
      const reply = await o()[op](id, body, { bearer: undefined });
      expect(reply.status, reply.text).toBe(401);
      const view = await o().admin.subtask(id);
      expect(view.status).toBe('OPEN');
      expect(view.comments).toHaveLength(0);
    },
  );

  it.each(['status', 'complete'] as const)(
    'answers 401 to PUT …/%s with a token it never issued',
    async (op) => {
      const id = await o().newSubtask();
      const body = op === 'status' ? { status: 'IN_PROGRESS' } : { comment: 'done', markAsComplete: true };
      const reply = await o()[op](id, body, { bearer: 'eyJhbGciOiJub25lIn0.e30.forged' });
      expect(reply.status, reply.text).toBe(401);
      expect((await o().admin.subtask(id)).status).toBe('OPEN');
    },
  );
});

describe('Token lifetime (expires_in)', () => {
  const o = freshOneTrust(utc(2027, 3, 3, 9), { ratePerMinute: 1_000_000 });

  it('accepts the token before expires_in elapsed and refuses it with 401 after', async () => {
    const reply = await o().tokenReply();
    const token = reply.json.access_token as string;
    const lifetimeMs = Number(reply.json.expires_in) * 1000;
    const first = await o().newSubtask();
    await o().admin.advance(lifetimeMs - MINUTE);
    expect((await o().status(first, { status: 'IN_PROGRESS' }, { bearer: token })).status).toBe(200);
    await o().admin.advance(2 * MINUTE);
    const second = await o().newSubtask();
    const late = await o().status(second, { status: 'IN_PROGRESS' }, { bearer: token });
    expect(late.status, late.text).toBe(401);
    expect((await o().admin.subtask(second)).status).toBe('OPEN');
  });
});

describe('Scopes: the subtask writes need DSAR / DSAR_WRITE (security of both operations)', () => {
  const o = useOneTrust(utc(2027, 3, 4, 9), { scopes: ['DSAR_READ'], ratePerMinute: 1_000_000 });

  it.each(['status', 'complete'] as const)(
    'refuses PUT …/%s with a DSAR_READ-only token: 403',
    async (op) => {
      const id = await o().newSubtask();
      const body = op === 'status' ? { status: 'COMPLETED' } : { comment: 'done', markAsComplete: true };
      const reply = await o()[op](id, body);
      expect(reply.status, reply.text).toBe(403);
      expect((await o().admin.subtask(id)).status).toBe('OPEN');
    },
  );
});

describe('PUT /api/datasubject/v2/subtasks/{subtaskId}/status (updateSubtaskStatusUsingPUT)', () => {
  const o = useOneTrust(utc(2027, 4, 1, 9));

  it.each(SETTABLE)('sets %s and answers 200 with a boolean', async (status) => {
    const id = await o().newSubtask();
    const reply = await o().status(id, { status });
    expect(reply.status, reply.text).toBe(200);
    expect(typeof reply.json, reply.text).toBe('boolean');
    const view = await o().admin.subtask(id);
    expect(view.status).toBe(status);
    expect(view.statusHistory.at(-1)?.status).toBe(status);
  });

  it('records the optional comment (the reason for a failure)', async () => {
    const id = await o().newSubtask();
    const reply = await o().status(id, { status: 'FAILED', comment: 'warehouse unreachable' });
    expect(reply.status, reply.text).toBe(200);
    const view = await o().admin.subtask(id);
    expect(view.status).toBe('FAILED');
    expect(view.statusHistory.at(-1)?.comment).toBe('warehouse unreachable');
  });

  it.each(['COMPLETED', 'REJECTED'] as const)('takes a resolutionId with %s', async (status) => {
    const id = await o().newSubtask();
    const reply = await o().status(id, { status, resolutionId: RESOLUTION });
    expect(reply.status, reply.text).toBe(200);
    const view = await o().admin.subtask(id);
    expect(view.status).toBe(status);
    expect(view.statusHistory.at(-1)?.resolutionId).toBe(RESOLUTION);
  });

  it.each(['IN_PROGRESS', 'FAILED'] as const)('refuses a resolutionId with %s: 400', async (status) => {
    const id = await o().newSubtask();
    await expectRefused(o(), id, await o().status(id, { status, resolutionId: RESOLUTION }), 'OPEN');
  });

  it('refuses a resolutionId that is not a uuid: 400', async () => {
    const id = await o().newSubtask();
    await expectRefused(
      o(),
      id,
      await o().status(id, { status: 'COMPLETED', resolutionId: 'completed-ok' }),
      'OPEN',
    );
  });

  it.each(['OPEN', 'ASSIGNED', 'READY_FOR_REVIEW', 'PROCESSING', 'NOT_RUN', 'completed', 'DONE'])(
    'refuses the status %s, which the endpoint does not take: 400',
    async (status) => {
      const id = await o().newSubtask();
      await expectRefused(o(), id, await o().status(id, { status }), 'OPEN');
    },
  );

  it('refuses a body without the required status: 400', async () => {
    const id = await o().newSubtask();
    await expectRefused(o(), id, await o().status(id, { comment: 'no status' }), 'OPEN');
  });

  it('refuses a body that is not JSON: 400', async () => {
    const id = await o().newSubtask();
    const res = await fetch(`${o().sim.url}/api/datasubject/v2/subtasks/${id}/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${await o().token()}`, 'content-type': 'application/json' },
      body: '{"status": "COMPLETED"',
    });
    expect(res.status, await res.text()).toBe(400);
    expect((await o().admin.subtask(id)).status).toBe('OPEN');
  });

  it('takes a comment of exactly 1,500,000 characters', async () => {
    const id = await o().newSubtask();
    const reply = await o().status(id, { status: 'FAILED', comment: 'x'.repeat(MAX_COMMENT) });
    expect(reply.status, reply.text.slice(0, 300)).toBe(200);
    expect((await o().admin.subtask(id)).status).toBe('FAILED');
  });

  it('refuses a comment longer than 1,500,000 characters: 400', async () => {
    const id = await o().newSubtask();
    await expectRefused(
      o(),
      id,
      await o().status(id, { status: 'FAILED', comment: 'x'.repeat(MAX_COMMENT + 1) }),
      'OPEN',
    );
  });

  it('answers no 2xx for a subtask id that does not exist', async () => {
    const reply = await o().status('00000000-0000-4000-8000-000000000000', { status: 'IN_PROGRESS' });
    expect(reply.status, reply.text).toBeGreaterThanOrEqual(400);
    expect(reply.status, reply.text).toBeLessThan(500);
  });
});

describe('PUT /api/datasubject/v2/subtasks/{subtaskID}/complete (completeSubTaskUsingPUT)', () => {
  const o = useOneTrust(utc(2027, 5, 1, 9));

  it('resolves the subtask as COMPLETED with comment and markAsComplete: 200', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, { comment: 'Erased in all systems', markAsComplete: true });
    expect(reply.status, reply.text).toBe(200);
    const view = await o().admin.subtask(id);
    expect(view.status).toBe('COMPLETED');
    expect(view.completedAt).toBeDefined();
    expect(view.comments.at(-1)).toMatchObject({ comment: 'Erased in all systems', markAsComplete: true });
  });

  it('records the comment but does not mark the subtask complete when markAsComplete is absent (default false)', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, { comment: 'still working' });
    expect(reply.status, reply.text).toBe(200);
    const view = await o().admin.subtask(id);
    expect(view.status).not.toBe('COMPLETED');
    expect(view.completedAt).toBeUndefined();
    expect(view.comments.at(-1)).toMatchObject({ comment: 'still working', markAsComplete: false });
  });

  it('records the comment without completing when markAsComplete is false', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, { comment: 'progress note', markAsComplete: false });
    expect(reply.status, reply.text).toBe(200);
    const view = await o().admin.subtask(id);
    expect(view.status).not.toBe('COMPLETED');
    expect(view.comments.at(-1)).toMatchObject({ comment: 'progress note', markAsComplete: false });
  });

  it('takes a resolutionId and attachments (fileId, fileName, statusId, resourcePath)', async () => {
    const id = await o().newSubtask();
    const attachment = {
      fileId: FILE_ID,
      fileName: 'erasure-certificate.json',
      statusId: 10,
      resourcePath: '/storage/attachments/erasure-certificate.json',
    };
    const reply = await o().complete(id, {
      comment: 'Certificate attached',
      markAsComplete: true,
      resolutionId: RESOLUTION,
      attachments: [attachment],
    });
    expect(reply.status, reply.text).toBe(200);
    const last = (await o().admin.subtask(id)).comments.at(-1);
    expect(last?.resolutionId).toBe(RESOLUTION);
    expect(last?.attachments).toEqual([attachment]);
  });

  it('takes an attachment with only the required fileId and fileName', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, {
      comment: 'Certificate attached',
      markAsComplete: true,
      attachments: [{ fileId: FILE_ID, fileName: 'c.json' }],
    });
    expect(reply.status, reply.text).toBe(200);
    expect((await o().admin.subtask(id)).comments.at(-1)?.attachments?.[0]).toMatchObject({
      fileId: FILE_ID,
      fileName: 'c.json',
    });
  });

  it('takes a comment of exactly 1,500,000 characters', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, { comment: 'y'.repeat(MAX_COMMENT), markAsComplete: true });
    expect(reply.status, reply.text.slice(0, 300)).toBe(200);
    expect((await o().admin.subtask(id)).status).toBe('COMPLETED');
  });

  it.each([
    ['no comment (required)', { markAsComplete: true }],
    ['an empty comment (minLength 1)', { comment: '', markAsComplete: true }],
    ['a comment over 1,500,000 characters', { comment: 'y'.repeat(MAX_COMMENT + 1), markAsComplete: true }],
    ['a resolutionId that is not a uuid', { comment: 'ok', markAsComplete: true, resolutionId: 'done' }],
    [
      'an attachment without fileId',
      { comment: 'ok', markAsComplete: true, attachments: [{ fileName: 'a.txt' }] },
    ],
    [
      'an attachment without fileName',
      { comment: 'ok', markAsComplete: true, attachments: [{ fileId: FILE_ID }] },
    ],
    [
      'an attachment whose fileId is not a uuid',
      { comment: 'ok', markAsComplete: true, attachments: [{ fileId: 'file-1', fileName: 'a.txt' }] },
    ],
    [
      'an attachment with an empty fileName',
      { comment: 'ok', markAsComplete: true, attachments: [{ fileId: FILE_ID, fileName: '' }] },
    ],
    [
      'an attachment fileName over 200 characters',
      {
        comment: 'ok',
        markAsComplete: true,
        attachments: [{ fileId: FILE_ID, fileName: `${'a'.repeat(197)}.txt` }],
      },
    ],
    [
      'an attachment resourcePath over 1000 characters',
      {
        comment: 'ok',
        markAsComplete: true,
        attachments: [{ fileId: FILE_ID, fileName: 'a.txt', resourcePath: `/${'p'.repeat(1000)}` }],
      },
    ],
  ])('refuses %s: 400, nothing recorded', async (_name, body) => {
    const id = await o().newSubtask();
    await expectRefused(o(), id, await o().complete(id, body), 'OPEN');
    expect((await o().admin.subtask(id)).comments).toHaveLength(0);
  });

  it('takes a fileName of exactly 200 characters', async () => {
    const id = await o().newSubtask();
    const reply = await o().complete(id, {
      comment: 'ok',
      markAsComplete: true,
      attachments: [{ fileId: FILE_ID, fileName: `${'a'.repeat(196)}.txt` }],
    });
    expect(reply.status, reply.text).toBe(200);
  });
});

/** Calls `send` until a 429 (at most `max` times) and returns that reply. */
async function until429(send: () => Promise<Reply>, max: number): Promise<{ reply: Reply; ok: number }> {
  let ok = 0;
  for (let i = 0; i < max; i++) {
    const reply = await send();
    if (reply.status === 429) return { reply, ok };
    expect(reply.status, reply.text).toBe(200);
    ok++;
  }
  throw new Error(`no 429 after ${max} calls`);
}

describe('API rate limit per minute: 429 with Retry-After and ot-* headers (rate-limits-overview)', () => {
  const T = utc(2027, 6, 1, 9, 0);
  const o = freshOneTrust(T);
  const LIMIT = 3;

  beforeEach(async () => {
    await o().admin.rateLimit(LIMIT);
  });

  it('answers the call over the limit with 429 and the documented headers', async () => {
    const token = await o().token();
    const id = await o().newSubtask();
    const { reply, ok } = await until429(
      () => o().status(id, { status: 'IN_PROGRESS' }, { bearer: token }),
      10,
    );
    expect(ok).toBe(LIMIT);
    const h = reply.headers;
    expect(h.get('retry-after')).toMatch(/^\d+$/);
    expect(Number(h.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(h.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(h.get('ot-period')).toBe('MINUTE');
    expect(h.get('ot-requests-allowed')).toBe(String(LIMIT));
    expect(h.get('ot-request-made')).toMatch(/^\d+$/);
    expect(Number(h.get('ot-request-made'))).toBeGreaterThan(LIMIT);
    expect(h.get('ot-ratelimit-event-id')).toMatch(UUID);
  });

  it('limits the complete endpoint the same way', async () => {
    const token = await o().token();
    const { reply, ok } = await until429(
      async () => o().complete(await o().newSubtask(), { comment: 'note' }, { bearer: token }),
      10,
    );
    expect(ok).toBe(LIMIT);
    expect(reply.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(reply.headers.get('ot-period')).toBe('MINUTE');
  });

  it('changes nothing on a call it refuses with 429', async () => {
    const token = await o().token();
    const id = await o().newSubtask();
    for (let i = 0; i < LIMIT; i++) await o().status(id, { status: 'IN_PROGRESS' }, { bearer: token });
    const other = await o().newSubtask();
    const reply = await o().status(other, { status: 'COMPLETED' }, { bearer: token });
    expect(reply.status, reply.text).toBe(429);
    expect((await o().admin.subtask(other)).status).toBe('OPEN');
  });

  it('counts each API on its own: the complete endpoint still answers while status is limited', async () => {
    const token = await o().token();
    const id = await o().newSubtask();
    await until429(() => o().status(id, { status: 'IN_PROGRESS' }, { bearer: token }), 10);
    const reply = await o().complete(id, { comment: 'done', markAsComplete: true }, { bearer: token });
    expect(reply.status, reply.text).toBe(200);
    expect((await o().admin.subtask(id)).status).toBe('COMPLETED');
  });

  it('allows calls again once Retry-After seconds have passed', async () => {
    const token = await o().token();
    const id = await o().newSubtask();
    const { reply } = await until429(() => o().status(id, { status: 'IN_PROGRESS' }, { bearer: token }), 10);
    await o().admin.advance(Number(reply.headers.get('retry-after')) * 1000);
    const again = await o().status(id, { status: 'FAILED' }, { bearer: token });
    expect(again.status, again.text).toBe(200);
    expect((await o().admin.subtask(id)).status).toBe('FAILED');
  });

  it('starts a new count in the next minute', async () => {
    const token = await o().token();
    const id = await o().newSubtask();
    await until429(() => o().status(id, { status: 'IN_PROGRESS' }, { bearer: token }), 10);
    await o().admin.advance(MINUTE + 1_000);
    const { ok } = await until429(() => o().status(id, { status: 'IN_PROGRESS' }, { bearer: token }), 10);
    expect(ok).toBe(LIMIT);
  });
});
