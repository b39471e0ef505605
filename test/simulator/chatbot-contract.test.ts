import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import {
  type ChatbotSubject,
  DAY,
  type PinnedChatbot,
  seedChatbotSubject,
  startPinnedChatbot,
} from '../helpers/chatbot-fixtures';

const DELETE = '/api/v1/data-compliance/delete';
const EXPORT = '/api/v1/data-compliance/export';
const LOG = '/api/v1/conversations';

let p: PinnedChatbot;

beforeAll(async () => {
  p = await startPinnedChatbot();
});

afterAll(async () => {
  await p.sim.close();
});

beforeEach(async () => {
  await p.admin.reset();
});

const opts = () => p.sim.context.options;

interface Answer {
  readonly status: number;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes from the simulator.
  readonly json: any;
}

interface CallOptions {
  readonly json?: unknown;
  /** A body sent as is (for bodies JSON.stringify cannot produce). */
  readonly raw?: string;
  /** `undefined`: the simulator's token; `null`: no Authorization header; a string: that token. */
  readonly token?: string | null;
}

/** One plain-fetch call to the simulated platform (no connector code involved). */
async function call(method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.token === undefined ? opts().apiToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.json !== undefined || options.raw !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw ?? JSON.stringify(options.json);
  }
  const res = await fetch(`${p.sim.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
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

const deleteChatter = (uci_value: string, options: CallOptions = {}): Promise<Answer> =>
  call('POST', DELETE, { json: { uci_key: opts().uciKey, uci_value }, ...options });
const listOf = (uci_value: string, query: Record<string, string> = {}): Promise<Answer> =>
  call('GET', `${LOG}?${new URLSearchParams({ uci_key: opts().uciKey, uci_value, ...query })}`);
const conversation = async (id: string): Promise<Answer> => call('GET', `${LOG}/${encodeURIComponent(id)}`);
const lastEntry = async (): Promise<JournalEntry | undefined> => (await p.admin.journal()).entries.at(-1);

describe('authentication', () => {
  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'not-the-token'],
  ] as const)('answers 401 with a message to %s, on every platform call', async (_, token) => {
    for (const answer of [
      await deleteChatter('member-1', { token }),
      await call('POST', EXPORT, { json: { uci_key: opts().uciKey, uci_value: 'member-1' }, token }),
      await call('GET', `${LOG}?uci_key=${opts().uciKey}&uci_value=member-1`, { token }),
      await call('GET', `${LOG}/conv-1`, { token }),
    ]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual({ message: expect.any(String) });
    }
    expect((await p.admin.deletions()).length).toBe(0);
  });

  it('accepts only the Bearer scheme', async () => {
    const answer = await fetch(`${p.sim.url}${LOG}/conv-1`, {
      headers: { authorization: `Token ${opts().apiToken}` },
    });
    expect(answer.status).toBe(401);
  });
});

describe('delete', () => {
  const long = 'x'.repeat(256);
  it.each([
    ['an array body', { json: [] }],
    ['a string body', { json: 'member-1' }],
    ['no body', {}],
    ['a body that is not JSON', { raw: '{"uci_key":' }],
    ['a missing uci_key', { json: { uci_value: 'member-1' } }],
    ['a missing uci_value', { json: { uci_key: 'member_id' } }],
    ['an empty uci_key', { json: { uci_key: '', uci_value: 'member-1' } }],
    ['an empty uci_value', { json: { uci_key: 'member_id', uci_value: '' } }],
    ['a uci_value that is not a string', { json: { uci_key: 'member_id', uci_value: 4711 } }],
    ['an extra field', { json: { uci_key: 'member_id', uci_value: 'member-1', email: 'a@b.c' } }],
    ["a key other than the bot's UCI key", { json: { uci_key: 'email', uci_value: 'member-1' } }],
    ['a uci_value longer than 255 characters', { json: { uci_key: 'member_id', uci_value: long } }],
  ] as const)('answers 400, journalled as a violation, for %s', async (_, options) => {
    const answer = await call('POST', DELETE, options);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ message: expect.any(String) });
    // The UCI value is personal data: never echoed.
    expect(answer.text).not.toContain('member-1');
    const entry = await lastEntry();
    expect(entry).toMatchObject({ method: 'POST', path: DELETE, status: 400 });
    expect(entry?.violations).toHaveLength(1);
    expect(await p.admin.deletions()).toEqual([]);
  });

  it('answers 200 "Request received" with no request id, and journals no violation', async () => {
    const answer = await deleteChatter('member-1');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ message: 'Request received' });
    expect(await lastEntry()).toMatchObject({ path: DELETE, status: 200, violations: [] });
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('accepts a uci_value of exactly 255 characters, and a chatter it has never seen', async () => {
    expect((await deleteChatter('y'.repeat(255))).status).toBe(200);
    expect((await deleteChatter('member-unknown')).status).toBe(200);
    expect((await p.admin.deletions()).map((d) => d.uciValue)).toEqual(['y'.repeat(255), 'member-unknown']);
  });

  it('records each accepted delete for the admin view, due after the deletion delay', async () => {
    const now = await p.admin.now();
    await deleteChatter('member-1');
    expect(await p.admin.deletions()).toEqual([
      {
        seq: 1,
        uciValue: 'member-1',
        acceptedAt: now,
        dueAt: now + opts().deletionDelayMs,
        appliedAt: null,
        deletedIds: [],
        overlaps: null,
      },
    ]);
  });
});

describe('asynchronous deletion', () => {
  let s: ChatbotSubject;
  beforeEach(async () => {
    s = await seedChatbotSubject(p.admin);
  });

  it('changes nothing before the deletion delay has passed', async () => {
    const before = await listOf(s.uciValue);
    expect(before.json.total).toBe(4);
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs - 1);
    expect((await listOf(s.uciValue)).json).toEqual(before.json);
    expect((await p.admin.deletions())[0]?.appliedAt).toBeNull();
  });

  it('then turns every ended conversation into a "Deleted conversation" that keeps only the retained fields', async () => {
    const before = new Map<string, Answer>();
    for (const id of s.closedIds) before.set(id, await conversation(id));
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs);

    for (const id of s.closedIds) {
      const was = before.get(id)?.json;
      const now = (await conversation(id)).json;
      expect(now).toEqual({
        ...was,
        deleted: true,
        title: 'Deleted conversation',
        transcript: null,
        uci_value: null,
        files: [],
        csat_comment: null,
      });
      // What stays is what the platform documents it keeps.
      for (const field of [
        'channel',
        'has_file_upload',
        'has_handover',
        'has_push',
        'conversation_score',
        'csat_score',
      ]) {
        expect(now[field]).toEqual(was[field]);
      }
    }
    // The first conversation did hold an uploaded file and all of them a CSAT comment before.
    expect(before.get(s.closedIds[0] ?? '')?.json.files).toHaveLength(1);
    expect(before.get(s.closedIds[0] ?? '')?.json.has_file_upload).toBe(true);
    const deletion = (await p.admin.deletions())[0];
    expect(deletion?.deletedIds.sort()).toEqual([...s.closedIds].sort());
    expect(deletion?.appliedAt).toBe(deletion?.dueAt);
  });

  it('no longer lists deleted conversations under the UCI value', async () => {
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs);
    const answer = await listOf(s.uciValue);
    expect(answer.json.total).toBe(1);
    expect(answer.json.conversations.map((c: { id: string }) => c.id)).toEqual([s.openId]);
  });

  it('skips a conversation still open when the delete runs; a later delete catches it once ended', async () => {
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs);
    const open = (await conversation(s.openId)).json;
    expect(open).toMatchObject({ deleted: false, ended_at: null, uci_value: s.uciValue });
    expect(open.transcript).toHaveLength(1);

    await p.admin.endConversation(s.openId);
    // Ending it does not revive the delete that already ran.
    expect((await conversation(s.openId)).json.deleted).toBe(false);
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs);
    expect((await conversation(s.openId)).json).toMatchObject({
      deleted: true,
      transcript: null,
      uci_value: null,
      ended_at: expect.any(String),
    });
    expect((await p.admin.remaining([s.uciValue])).map((r) => r.id)).toEqual(
      expect.not.arrayContaining([s.openId]),
    );
  });

  it('catches a conversation that ends after the delete was accepted but before it runs', async () => {
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs / 2);
    await p.admin.endConversation(s.openId);
    await p.admin.advance(opts().deletionDelayMs / 2);
    expect((await conversation(s.openId)).json.deleted).toBe(true);
  });

  it('leaves the bystander untouched', async () => {
    const before = await listOf(s.bystanderValue);
    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs * 2);
    expect((await listOf(s.bystanderValue)).json).toEqual(before.json);
    const remaining = await p.admin.remaining([s.bystanderValue]);
    expect(remaining.map((r) => r.id).sort()).toEqual([...s.bystanderIds].sort());
  });
});

describe('export', () => {
  it('answers 200 "Request received" and records the export, changing nothing', async () => {
    const s = await seedChatbotSubject(p.admin);
    const answer = await call('POST', EXPORT, { json: { uci_key: opts().uciKey, uci_value: s.uciValue } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ message: 'Request received' });
    expect((await p.admin.exports()).map((e) => e.uciValue)).toEqual([s.uciValue]);
    await p.admin.advance(opts().deletionDelayMs * 2);
    expect((await listOf(s.uciValue)).json.total).toBe(4);
  });

  it('validates its body like delete', async () => {
    const answer = await call('POST', EXPORT, { json: { uci_key: 'email', uci_value: 'member-1' } });
    expect(answer.status).toBe(400);
    expect((await lastEntry())?.violations).toHaveLength(1);
    expect(await p.admin.exports()).toEqual([]);
  });
});

describe('conversations log', () => {
  const seedMany = async (n: number): Promise<string[]> => {
    const now = await p.admin.now();
    const conversations = Array.from({ length: n }, (_, i) => ({
      id: `conv-page-${i + 1}`,
      started_at: now - (n - i) * DAY,
    }));
    await p.admin.seed({ chatters: [{ uci_value: 'member-pages', conversations }] });
    return conversations.map((c) => c.id);
  };

  it('pages from 1, oldest first, with the total', async () => {
    const ids = await seedMany(5);
    const pages: string[][] = [];
    for (const page of ['1', '2', '3', '4']) {
      const answer = await listOf('member-pages', { page, page_size: '2' });
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ page: Number(page), page_size: 2, total: 5 });
      pages.push(answer.json.conversations.map((c: { id: string }) => c.id));
    }
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4), []]);
  });

  it('defaults to page 1 of 50', async () => {
    const ids = await seedMany(3);
    const answer = await listOf('member-pages');
    expect(answer.json).toMatchObject({ page: 1, page_size: 50, total: 3 });
    expect(answer.json.conversations.map((c: { id: string }) => c.id)).toEqual(ids);
  });

  it('renders the documented conversation shape', async () => {
    const s = await seedChatbotSubject(p.admin);
    const c = (await conversation(s.closedIds[0] ?? '')).json;
    expect(c).toEqual({
      id: s.closedIds[0],
      started_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      ended_at: expect.any(String),
      channel: 'whatsapp',
      title: 'Conversation',
      deleted: false,
      uci_key: opts().uciKey,
      uci_value: s.uciValue,
      transcript: [
        { from: 'user', text: `Hi, my member number is ${s.uciValue}`, at: expect.any(String) },
        { from: 'bot', text: 'Thanks, how can I help?', at: expect.any(String) },
      ],
      files: [`uploads/${s.uciValue}/receipt.pdf`],
      csat_score: 4,
      csat_comment: `Quick answer, thanks (${s.uciValue})`,
      conversation_score: 0.8,
      has_file_upload: true,
      has_handover: false,
      has_push: false,
    });
    expect((await conversation(s.openId)).json.ended_at).toBeNull();
  });

  it('lists only the conversations of the exact UCI value', async () => {
    const s = await seedChatbotSubject(p.admin);
    expect((await listOf(s.uciValue.slice(0, -1))).json.total).toBe(0);
    expect((await listOf(s.bystanderValue)).json.total).toBe(2);
  });

  it.each([
    ['page=0', { page: '0' }],
    ['page=-1', { page: '-1' }],
    ['page=abc', { page: 'abc' }],
    ['page=1.5', { page: '1.5' }],
    ['page_size=0', { page_size: '0' }],
    ['page_size=101', { page_size: '101' }],
    ['page_size=', { page_size: '' }],
  ])('answers 400, journalled as a violation, for %s', async (_, query) => {
    const answer = await listOf('member-pages', query);
    expect(answer.status).toBe(400);
    expect((await lastEntry())?.violations).toHaveLength(1);
  });

  it('answers 400 without uci_key or uci_value, or with another key', async () => {
    for (const qs of ['uci_value=member-1', 'uci_key=member_id', 'uci_key=email&uci_value=member-1']) {
      expect((await call('GET', `${LOG}?${qs}`)).status).toBe(400);
    }
    expect((await p.admin.journal()).violations).toHaveLength(3);
  });

  it('answers 404 with a message for an unknown conversation, not as a violation', async () => {
    const answer = await conversation('conv-nobody');
    expect(answer.status).toBe(404);
    expect(answer.json).toEqual({ message: 'conversation not found' });
    expect(await lastEntry()).toMatchObject({ status: 404, violations: [] });
  });

  it('journals a call to an unknown path as a violation', async () => {
    expect((await call('GET', '/api/v2/conversations')).status).toBe(404);
    expect((await lastEntry())?.violations).toHaveLength(1);
  });
});

describe('fault injection', () => {
  it('answers 500 when asked, journalled as a fault', async () => {
    await p.admin.faults({ errorRate: 1 });
    const answer = await conversation('conv-1');
    expect(answer.status).toBe(500);
    expect(await lastEntry()).toMatchObject({ status: 500, fault: 'error' });
    await p.admin.clearFaults();
    expect((await conversation('conv-1')).status).toBe(404);
  });

  it('answers a 200 whose body breaks the contract', async () => {
    await p.admin.faults({ malformedRate: 1, pathContains: '/conversations' });
    const answer = await listOf('member-1');
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.json.conversations)).toBe(true);
    expect(typeof answer.json.page).not.toBe('number');
    expect(await lastEntry()).toMatchObject({ status: 200, fault: 'malformed' });
    // Only matching paths are affected, and deletes still go through.
    expect((await deleteChatter('member-1')).json).toEqual({ message: 'Request received' });
  });

  it('stops after maxFaults and never touches the admin API', async () => {
    await p.admin.faults({ errorRate: 1, maxFaults: 1 });
    expect((await p.admin.now()) > 0).toBe(true);
    expect((await conversation('conv-1')).status).toBe(500);
    expect((await conversation('conv-1')).status).toBe(404);
  });
});

describe('admin', () => {
  it('reports remaining personal data by field, and none of it after the deletion', async () => {
    const s = await seedChatbotSubject(p.admin);
    const before = await p.admin.remaining([s.uciValue]);
    expect(before.find((r) => r.id === s.closedIds[0])?.fields).toEqual([
      'uci_value',
      'transcript[0]',
      'csat_comment',
      'files[0]',
    ]);
    expect(before.map((r) => r.id).sort()).toEqual([...s.closedIds, s.openId].sort());

    await deleteChatter(s.uciValue);
    await p.admin.advance(opts().deletionDelayMs);
    expect(await p.admin.remaining([s.uciValue])).toEqual([
      { kind: 'conversation', id: s.openId, fields: ['uci_value'] },
    ]);
  });

  it('matches remaining values case-insensitively, and with no values lists all personal data', async () => {
    const s = await seedChatbotSubject(p.admin);
    expect((await p.admin.remaining([s.uciValue.toUpperCase()])).length).toBe(4);
    expect((await p.admin.remaining([])).length).toBe(6);
  });

  it('reset clears conversations, requests, journal and faults', async () => {
    const s = await seedChatbotSubject(p.admin);
    await deleteChatter(s.uciValue);
    await p.admin.faults({ errorRate: 1, pathContains: '/nowhere' });
    await p.admin.reset();
    expect(await p.admin.remaining([])).toEqual([]);
    expect(await p.admin.deletions()).toEqual([]);
    expect((await p.admin.journal()).entries).toEqual([]);
    expect((await listOf(s.uciValue)).json.total).toBe(0);
  });

  it('generates conversation ids and default times when the seed leaves them out', async () => {
    const now = await p.admin.now();
    const seeded = await p.admin.seed({ chatters: [{ uci_value: 'member-x', conversations: [{}, {}] }] });
    expect(seeded).toEqual({ chatters: 1, conversations: ['conv-1', 'conv-2'] });
    const c = (await conversation('conv-1')).json;
    expect(Date.parse(c.started_at)).toBeLessThan(now);
    expect(Date.parse(c.ended_at)).toBeLessThanOrEqual(now);
    expect(c.has_file_upload).toBe(false);
  });

  it('refuses a bad seed and ending an unknown conversation', async () => {
    await expect(p.admin.seed({ chatters: [{ uci_value: '' }] })).rejects.toThrow(/HTTP 400/);
    await expect(p.admin.endConversation('conv-nobody')).rejects.toThrow(/HTTP 404/);
  });
});
