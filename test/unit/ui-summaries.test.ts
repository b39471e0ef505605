/**
 * The one-line summaries the Web UI shows beside each activity and each wait (issue 16): what it does,
 * where, and for waits which request and which day; never an identifier or a record id.
 */
import { describe, expect, it } from 'vitest';
import { activitySummary } from '../../src/domain/activity-summary';
import { ErasureState } from '../../src/domain/erasure-state';
import { timingForDay } from '../../src/domain/timing';
import { waitSummary } from '../../src/domain/wait-summary';

const DAY = 100;
const TIMING = timingForDay(DAY);
const T0 = Date.UTC(2026, 11, 1);
const header = {
  requestId: 'DSR-1',
  subjectRef: 'a'.repeat(64),
  receivedAt: new Date(T0).toISOString(),
  deadline: T0 + 30 * DAY,
};

describe('activity summaries', () => {
  it('say what each activity does and where, with counts and platform request ids only', () => {
    const records = [{ kind: 'conversation', id: 'conv-secret' }];
    expect(
      activitySummary('resolveIdentities', {
        platform: 'genesys',
        identifiers: [{ value: 'ada@example.com' }],
      }),
    ).toBe("find the subject's identities on Genesys Cloud");
    expect(
      activitySummary('submitBatch', {
        platform: 'liveperson',
        batch: { kind: 'conversation', ids: ['a', 'b'] },
      }),
    ).toBe('send a deletion request to LivePerson: 2 conversation ids');
    expect(activitySummary('verifySubmission', { platform: 'chatbot', requestId: 'r-9', records })).toBe(
      're-verify chatbot request r-9',
    );
    expect(activitySummary('checkActive', { platform: 'liveperson', records })).toBe(
      'check whether 1 open records on LivePerson have closed',
    );
    expect(activitySummary('enqueueForDeletion', { governor: { platform: 'liveperson' }, entry: {} })).toBe(
      'hand ids to the quota governor of LivePerson',
    );
    expect(activitySummary('issueCertificate', {})).toBe('sign the certificate');
    expect(activitySummary('somethingNew', {})).toBeUndefined();
    // A malformed input is described without failing.
    expect(activitySummary('submitBatch', null)).toBe(
      'send a deletion request to the platform: 0 undefined ids',
    );
  });
});

describe('wait summaries', () => {
  it('name the request a wait re-verifies and its day; a wait for open conversations says so', () => {
    const state = new ErasureState(header, ['liveperson'], TIMING, T0);
    const ledger = state.ledger('liveperson');
    ledger.addRecords(
      [
        { kind: 'conversation', id: 'c1', active: false },
        { kind: 'conversation', id: 'c2', active: true },
      ],
      T0,
      TIMING.activeRecheckMs,
    );
    ledger.markQueued('conversation', ['c1']);
    ledger.recordSubmission({ requestId: '127001', kind: 'conversation', ids: ['c1'] }, T0, TIMING);
    expect(waitSummary(state, T0 + DAY, undefined, DAY)).toBe('re-verify LivePerson request 127001, day 1');
    ledger.applyVerification('127001', 'NOT_STARTED', new Set(['c1']), T0 + DAY);
    expect(waitSummary(state, T0 + 3 * DAY, undefined, DAY)).toBe(
      're-verify LivePerson request 127001, day 3',
    );
    expect(waitSummary(state, T0 + DAY, T0 + DAY, DAY)).toBe(
      'hard stop: end with what is left, said as left',
    );
    // Nothing sent yet, one conversation open: the wait is for it to close.
    const waiting = new ErasureState(header, ['liveperson'], TIMING, T0);
    waiting
      .ledger('liveperson')
      .addRecords([{ kind: 'conversation', id: 'c3', active: true }], T0, TIMING.activeRecheckMs);
    const at = waiting.ledger('liveperson').activeCheckAt ?? 0;
    expect(waitSummary(waiting, at, undefined, DAY)).toBe(
      'check whether open conversations on LivePerson have closed',
    );
    expect(waitSummary(waiting, at + 1, undefined, DAY)).toBe('wait for open conversations to close');
  });
});
