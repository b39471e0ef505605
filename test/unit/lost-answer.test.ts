/**
 * A LivePerson create whose answer was lost (src/connectors/liveperson/lost-answer.ts), decided from the
 * documented list fields only (request_id, request_time, requested_by, status): the candidates are the
 * requests made since the first attempt that Lethe does not already know; one, for the account's only
 * sender, is reused; otherwise the safe action is to send again, and the evidence says which was taken.
 */
import { describe, expect, it } from 'vitest';
import { lostAnswerOutcome, lostCreateCandidates } from '../../src/connectors/liveperson/lost-answer';

const T = Date.UTC(2026, 11, 6, 10, 0);
const row = (id: string, minutes: number, over: Record<string, string> = {}) => ({
  request_id: id,
  status: 'NOT_STARTED',
  request_time: new Date(T + minutes * 60_000).toISOString(),
  requested_by: 'lethe-app',
  ...over,
});

describe('lostCreateCandidates', () => {
  const rows = [
    row('1', -60),
    row('2', 1),
    row('3', 2, { status: 'CANCELED' }),
    row('4', 3, { requested_by: 'someone in the UI' }),
    row('5', 4),
    row('6', 5, { request_time: 'not a time' }),
  ];

  it('takes what was made since, not cancelled, not known; an unreadable time counts, to be safe', () => {
    expect(lostCreateCandidates(rows, { since: T, known: ['5'] })).toEqual(['2', '4', '6']);
  });

  it("narrows to Lethe's own requester once it is known", () => {
    expect(lostCreateCandidates(rows, { since: T, known: [], requester: 'lethe-app' })).toEqual([
      '2',
      '5',
      '6',
    ]);
  });
});

describe('lostAnswerOutcome', () => {
  it('sends with no note when nothing was made since', () => {
    expect(lostAnswerOutcome([], true)).toBeUndefined();
  });

  it("reuses the one candidate when it is the account's only sender", () => {
    expect(lostAnswerOutcome(['7'], true)).toMatchObject({ action: 'reused', candidates: ['7'] });
  });

  it('sends again, naming the candidates, when it is not the only sender or there are several', () => {
    expect(lostAnswerOutcome(['7'], false)).toMatchObject({ action: 'sent_again', candidates: ['7'] });
    const several = lostAnswerOutcome(['7', '8'], true);
    expect(several).toMatchObject({ action: 'sent_again', candidates: ['7', '8'] });
    expect(several?.note).toMatch(/2 request\(s\) created since then could be it/);
  });
});
