/**
 * The Genesys connector beyond the shared conformance suite: fragmented identity over three emails,
 * namesakes kept out, GDPR_UPDATE with a replacement term, a partial completion around an open
 * interaction, a recording under legal hold, reconciliation of a lost answer, the rate limit waited
 * out, and its status mapping.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import { NotFoundError, RateLimitedError } from '../../src/connectors/errors';
import { type GenesysConnector, recordingRef, statusOf } from '../../src/connectors/genesys/connector';
import { defaultRetryPolicy, realSleep } from '../../src/connectors/retry';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../src/domain/identifiers';
import {
  type GenesysSubject,
  type PinnedGenesys,
  seedGenesysSubject,
  startPinnedGenesys,
} from '../helpers/genesys-fixtures';
import { given } from '../helpers/identifiers';
import { DAY } from '../helpers/liveperson-fixtures';
import { failure } from '../helpers/results';
import { waitUntil } from '../helpers/temporal';

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

describe('Genesys connector: how identifiers are tied', () => {
  it("ties a contact's own listings as 'own', and what a phone of two contacts finds as 'shared'", async () => {
    const email = given('email', s.email);
    const own = (await p.connector().resolve([email])).filter((i) => i.value !== s.email);
    expect(own.length).toBeGreaterThan(0);
    for (const id of own) expect(id).toMatchObject({ via: identifierKey(email), link: 'own' });
    // A second contact listing the bystander's phone: a household's number.
    await p.admin.seed({
      contacts: [{ id: randomUUID(), firstName: 'Bea', lastName: 'Bystander', phones: [s.bystander.phone] }],
    });
    const phone = given('phone', s.bystander.phone);
    const shared = await p.connector().resolve([phone]);
    expect(shared.filter((i) => i.kind === 'genesysExternalContactId')).toHaveLength(2);
    for (const id of shared) expect(id).toMatchObject({ via: identifierKey(phone), link: 'shared' });
  });
});

describe('Genesys connector: erasure', () => {
  it('reports the open interaction active and blocked; a recording carries no hold (none is published)', async () => {
    const records = await p.connector().discover(await resolved());
    const held = recordingRef(s.heldRecording.conversationId, s.heldRecording.id);
    expect(records.find((r) => r.id === s.openConversation)?.active).toBe(true);
    // No hold is published; it is reached through its interaction's identifiers.
    expect(records.find((r) => r.id === held)).toMatchObject({ kind: 'recording', id: held, active: false });
    expect(records.find((r) => r.id === held)?.heldReason).toBeUndefined();
    const interaction = records.find((r) => r.id === s.heldRecording.conversationId);
    expect(interaction?.leads?.length).toBeGreaterThan(0);
    expect(records.find((r) => r.id === held)?.leads).toEqual(interaction?.leads);
    expect(await p.connector().stillBlocked(records)).toEqual([s.openConversation]);
    await p.admin.endConversation(s.openConversation);
    expect(await p.connector().stillBlocked(records)).toEqual([]);
  });

  it('sees a recording the org keeps as still present after its request COMPLETED, and gone once let go', async () => {
    await p.admin.endConversation(s.openConversation);
    const ids = await resolved();
    const held = {
      kind: 'recording' as const,
      id: recordingRef(s.heldRecording.conversationId, s.heldRecording.id),
    };
    const other = {
      kind: 'recording' as const,
      id: recordingRef(s.recording.conversationId, s.recording.id),
    };
    const receipt = await p
      .connector()
      .submit({ kind: 'recording', ids: [held.id, other.id] }, 'kept-1', ids);
    await p.admin.advance(DAY);
    expect(await p.connector().status(receipt.requestId)).toBe('DONE');
    expect(await p.connector().verify([held, other])).toEqual([held.id]);
    await p.admin.releaseRecording(s.heldRecording.id);
    expect(await p.connector().verify([held, other])).toEqual([]);
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
      retry: {
        ...defaultRetryPolicy,
        attempts: 10,
        random: () => 0,
        sleep: async (ms) => {
          waits.push(ms);
          await p.admin.advance(ms);
        },
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
      ratePerMinute: 4,
      retry: {
        ...defaultRetryPolicy,
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
    const connector = p.connector({
      retry: { ...defaultRetryPolicy, maxRetryAfterMs: 30_000, sleep: async () => undefined },
    });
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

describe('Genesys connector: ids in a format Lethe did not expect', () => {
  it('keeps a contact id that is not a UUID: resolved, searched with, discovered, sent, never dropped', async () => {
    const now = await p.admin.now();
    const contactId = 'legacy-contact-0042';
    const interaction = randomUUID();
    await p.admin.seed({
      contacts: [{ id: contactId, firstName: 'Dee', lastName: 'Legacy', emails: ['dee.legacy@example.com'] }],
      conversations: [
        // Reached only through the contact link: the email on it is one nobody searched for.
        {
          id: interaction,
          mediaType: 'email',
          start: now - 5 * DAY,
          end: now - 5 * DAY + 60_000,
          customer: { name: 'D.', email: 'dee@elsewhere.example', externalContactId: contactId },
        },
      ],
    });
    const ids = await resolved([given('email', 'dee.legacy@example.com')]);
    expect(ids.map(identifierKey)).toContain(`genesysExternalContactId:${contactId}`);
    const records = await p.connector().discover(ids);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'conversation', id: interaction, active: false }),
        {
          kind: 'externalContact',
          id: contactId,
          active: false,
          leads: [`genesysExternalContactId:${contactId}`],
        },
      ]),
    );
    await p.connector().submit({ kind: 'externalContact', ids: [contactId] }, 'legacy-1', ids);
    const [sent] = await p.admin.requests();
    expect(sent?.subject.externalContactId).toBe(contactId);
  });
});

describe('Genesys connector: a 404 proves nothing by itself', () => {
  it('takes a 404 of a record discovery read as gone', async () => {
    await p.admin.endConversation(s.openConversation);
    const ids = await resolved();
    const contact = { kind: 'externalContact' as const, id: s.contactId };
    expect(await p.connector().discover(ids)).toEqual(
      expect.arrayContaining([
        { ...contact, active: false, leads: [`genesysExternalContactId:${s.contactId}`] },
      ]),
    );
    expect(await p.connector().verify([contact])).toEqual([s.contactId]);
    await p.connector().submit({ kind: 'externalContact', ids: [s.contactId] }, 'gone-1', ids);
    await p.admin.advance(DAY);
    // GDPR_DELETE removed the contact: its read answers 404, and it was read at discovery.
    expect(await p.connector().verify([contact])).toEqual([]);
  });

  it('refuses to conclude anything from a 404 when the base path is wrong: attention, naming the call', async () => {
    const wrong = p.connector({
      auth: {
        apiUrl: `${p.sim.url}/api/v3`,
        loginUrl: p.sim.url,
        clientId: p.sim.context.options.clientId,
        clientSecret: new Secret(p.sim.context.options.clientSecret),
      },
    });
    const search = await failure(wrong.resolve([given('email', s.email)]));
    expect(search).toBeInstanceOf(NotFoundError);
    expect(search).toMatchObject({ operation: 'searchSubjects', status: 404, type: 'UnexplainedNotFound' });
    expect(search.message).toMatch(
      /genesys searchSubjects: HTTP 404 .*base URL, the region and the permissions/,
    );
    // A contact read by id, a record verification: every 404 is checked against the base first.
    const contact = await failure(wrong.resolve([given('genesysExternalContactId', s.contactId)]));
    expect(contact).toMatchObject({ operation: 'getExternalContact', type: 'UnexplainedNotFound' });
    const verified = await failure(wrong.verify([{ kind: 'externalContact', id: s.contactId }]));
    expect(verified).toMatchObject({ operation: 'getExternalContact', type: 'UnexplainedNotFound' });
  });

  it('takes a contact id Genesys does not know, on a base that answers, as nothing found (no attention)', async () => {
    const unknown = given('genesysExternalContactId', '6b9f3a8e-0000-4000-8000-000000000000');
    expect(await p.connector().resolve([unknown])).toEqual([]);
    expect(await p.connector().discover([unknown])).toEqual([]);
  });
});

describe('Genesys connector: a Retry-After belongs to the token', () => {
  /**
   * Two activities of one worker share a connector (one token), on a platform clock running 50 times
   * real time, against a limit of two calls a minute: the first activity's discovery is throttled
   * (Retry-After 30 s: 600 ms real); 350 ms later the second activity calls (well after any call that
   * was already on its way). Waits are real (scaled).
   */
  async function secondActivityDuringRetryAfter(pause: boolean) {
    const fast = await startPinnedGenesys({ realNow: Date.now, clockRate: 50 });
    try {
      const subject = await seedGenesysSubject(fast, 'rate');
      const known = [given('email', subject.email)];
      const ids = mergeIdentifiers(known, await fast.connector().resolve(known));
      await fast.admin.setRateLimit(2);
      const connector = fast.connector({
        ratePerMinute: 1000, // its own budget is no help here: only the shared pause is
        retry: { ...defaultRetryPolicy, random: Math.random, sleep: realSleep(1 / 50) },
      });
      if (!pause) ignorePauses(connector);
      const first = connector.discover(ids);
      await waitUntil(
        async () => ((await fast.admin.journal()).entries.some((e) => e.status === 429) ? true : undefined),
        5_000,
        'the first 429',
      );
      await new Promise((resolve) => setTimeout(resolve, 350));
      const second = await Promise.allSettled([connector.resolve(known)]);
      await fast.admin.setRateLimit(10_000); // the rest of the first discovery need not crawl
      const outcomes = [...second, ...(await Promise.allSettled([first]))];
      for (const o of outcomes)
        if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(RateLimitedError);
      return (await fast.admin.journal()).violations;
    } finally {
      await fast.close();
    }
  }

  it("holds the other activity's calls on the token until the Retry-After has passed: no broken rule", async () => {
    expect(await secondActivityDuringRetryAfter(true)).toEqual([]);
  });

  it('(control) a call that waits only for its own Retry-After is journaled as a broken rule', async () => {
    const violations = await secondActivityDuringRetryAfter(false);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]?.violations[0]).toMatch(/before the Retry-After it was given had passed/);
  });
});

/** Makes a connector's session ignore the pause other calls' 429s set (the control case). */
function ignorePauses(connector: GenesysConnector): void {
  const session = (connector as unknown as { session: { pause: { pauseFor(ms: number): void } } }).session;
  session.pause.pauseFor = () => undefined;
}
