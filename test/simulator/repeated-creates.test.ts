/**
 * Each simulator journals a create that makes the same request again (`repeatOf`) or asks for nothing an
 * earlier request does not already do (`overlaps`), and leaves unmarked what the contract expects a
 * client to send again: the soak counts these (docs/soak.md). Plain fetch: no connector code involved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/simulator/kit/journal';
import { type PinnedChatbot, seedChatbotSubject, startPinnedChatbot } from '../helpers/chatbot-fixtures';
import { type PinnedGenesys, seedGenesysSubject, startPinnedGenesys } from '../helpers/genesys-fixtures';
import {
  ContractClient,
  DAY,
  type PinnedSimulator,
  seedSubject,
  startPinnedSimulator,
} from '../helpers/liveperson-fixtures';

/** What the journal says of every create (POST answered 2xx) to exactly `path`, in order. */
const creates = (entries: readonly JournalEntry[], path: string) =>
  entries
    .filter((e) => e.method === 'POST' && e.path.split('?')[0] === path && e.status >= 200 && e.status < 300)
    .map((e) => ({ repeatOf: e.repeatOf, overlaps: e.overlaps }));

describe('LivePerson: a create for records an earlier request deletes', () => {
  let p: PinnedSimulator;
  let lp: ContractClient;
  beforeAll(async () => {
    p = await startPinnedSimulator();
    lp = ContractClient.of(p.sim);
  });
  afterAll(async () => {
    await p.sim.close();
  });
  beforeEach(async () => {
    await p.admin.reset();
  });

  it('is journaled as a repeat of it; other records, other kinds and a cancelled request are not', async () => {
    const s = await seedSubject(p, 'rep');
    const [a, b] = s.closedConversationIds as [string, string];
    const first = await lp.createDeletion({ conversation: [a] });
    await lp.createDeletion({ conversation: [b] }); // other records
    await lp.createDeletion({ consumer: [s.consumerId] }); // another kind
    await lp.createDeletion({ conversation: [a, b] }); // a again (and b)
    const cancelled = await lp.createDeletion({ engagement: [s.engagementId] });
    await lp.cancelDeletion(cancelled.json.request_id);
    await lp.createDeletion({ engagement: [s.engagementId] }); // sent again after a cancel: fine
    expect(creates((await p.admin.journal()).entries, lp.deletionPath)).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: String(first.json.request_id), overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
    ]);
  });

  it('is not a repeat when the earlier request left the record as it was (still there after DONE)', async () => {
    const s = await seedSubject(p, 'kept');
    const id = s.closedConversationIds[0] as string;
    await p.admin.ignoreDeletionOf([id]);
    await lp.createDeletion({ conversation: [id] });
    await p.admin.advance(26 * DAY);
    expect((await p.admin.remaining([id])).length).toBeGreaterThanOrEqual(0); // settles the DONE request
    await lp.createDeletion({ conversation: [id] });
    expect(creates((await p.admin.journal()).entries, lp.deletionPath)).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
    ]);
  });
});

describe('Genesys: a GDPR request', () => {
  let p: PinnedGenesys;
  beforeAll(async () => {
    p = await startPinnedGenesys();
  });
  afterAll(async () => {
    await p.close();
  });
  beforeEach(async () => {
    await p.admin.reset();
  });

  const request = async (subject: object, name?: string): Promise<string> => {
    const o = p.sim.context.options;
    const basic = Buffer.from(`${o.clientId}:${o.clientSecret}`).toString('base64');
    const token = await fetch(`${p.sim.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
    const res = await fetch(`${p.sim.url}/api/v2/gdpr/requests?deleteConfirmed=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestType: 'GDPR_DELETE', subject, ...(name ? { name } : {}) }),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };
  const journaled = async () => creates((await p.admin.journal()).entries, '/api/v2/gdpr/requests');

  it('under an earlier request’s name repeats it; for the same subject, while it runs, overlaps it', async () => {
    const s = await seedGenesysSubject(p, 'gr');
    const subject = { emailAddresses: [s.email], phoneNumbers: [s.phone] };
    const first = await request(subject, 'lethe:key-1');
    await request(subject, 'lethe:key-1');
    // The same person, spelt otherwise (case, order, phone format), under another name.
    await request(
      { phoneNumbers: [`tel:${s.phone}`], emailAddresses: [s.email.toUpperCase()] },
      'lethe:key-2',
    );
    await request({ emailAddresses: [s.otherEmail] }, 'lethe:key-3'); // another subject
    expect(await journaled()).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: first, overlaps: undefined },
      { repeatOf: undefined, overlaps: first },
      { repeatOf: undefined, overlaps: undefined },
    ]);
  });

  it('for the same subject after one that ended in ERROR (an interaction going on) is neither', async () => {
    const s = await seedGenesysSubject(p, 'ge');
    const subject = { emailAddresses: [s.email], phoneNumbers: [s.phone] };
    await request(subject, 'lethe:first');
    await p.admin.advance(25 * 3_600_000);
    const [done] = await p.admin.requests();
    expect(done?.status).toBe('ERROR');
    await p.admin.endConversation(s.openConversation);
    await request(subject, 'lethe:again');
    expect(await journaled()).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
    ]);
  });
});

describe('Chatbot: a delete for a chatter', () => {
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

  const remove = async (uciValue: string): Promise<void> => {
    const o = p.sim.context.options;
    const res = await fetch(`${p.sim.url}/api/v1/data-compliance/delete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uci_key: o.uciKey, uci_value: uciValue }),
    });
    expect(res.status).toBe(200);
  };
  const journaled = async () => creates((await p.admin.journal()).entries, '/api/v1/data-compliance/delete');

  it('none of whose conversations ended since an earlier delete overlaps it, before or after it ran', async () => {
    const s = await seedChatbotSubject(p.admin, 'cb');
    await remove(s.uciValue);
    await remove(s.uciValue); // still pending
    await p.admin.advance(2 * DAY);
    await remove(s.uciValue); // carried out, nothing new since
    await remove(s.bystanderValue); // another chatter
    expect(await journaled()).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: '1' },
      { repeatOf: undefined, overlaps: '2' },
      { repeatOf: undefined, overlaps: undefined },
    ]);
    expect((await p.admin.deletions()).map((d) => d.overlaps)).toEqual([null, 1, 2, null]);
  });

  it('after one of their conversations ended is new work', async () => {
    const s = await seedChatbotSubject(p.admin, 'cb2');
    await remove(s.uciValue);
    await p.admin.advance(2 * DAY);
    await p.admin.endConversation(s.openId);
    await remove(s.uciValue);
    expect(await journaled()).toEqual([
      { repeatOf: undefined, overlaps: undefined },
      { repeatOf: undefined, overlaps: undefined },
    ]);
    expect((await p.admin.remaining([s.uciValue])).length).toBe(1); // the just-ended one, until it runs
  });
});
