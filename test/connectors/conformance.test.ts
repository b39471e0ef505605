/**
 * The conformance suite every connector passes against its simulator over real HTTP: resolution of a
 * fragmented identity, discovery with open records, blocked records, a full submit → status → verify
 * life cycle (idempotent submissions, withdrawal where the platform allows it), the error mapping of
 * DESIGN §3, and no broken rule of the platform's contract in the simulator's journal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StepProgress } from '../../src/connectors/call-context';
import { AuthFailedError, PlatformUnavailableError, ProtocolError } from '../../src/connectors/errors';
import type { SubmissionReceipt } from '../../src/connectors/types';
import { identifierKey, mergeIdentifiers, type ResolvedIdentifier } from '../../src/domain/identifiers';
import { planBatches } from '../../src/domain/planner';
import { chatbotFixture } from '../helpers/chatbot-fixtures';
import type { ConformanceFixture, FixtureFactory, RecordRef } from '../helpers/conformance';
import { genesysFixture } from '../helpers/genesys-fixtures';
import { livepersonFixture } from '../helpers/liveperson-conformance';
import { failure } from '../helpers/results';
import { zendeskFixture } from '../helpers/zendesk-fixtures';

const fixtures: Array<[string, FixtureFactory]> = [
  ['liveperson', livepersonFixture],
  ['genesys', genesysFixture],
  ['chatbot', chatbotFixture],
  ['zendesk', zendeskFixture],
];

const refKey = (r: RecordRef): string => `${r.kind}:${r.id}`;
const sorted = (refs: readonly RecordRef[]): string[] => refs.map(refKey).sort();

/**
 * A whole life cycle: every batch submitted (and again, as a retry whose answer was lost), its status,
 * the records verified present, the deletions completed, the records verified gone, the bystander intact.
 */
async function lifeCycle(f: ConformanceFixture, resolved: ResolvedIdentifier[]): Promise<void> {
  await f.closeOpen();
  expect(await f.connector.stillBlocked([f.open])).toEqual([]);
  const all = [...f.closed, f.open];
  const subject = f.connector.limits.requestScope === 'subject' ? resolved : [];
  const receipts: SubmissionReceipt[] = [];
  for (const batch of planBatches(all, f.connector.limits.maxIdsPerRequest, f.connector.limits.kinds)) {
    const key = `conformance-${batch.kind}`;
    const firstAttemptAt = await f.now();
    const receipt = await f.connector.submit(batch, key, subject);
    expect(receipt.kind).toBe(batch.kind);
    expect([...receipt.ids].sort()).toEqual([...batch.ids].sort());
    // The same submission again, as the activity's next attempt after its answer was lost, by the
    // account's only sender: the platform's request is reused, not duplicated.
    const retry = {
      attempt: 2,
      firstAttemptAt,
      progress: StepProgress.of(),
      exclusiveSender: true,
      knownRequestIds: receipts.map((r) => r.requestId),
    };
    const again = await f.connector.submit(batch, key, subject, retry);
    // Where the platform's documented fields cannot tell an earlier request apart (Zendesk's jobs), the
    // ids are sent again, or found already gone and not sent, and the receipt says which; otherwise the
    // request is reused.
    if (again.lostAnswer && again.lostAnswer.action !== 'reused') expect(again.lostAnswer.note).toBeTruthy();
    else expect(again.requestId).toBe(receipt.requestId);
    receipts.push(receipt);
  }
  for (const r of receipts) {
    const status = await f.connector.status(r.requestId);
    // DONE before the platform's deletions ran only for a request it carried out as it answered, and
    // never overstated: its records read back gone.
    if (status === 'DONE')
      expect(await f.connector.verify(r.ids.map((id) => ({ kind: r.kind, id })))).toEqual([]);
    else expect(['NOT_STARTED', 'IN_PROGRESS', 'UNKNOWN']).toContain(status);
  }
  expect((await f.connector.verify(all)).length).toBeGreaterThan(0);
  if (!f.connector.limits.cancellable) {
    const outcome = await f.connector.cancel(receipts[0]?.requestId ?? '');
    expect(outcome.withdrawn).toBe(false);
    expect(outcome.note).toBeTruthy();
  }

  await f.completeDeletions();
  expect(await f.connector.verify(all)).toEqual([]);
  for (const r of receipts) expect(['DONE', 'UNKNOWN']).toContain(await f.connector.status(r.requestId));
  expect(await f.bystanderIntact()).toBe(true);
}

// Each test starts from a fresh simulator and its own resolution, and the tests run in a random order
// (shuffle): none depends on what another left behind.
describe.each(fixtures)('connector conformance: %s', (_name, factory) => {
  let f: ConformanceFixture;
  let resolved: ResolvedIdentifier[];

  beforeEach(async () => {
    f = await factory();
    resolved = mergeIdentifiers(f.known, await f.connector.resolve(f.known));
  });
  afterEach(async () => {
    await f.close();
  });

  describe('in any order', { shuffle: true }, () => {
    it('resolves what the caller knows to every identity of the person, and to no one else', async () => {
      const found = await f.connector.resolve(f.known);
      const keys = mergeIdentifiers(f.known, found).map(identifierKey);
      for (const expected of f.resolvesTo) expect(keys).toContain(expected);
      for (const other of f.bystander) expect(keys).not.toContain(identifierKey(other));
      const given = new Set(f.known.map(identifierKey));
      for (const id of found.filter((i) => !given.has(identifierKey(i))))
        expect(id.provenance).toMatch(new RegExp(`^${f.platform}:`));
    });

    it("discovers exactly the person's records, the open one active", async () => {
      const records = await f.connector.discover(resolved);
      expect(sorted(records)).toEqual(sorted([...f.closed, f.open]));
      const open = records.find((r) => refKey(r) === refKey(f.open));
      expect(open?.active).toBe(true);
      expect(records.filter((r) => r.active)).toHaveLength(1);
      for (const r of records) expect(f.connector.limits.kinds).toContain(r.kind);
    });

    it('names only the open record as blocked', async () => {
      expect(await f.connector.stillBlocked([...f.closed, f.open])).toEqual([f.open.id]);
    });

    it('submits idempotently, reports status, verifies present then gone, and leaves the bystander', async () => {
      await lifeCycle(f, resolved);
    });

    it("breaks no rule of the platform's contract in a whole life cycle", async () => {
      await lifeCycle(f, resolved);
      const { entries, violations } = await f.journal();
      expect(entries.length).toBeGreaterThan(0);
      expect(violations).toEqual([]);
    });

    it('names what the platform keeps after erasure, each with a reason', () => {
      for (const r of f.connector.retained) {
        expect(r.data).toBeTruthy();
        expect(r.reason).toBeTruthy();
      }
    });

    it('maps refused credentials to AuthFailedError', async () => {
      // Resolution (where the platform searches) or discovery: whichever calls the platform first.
      const refused = f.badCredentials();
      const err = await failure(
        (async () => {
          await refused.resolve(f.known);
          await refused.discover(resolved);
        })(),
      );
      expect(err).toBeInstanceOf(AuthFailedError);
    });

    it('maps a 5xx to PlatformUnavailableError naming the platform', async () => {
      await f.injectFaults({ errorRate: 1 });
      const err = await failure(f.connector.discover(resolved));
      await f.injectFaults({});
      expect(err).toBeInstanceOf(PlatformUnavailableError);
      expect((err as PlatformUnavailableError).platform).toBe(f.platform);
    });

    it('maps a malformed body to a ProtocolError naming the platform and the call, never a crash', async () => {
      for (const call of [
        () => f.connector.discover(resolved),
        () => f.connector.verify(f.closed),
        () => f.connector.stillBlocked([f.open]),
      ]) {
        await f.injectFaults({ malformedRate: 1 });
        const err = await failure(call());
        await f.injectFaults({});
        expect(err).toBeInstanceOf(ProtocolError);
        const protocol = err as ProtocolError;
        expect(protocol.platform).toBe(f.platform);
        expect(protocol.operation).toBeTruthy();
        expect(protocol.message).toContain(`${f.platform} ${protocol.operation}:`);
      }
    });
  });
});
