/**
 * The Zendesk connector against its simulator over real HTTP, beyond the shared conformance suite: who is
 * and is not the person, tickets kept and redacted instead of deleted, the user Zendesk will not delete
 * while a ticket of theirs is open, job statuses, the account's rate limit, and messaging left out.
 */
import { Agent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepProgress } from '../../src/connectors/call-context';
import { NotFoundError, PlatformRejectedError } from '../../src/connectors/errors';
import type { ZendeskConnector } from '../../src/connectors/zendesk/connector';
import { identifierKey, mergeIdentifiers } from '../../src/domain/identifiers';
import type { RecordKind } from '../../src/domain/platforms';
import { given } from '../helpers/identifiers';
import { failure } from '../helpers/results';
import {
  type PinnedZendesk,
  startPinnedZendesk,
  zendeskConnector,
  zendeskSubject,
} from '../helpers/zendesk-fixtures';

let p: PinnedZendesk;
let dispatcher: Agent;
const { seed, subject: s } = zendeskSubject('zc');

beforeEach(async () => {
  p = await startPinnedZendesk();
  dispatcher = new Agent();
  await p.admin.seed(seed);
});
afterEach(async () => {
  await dispatcher.close();
  await p.sim.close();
});

const connector = (o: Parameters<typeof zendeskConnector>[2] = {}): ZendeskConnector =>
  zendeskConnector(p.sim, dispatcher, o);
const refs = (records: ReadonlyArray<{ kind: RecordKind; id: string }>): string[] =>
  records.map((r) => `${r.kind}:${r.id}`).sort();
const settle = async (): Promise<void> => {
  const o = p.sim.context.options;
  await p.admin.advance(o.jobQueuedMs + o.jobWorkingMs + o.messagingDeletionMs + 1);
};

describe('who the person is', () => {
  it('takes only users whose email, phone or external id equals the value: a note or an agent is not the person', async () => {
    const c = connector();
    const byPhone = await c.resolve([given('phone', s.phone)]);
    const users = byPhone.filter((i) => i.kind === 'zendeskUserId').map((i) => i.value);
    // The colleague's notes hold her phone: the search finds them, the connector does not take them.
    expect(users).toEqual([String(s.userId)]);
    expect(byPhone.find((i) => i.kind === 'email')).toMatchObject({ value: s.email, link: 'own' });
    // An agent is staff, never a data subject's account.
    expect(await c.resolve([given('email', `sam.zc@support.example.com`)])).toEqual([]);
    const records = await c.discover([given('email', `sam.zc@support.example.com`)]);
    expect(records).toEqual([]);
  });

  it('takes a phone two users share as nobody in particular: the other user is neither linked as hers nor erased', async () => {
    await p.admin.seed({
      users: [{ id: 99_100, name: 'Her flatmate', email: 'flatmate.zc@example.com', phone: s.phone }],
    });
    const c = connector();
    const found = await c.resolve([given('email', s.email), given('phone', s.phone)]);
    const flatmate = found.find((i) => i.kind === 'zendeskUserId' && i.value === '99100');
    expect(flatmate?.link).toBe('shared');
    expect(found.find((i) => i.kind === 'zendeskUserId' && i.value === String(s.userId))?.link).toBe('own');
    const records = await c.discover([given('phone', s.phone), given('email', s.email)]);
    expect(records.filter((r) => r.kind === 'endUser').map((r) => r.id)).toEqual([String(s.userId)]);
  });

  it('finds the messaging user through the external id, and not at all when messaging is not configured', async () => {
    const withMessaging = await connector().resolve([given('email', s.email)]);
    expect(withMessaging.map(identifierKey)).toContain(`zendeskMessagingUserId:${s.messagingId}`);
    const none = connector({ messaging: undefined });
    const known = mergeIdentifiers([given('email', s.email)], await none.resolve([given('email', s.email)]));
    expect(known.some((i) => i.kind === 'zendeskMessagingUserId')).toBe(false);
    expect((await none.discover(known)).some((r) => r.kind === 'messagingUser')).toBe(false);
  });
});

describe('tickets kept and redacted', () => {
  it('redacts the person’s comments on every ticket when told to, keeping the tickets, and waits for the user', async () => {
    const c = connector({ tickets: { action: 'redact', keepTagged: [] } });
    const known = mergeIdentifiers([given('email', s.email)], await c.resolve([given('email', s.email)]));
    const records = await c.discover(known);
    expect(records.filter((r) => r.kind === 'ticket')).toEqual([]);
    const comments = records.filter((r) => r.kind === 'ticketComment');
    const ccRef = `${s.bystanderTicket}/${s.ccComment}`;
    expect(refs(comments)).toEqual(
      [`${s.requested[0]}/${s.requestedComments[0]}`, `${s.requested[1]}/${s.requestedComments[1]}`, ccRef]
        .map((id) => `ticketComment:${id}`)
        .sort(),
    );
    // Zendesk will not delete the requester of a ticket that is not closed: kept and only solved, it blocks.
    const user = records.find((r) => r.kind === 'endUser');
    expect(user?.active).toBe(true);
    expect(await c.stillBlocked([{ kind: 'endUser', id: String(s.userId) }])).toEqual([String(s.userId)]);
    await p.admin.setTicketStatus(s.requested[1] as number, 'closed');
    expect(await c.stillBlocked([{ kind: 'endUser', id: String(s.userId) }])).toEqual([]);

    const closed = comments.filter((r) => !r.active);
    const receipt = await c.submit({ kind: 'ticketComment', ids: closed.map((r) => r.id) }, 'k-redact', []);
    expect(await c.status(receipt.requestId)).toBe('DONE');
    expect(await c.verify(closed)).toEqual([]);
    // The tickets stay; her words and file do not (her comment on the bystander's open ticket waits).
    const left = await p.admin.remaining([s.email, s.phone, 'passport']);
    expect(left.filter((r) => r.kind === 'comment').map((r) => r.id)).toEqual([ccRef]);
    expect(left.some((r) => r.kind === 'user')).toBe(true);
    expect(c.retained.some((r) => /kept by configuration/.test(r.data))).toBe(true);
  });

  it('keeps only the tickets carrying a kept tag, deleting the others', async () => {
    await p.admin.seed({
      tickets: [
        {
          id: 99_001,
          subject: 'Chargeback',
          status: 'closed',
          requester_id: s.userId,
          tags: ['legal_hold'],
          comments: [{ id: 99_002, author_id: s.userId, body: `Card ending 4242, ${s.phone}` }],
        },
      ],
    });
    const c = connector({ tickets: { action: 'delete', keepTagged: ['legal_hold'] } });
    const records = await c.discover([given('email', s.email)]);
    expect(
      records
        .filter((r) => r.kind === 'ticket')
        .map((r) => r.id)
        .sort(),
    ).toEqual(s.requested.map(String).sort());
    expect(records.map((r) => `${r.kind}:${r.id}`)).toContain('ticketComment:99001/99002');
  });
});

describe('deleting', () => {
  it('is refused for a user who still requests an open ticket, and nothing is deleted', async () => {
    await p.admin.setTicketStatus(s.requested[0] as number, 'open');
    const c = connector();
    const err = await failure(c.submit({ kind: 'endUser', ids: [String(s.userId)] }, 'k-user', []));
    expect(err).toBeInstanceOf(PlatformRejectedError);
    expect(await c.verify([{ kind: 'endUser', id: String(s.userId) }])).toEqual([String(s.userId)]);
  });

  it('reads its job to the end while the status lasts: DONE as the platform said it, gone when verified', async () => {
    const c = connector();
    const ticket = { kind: 'ticket' as const, id: String(s.requested[0]) };
    const receipt = await c.submit({ kind: 'ticket', ids: [ticket.id] }, 'k-tickets', []);
    expect(receipt.requestId).toMatch(/^job-completed:/);
    expect(await c.status(receipt.requestId)).toBe('DONE');
    expect(await c.verify([ticket])).toEqual([]);
    const jobs = await p.admin.jobs();
    expect(jobs.map((j) => j.job_type).sort()).toEqual(['permanently_delete_tickets']);
  });

  it('leaves a job it could not wait for to later checks, which read UNKNOWN once its status expired', async () => {
    const c = connector({ jobWaitMs: 0 });
    const ticket = { kind: 'ticket' as const, id: String(s.requested[0]) };
    const receipt = await c.submit({ kind: 'ticket', ids: [ticket.id] }, 'k-later', []);
    expect(receipt.requestId).toMatch(/^job:/);
    expect(await c.status(receipt.requestId)).toBe('IN_PROGRESS');
    // Not yet run: the ticket reads 404 but is in the deleted list, so it is still there.
    expect(await c.verify([ticket])).toEqual([ticket.id]);
    await settle();
    expect(await c.status(receipt.requestId)).toBe('DONE');
    expect(await c.verify([ticket])).toEqual([]);
    await p.admin.advance(p.sim.context.options.jobStatusRetentionMs + 1);
    expect(await c.status(receipt.requestId)).toBe('UNKNOWN');
  });

  it('sends no permanent deletion for a ticket already gone, and says so on a retry', async () => {
    const c = connector();
    const ids = [String(s.requested[0])];
    await c.submit({ kind: 'ticket', ids }, 'k-once', []);
    const retry = { attempt: 2, firstAttemptAt: await p.admin.now(), progress: StepProgress.of() };
    const again = await c.submit({ kind: 'ticket', ids }, 'k-once', [], retry);
    expect(again.lostAnswer?.action).toBe('found_done');
    expect(await c.status(again.requestId)).toBe('UNKNOWN');
    expect((await p.admin.jobs()).length).toBe(1);
    expect((await p.admin.journal()).violations).toEqual([]);
  });

  it('verifies nothing as gone where the account does not answer at that base URL', async () => {
    const c = connector();
    const ticket = { kind: 'ticket' as const, id: String(s.requested[0]) };
    await c.submit({ kind: 'ticket', ids: [ticket.id] }, 'k-base', []);
    const elsewhere = zendeskConnector(p.sim, dispatcher, { baseUrl: `${p.sim.url}/not-zendesk` });
    await expect(elsewhere.verify([ticket])).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses to verify messaging users when messaging is not configured', async () => {
    const none = connector({ messaging: undefined });
    await expect(none.verify([{ kind: 'messagingUser', id: s.messagingId }])).rejects.toThrow(
      /not configured/,
    );
  });

  it("waits out the account's Retry-After instead of failing, breaking no rule", async () => {
    await p.admin.setRateLimit(3);
    const c = connector({ ratePerMinute: 700 });
    const records = await c.discover([given('email', s.email)]);
    expect(records.length).toBeGreaterThan(3);
    const { entries, violations } = await p.admin.journal();
    expect(entries.some((e) => e.status === 429)).toBe(true);
    expect(violations).toEqual([]);
  });
});
