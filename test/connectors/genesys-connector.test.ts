/**
 * The Genesys connector beyond the shared conformance suite: fragmented identity over three emails,
 * namesakes kept out, GDPR_UPDATE with a replacement term, a partial completion around an open
 * interaction, a recording under legal hold, reconciliation of a lost answer, the rate limit waited
 * out, and its status mapping.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError } from '../../src/connectors/errors';
import { recordingRef, statusOf } from '../../src/connectors/genesys/connector';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../src/domain/identifiers';
import {
  type GenesysSubject,
  type PinnedGenesys,
  seedGenesysSubject,
  startPinnedGenesys,
} from '../helpers/genesys-fixtures';
import { given } from '../helpers/identifiers';
import { DAY } from '../helpers/liveperson-fixtures';

let p: PinnedGenesys;
let s: GenesysSubject;

beforeAll(async () => {
  p = await startPinnedGenesys();
});
afterAll(async () => {
  await p.close();
});
beforeEach(async () => {
  await p.admin.reset();
  s = await seedGenesysSubject(p, 'gx');
});

async function resolved(
  known: ResolvedIdentifier[] = [given('email', s.email)],
): Promise<ResolvedIdentifier[]> {
  return mergeIdentifiers(known, await p.connector().resolve(known));
}

describe('Genesys connector: identity', () => {
  it('finds all three emails, the phone and the contact from one email, naming where each came from', async () => {
    const ids = await resolved();
    const keys = ids.map(identifierKey);
    expect(keys).toEqual(
      expect.arrayContaining([
        `email:${s.workEmail}`,
        `phone:${s.phone}`,
        `genesysExternalContactId:${s.contactId}`,
      ]),
    );
    expect(ids.find((i) => i.value === s.phone)?.provenance).toBe('genesys:email');
    // The third email is on no contact: discovery reaches its interaction through the contact link.
    const records = await p.connector().discover(ids);
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining(s.closedConversations));
  });

  it('keeps a namesake found by name alone out, and takes a name hit that shares an email', async () => {
    await p.admin.seed({
      contacts: [
        {
          id: '8f0c3c38-8b1f-4a7e-9d6b-0d5d3c1e2a11',
          firstName: 'Ann',
          lastName: 'Example-gx',
          emails: ['someone.else@example.com'],
        },
      ],
    });
    const ids = await resolved([given('name', s.name), given('email', s.email)]);
    const values = ids.map((i) => i.value);
    expect(values).not.toContain('someone.else@example.com');
    expect(values).toContain(s.workEmail);
  });
});

describe('Genesys connector: erasure', () => {
  it('reports the open interaction active and the held recording held, then unblocks them when they end', async () => {
    const records = await p.connector().discover(await resolved());
    const held = recordingRef(s.heldRecording.conversationId, s.heldRecording.id);
    expect(records.find((r) => r.id === s.openConversation)?.active).toBe(true);
    expect(records.find((r) => r.id === held)?.heldReason).toMatch(/legal hold/);
    expect((await p.connector().stillBlocked(records)).sort()).toEqual([s.openConversation, held].sort());
    await p.admin.endConversation(s.openConversation);
    await p.admin.releaseRecording(s.heldRecording.id);
    expect(await p.connector().stillBlocked(records)).toEqual([]);
  });

  it('ends a request around an open interaction FAILED (a partial completion), the closed ones verified gone', async () => {
    const ids = await resolved();
    const closed = s.closedConversations.map((id) => ({ kind: 'conversation' as const, id }));
    const receipt = await p
      .connector()
      .submit({ kind: 'conversation', ids: s.closedConversations }, 'partial-1', ids);
    await p.admin.advance(DAY);
    expect(await p.connector().status(receipt.requestId)).toBe('FAILED');
    expect(await p.connector().verify(closed)).toEqual([]);
    expect(await p.connector().verify([{ kind: 'conversation', id: s.openConversation }])).toEqual([
      s.openConversation,
    ]);
    const [sent] = await p.admin.requests();
    expect(sent?.skippedOpen).toBe(1);
  });

  it('sends GDPR_UPDATE with a replacement term for every identifier, and verifies by the term', async () => {
    const connector = p.connector({ mode: 'update', replacementTerm: 'ERASED' });
    await p.admin.endConversation(s.openConversation);
    const ids = await resolved();
    const all = [...s.closedConversations, s.openConversation].map((id) => ({
      kind: 'conversation' as const,
      id,
    }));
    await connector.submit({ kind: 'conversation', ids: all.map((r) => r.id) }, 'update-1', ids);
    expect(await connector.verify(all)).not.toEqual([]);
    await p.admin.advance(DAY);
    // An update replaces only the values it names: the nickname on the third email's interaction was
    // known to no one, so verification honestly finds it still there.
    expect(await connector.verify(all)).toEqual([s.closedConversations[3]]);
    expect(await connector.verify([{ kind: 'externalContact', id: s.contactId }])).toEqual([]);
    expect((await p.admin.requests())[0]?.requestType).toBe('GDPR_UPDATE');
    expect(await p.admin.remaining([s.email, s.workEmail, s.phone])).toEqual([
      { kind: 'recording', id: s.heldRecording.id },
    ]);
  });

  it('reuses the request an earlier attempt made (found by its name), even from a fresh session', async () => {
    const ids = await resolved();
    const batch = { kind: 'conversation' as const, ids: s.closedConversations };
    const first = await p.connector().submit(batch, 'lost-answer', ids);
    const again = await p.connector().submit(batch, 'lost-answer', ids);
    const other = await p.connector().submit(batch, 'another-key', ids);
    expect(again.requestId).toBe(first.requestId);
    expect(other.requestId).not.toBe(first.requestId);
    expect(await p.admin.requests()).toHaveLength(2);
  });

  it('refuses to send a request that names no one', async () => {
    await expect(
      p.connector().submit({ kind: 'conversation', ids: ['x'] }, 'k', [given('name', s.name)]),
    ).rejects.toThrow(/needs an email, phone, address or external contact id/);
    expect(await p.admin.requests()).toEqual([]);
  });
});

describe('Genesys connector: rate limit', () => {
  it('waits out a short Retry-After on the platform clock and finishes the discovery', async () => {
    await p.admin.setRateLimit(4);
    const waits: number[] = [];
    const connector = p.connector({
      throttle: {
        sleep: async (ms) => {
          waits.push(ms);
          await p.admin.advance(ms);
        },
        maxWaits: 10,
      },
    });
    const records = await connector.discover(await resolved());
    expect(records.length).toBeGreaterThan(5);
    expect(waits.length).toBeGreaterThan(0);
    for (const w of waits) expect(w).toBe(15_000);
    const limited = (await p.admin.journal()).entries.filter((e) => e.status === 429);
    expect(limited.length).toBe(waits.length);
  });

  it('keeps to its own budget of calls a minute, so a burst meets no 429 at all', async () => {
    await p.admin.setRateLimit(4);
    let paced = 0;
    const connector = p.connector({
      throttle: {
        perMinute: 4,
        sleep: async (ms) => {
          paced += ms;
          await p.admin.advance(ms);
        },
      },
    });
    const records = await connector.discover(await resolved());
    expect(records.length).toBeGreaterThan(5);
    expect(paced).toBeGreaterThan(0);
    expect((await p.admin.journal()).entries.filter((e) => e.status === 429)).toEqual([]);
  });

  it('lets a wait longer than the limit leave as RateLimitedError with the platform delay', async () => {
    await p.admin.setRateLimit(1);
    const connector = p.connector({ throttle: { maxWaitMs: 30_000, sleep: async () => undefined } });
    const err = await connector.discover(await resolved()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(60_000);
  });

  it('maps every GDPR status to Lethe terms', () => {
    expect(
      ['INITIATED', 'SEARCHING', 'UPDATING', 'DELETING', 'FINALIZING', 'COMPLETED', 'ERROR'].map((x) =>
        statusOf(x as never),
      ),
    ).toEqual(['NOT_STARTED', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'DONE', 'FAILED']);
  });
});
