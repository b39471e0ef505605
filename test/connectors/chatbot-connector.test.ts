import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatbotRetainedByDesign } from '../../src/connectors/chatbot/retained';
import {
  AuthFailedError,
  NotFoundError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
} from '../../src/connectors/errors';
import { platformLimits } from '../../src/domain/platforms';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import {
  type ChatbotSubject,
  chatbotConnector,
  type PinnedChatbot,
  seedChatbotSubject,
  startPinnedChatbot,
  uci,
} from '../helpers/chatbot-fixtures';
import { failure } from '../helpers/results';

let p: PinnedChatbot;
let dispatcher: Agent;
let s: ChatbotSubject;

beforeAll(async () => {
  p = await startPinnedChatbot();
  dispatcher = new Agent();
});

afterAll(async () => {
  await dispatcher.close();
  await p.sim.close();
});

beforeEach(async () => {
  await p.admin.reset();
  s = await seedChatbotSubject(p.admin);
});

const connector = (overrides: Parameters<typeof chatbotConnector>[2] = {}) =>
  chatbotConnector(p.sim, dispatcher, overrides);
const delay = () => p.sim.context.options.deletionDelayMs;
const journal = async (): Promise<JournalEntry[]> => (await p.admin.journal()).entries;
const conversations = (ids: readonly string[]) => ids.map((id) => ({ kind: 'conversation' as const, id }));
const batch = () => ({ kind: 'conversation' as const, ids: [...s.closedIds] });

describe('shape', () => {
  it('is the chatbot platform, with its limits and the documented retained data', () => {
    const c = connector();
    expect(c.platform).toBe('chatbot');
    expect(c.limits).toBe(platformLimits.chatbot);
    expect(c.retained).toBe(chatbotRetainedByDesign);
    expect(c.retained.map((r) => r.data)).toEqual([
      'conversation count',
      'user channel type',
      'file-upload, agent-handover and push flags',
      'conversation score',
      'CSAT score/vote',
    ]);
    expect(c.retained[0]?.reason).toMatch(/billing/);
    for (const r of c.retained) expect(r.reason).toMatch(/^kept by the platform by design after deletion/);
  });

  it('takes the retained list from configuration', () => {
    const retained = [{ data: 'nothing', reason: 'contract says so' }];
    expect(connector({ retained }).retained).toBe(retained);
  });
});

describe('resolve', () => {
  it('finds nothing more, without calling the platform (it has no identity search)', async () => {
    expect(await connector().resolve([uci(s.uciValue)])).toEqual([]);
    expect(await journal()).toEqual([]);
  });
});

describe('discover', () => {
  it("finds the subject's conversations, the open one active, and none of the bystander's", async () => {
    const records = await connector().discover([uci(s.uciValue)]);
    // Each names the UCI that led to it.
    const leads = [`chatbotUci:${s.uciValue}`];
    expect(records.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        ...s.closedIds.map((id) => ({ kind: 'conversation', id, active: false, leads })),
        { kind: 'conversation', id: s.openId, active: true, leads },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
    for (const id of s.bystanderIds) expect(records.map((r) => r.id)).not.toContain(id);
  });

  it('pages through the log, then reads each conversation by id as verification will', async () => {
    const records = await connector({ pageSize: 3 }).discover([uci(s.uciValue)]);
    expect(records).toHaveLength(4);
    const calls = await journal();
    const listed = calls.filter((e) => e.path.includes('?'));
    const pages = listed.map((e) => new URL(e.path, p.sim.url).searchParams.get('page'));
    expect(pages).toEqual(['1', '2']);
    expect(calls.filter((e) => !e.path.includes('?')).map((e) => e.path.split('/').at(-1))).toEqual(
      records.map((r) => r.id),
    );
  });

  it('lists each distinct UCI value once and ignores other identifier kinds', async () => {
    const records = await connector().discover([
      uci(s.uciValue),
      { ...uci(s.uciValue), provenance: 'liveperson:email' },
      uci(s.bystanderValue),
      { kind: 'email', value: 'ada@example.com', provenance: 'request' },
    ]);
    expect(records).toHaveLength(6);
    // One list per distinct UCI value, one read per conversation found.
    expect((await journal()).filter((e) => e.path.includes('?'))).toHaveLength(2);
    expect(await journal()).toHaveLength(2 + 6);
  });

  it('skips conversations already deleted', async () => {
    await connector().submit(batch(), 'key-1', [uci(s.uciValue)]);
    await p.admin.advance(delay());
    expect(await connector().discover([uci(s.uciValue)])).toEqual([
      { kind: 'conversation', id: s.openId, active: true, leads: [`chatbotUci:${s.uciValue}`] },
    ]);
  });

  it('reads UCI values from the configured identifier kinds (a customer id as the UCI)', async () => {
    const byCustomerId = connector({ uciFrom: ['customerId'] });
    const asCustomer = { kind: 'customerId' as const, value: s.uciValue, provenance: 'request' };
    const found = await byCustomerId.discover([asCustomer]);
    expect(found).toHaveLength(4);
    expect(found.every((r) => r.leads?.join() === `customerId:${s.uciValue}`)).toBe(true);
    // chatbotUci is no longer among the kinds read.
    expect(await byCustomerId.discover([uci(s.uciValue)])).toEqual([]);
    await byCustomerId.submit(batch(), 'key-1', [asCustomer]);
    expect((await p.admin.deletions()).map((d) => d.uciValue)).toEqual([s.uciValue]);
  });
});

describe('stillBlocked', () => {
  it('names the conversations still open; one the log does not know is a 404 that proves nothing', async () => {
    const c = connector();
    const records = conversations([...s.closedIds, s.openId]);
    expect(await c.stillBlocked(records)).toEqual([s.openId]);
    await p.admin.endConversation(s.openId);
    expect(await c.stillBlocked(records)).toEqual([]);
    expect(await failure(c.stillBlocked(conversations(['conv-nobody'])))).toBeInstanceOf(NotFoundError);
  });
});

describe('submit', () => {
  it('sends one delete per distinct UCI value and answers with a reference of its own', async () => {
    const receipt = await connector().submit(batch(), 'idem-42', [
      uci(s.uciValue),
      uci('member-other'),
      { ...uci(s.uciValue), provenance: 'liveperson:email' },
      { kind: 'email', value: 'ada@example.com', provenance: 'request' },
    ]);
    expect(receipt).toEqual({ requestId: 'chatbot-delete:idem-42', kind: 'conversation', ids: s.closedIds });
    expect((await p.admin.deletions()).map((d) => d.uciValue)).toEqual([s.uciValue, 'member-other']);
    const deletes = (await journal()).filter((e) => e.method === 'POST');
    expect(deletes.map((e) => [e.path, e.status])).toEqual([
      ['/api/v1/data-compliance/delete', 200],
      ['/api/v1/data-compliance/delete', 200],
    ]);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('can be retried with the same key: deleting twice is harmless', async () => {
    const c = connector();
    const first = await c.submit(batch(), 'idem-1', [uci(s.uciValue)]);
    const again = await c.submit(batch(), 'idem-1', [uci(s.uciValue)]);
    expect(again).toEqual(first);
    await p.admin.advance(delay());
    expect(await c.verify(conversations(s.closedIds))).toEqual([]);
  });

  it('refuses a subject without a UCI value, without calling the platform', async () => {
    const err = await failure(
      connector().submit(batch(), 'idem-1', [
        { kind: 'email', value: 'ada@example.com', provenance: 'request' },
      ]),
    );
    expect(err).toBeInstanceOf(RangeError);
    expect(err.message).toBe('the chatbot deletes by Unique Chatter Identifier, and the subject has none');
    expect(await journal()).toEqual([]);
  });
});

describe('status, verify and cancel', () => {
  it('reports UNKNOWN status without calling the platform', async () => {
    expect(await connector().status('chatbot-delete:idem-1')).toBe('UNKNOWN');
    expect(await journal()).toEqual([]);
  });

  it('verifies the conversations present before the delete is processed and absent after', async () => {
    const c = connector();
    const records = conversations([...s.closedIds, s.openId]);
    await c.submit(batch(), 'idem-1', [uci(s.uciValue)]);
    expect((await c.verify(records)).sort()).toEqual([...s.closedIds, s.openId].sort());
    await p.admin.advance(delay() - 1);
    expect(await c.verify(records)).toHaveLength(4);
    await p.admin.advance(1);
    // The open conversation was skipped by the platform, so it is still there.
    expect(await c.verify(records)).toEqual([s.openId]);
  });

  it('never counts a conversation the log does not know as gone: deleted ones stay listed, so a 404 proves nothing', async () => {
    const err = await failure(connector().verify(conversations(['conv-nobody'])));
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ operation: 'getConversation', status: 404 });
  });

  it('cannot cancel', async () => {
    expect(await connector().cancel('chatbot-delete:idem-1')).toEqual({
      withdrawn: false,
      note: 'the chatbot platform offers no way to withdraw a deletion',
    });
  });
});

describe('errors', () => {
  it('maps 401 to AuthFailedError, naming platform and operation but never the UCI value', async () => {
    const bad = connector({ apiToken: 'not-the-token' });
    for (const [promise, operation] of [
      [bad.discover([uci(s.uciValue)]), 'listConversations'],
      [bad.verify(conversations(s.closedIds)), 'getConversation'],
      [bad.submit(batch(), 'idem-1', [uci(s.uciValue)]), 'deleteChatter'],
    ] as const) {
      const err = await failure(promise);
      expect(err).toBeInstanceOf(AuthFailedError);
      expect(err).toMatchObject({ platform: 'chatbot', operation, status: 401 });
      expect(err.message).not.toContain(s.uciValue);
    }
  });

  it('maps 500 to PlatformUnavailableError', async () => {
    await p.admin.faults({ errorRate: 1 });
    const err = await failure(connector().discover([uci(s.uciValue)]));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err).toMatchObject({ platform: 'chatbot', operation: 'listConversations', status: 500 });
  });

  it('maps a call that never answers to PlatformUnavailableError', async () => {
    await p.admin.faults({ timeoutRate: 1, timeoutHoldMs: 1_000 });
    const err = await failure(connector({ timeoutMs: 100 }).stillBlocked(conversations([s.openId])));
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err.message).toMatch(/timed out/);
  });

  it.each([
    ['listConversations', () => connector().discover([uci(s.uciValue)])],
    ['getConversation', () => connector().verify(conversations([s.openId]))],
    ['deleteChatter', () => connector().submit(batch(), 'idem-1', [uci(s.uciValue)])],
  ])('maps a malformed body to ProtocolError naming chatbot and %s', async (operation, act) => {
    await p.admin.faults({ malformedRate: 1 });
    const err = await failure(act());
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toMatchObject({ platform: 'chatbot', operation });
    expect(err.message).toContain('chatbot');
    expect(err.message).toContain(operation);
    expect(err.message).not.toContain(s.uciValue);
  });

  it('maps 400 to PlatformRejectedError with the platform message', async () => {
    const wrongKey = connector({ uciKey: 'email' });
    const listed = await failure(wrongKey.discover([uci(s.uciValue)]));
    expect(listed).toBeInstanceOf(PlatformRejectedError);
    expect(listed).toMatchObject({ operation: 'listConversations', status: 400 });
    expect((listed as PlatformRejectedError).platformMessage).toMatch(/Unique Chatter Identifier/);

    const tooLong = 'm'.repeat(256);
    const deleted = await failure(connector().submit(batch(), 'idem-1', [uci(tooLong)]));
    expect(deleted).toBeInstanceOf(PlatformRejectedError);
    expect(deleted).toMatchObject({ operation: 'deleteChatter', status: 400 });
    expect(deleted.message).not.toContain(tooLong);
  });
});

describe('configurable paths', () => {
  it('calls the configured paths; a wrong one answers 404, which proves nothing (attention)', async () => {
    const moved = connector({ paths: { conversations: '/api/v2/conversations' } });
    const err = await failure(moved.discover([uci(s.uciValue)]));
    // Not "no conversations": a 404 of a list is a wrong path, region or permission.
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err).toMatchObject({ platform: 'chatbot', operation: 'listConversations', status: 404 });
    expect((await journal()).at(-1)?.path).toMatch(/^\/api\/v2\/conversations\?/);

    const wrongDelete = connector({ paths: { delete: '/gdpr/delete' } });
    const rejected = await failure(wrongDelete.submit(batch(), 'idem-1', [uci(s.uciValue)]));
    expect(rejected).toBeInstanceOf(NotFoundError);
    expect(rejected).toMatchObject({ operation: 'deleteChatter', status: 404 });
    expect((await journal()).at(-1)?.path).toBe('/gdpr/delete');
    expect(await p.admin.deletions()).toEqual([]);
  });

  it('accepts a base URL with a trailing slash', async () => {
    expect(await connector({ baseUrl: `${p.sim.url}/` }).discover([uci(s.uciValue)])).toHaveLength(4);
  });
});
