/**
 * PlatformLedger (src/domain/platform-ledger.ts): the life of each record on one platform, from
 * discovery (active or ready), through submission and the scheduled verifications (confirmed,
 * re-submitted, or overdue and re-checked), withdrawal for a legal hold, the hard stop (remaining,
 * still_active), the open-conversation re-checks (ready or still_active), failed batches, the quota
 * pause, wake-up times, the expected completion, settlement and the counts reported to operators.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LedgerTiming, PlatformLedger } from '../../src/domain/platform-ledger';
import type { PlatformRecord } from '../../src/domain/platforms';

const T0 = Date.UTC(2025, 0, 1);
const RECHECK = 1000;
const MAX_WAIT = 5000;
const VERIFY = [100, 300, 700];
const OVERDUE = 2000;
const TIMING: LedgerTiming = { verifyAfterMs: VERIFY, overdueRecheckMs: OVERDUE };
/** What expectedCompletionAt needs: the window is the last verification offset (700). */
const ESTIMATE = { verifyAfterMs: VERIFY, activeRecheckMs: RECHECK };
const WINDOW = 700;

const conv = (id: string, active = false): PlatformRecord => ({ kind: 'conversation', id, active });
const iso = (ms: number): string => new Date(ms).toISOString();

/** A ledger with `ids` closed conversations submitted as request `req-1` at `at`. */
function submitted(ids: string[], at = T0): PlatformLedger {
  const ledger = new PlatformLedger();
  ledger.addRecords(
    ids.map((id) => conv(id)),
    at,
    RECHECK,
  );
  ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids }, at, TIMING);
  return ledger;
}

describe('PlatformLedger: discovery', () => {
  it('makes closed records ready and active ones wait', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords(
      [conv('c1'), conv('c2', true), { kind: 'engagement', id: 'e1', active: false }],
      T0,
      RECHECK,
    );
    expect(ledger.readyRecords()).toEqual([
      { kind: 'conversation', id: 'c1' },
      { kind: 'engagement', id: 'e1' },
    ]);
    expect(ledger.activeRecords()).toEqual([{ kind: 'conversation', id: 'c2' }]);
    expect(ledger.counts()).toEqual({
      discovered: 3,
      active: 1,
      held: 0,
      queued: 0,
      submitted: 0,
      confirmed: 0,
      remaining: 3,
      failed: 0,
    });
  });

  it('keeps the status of records already known when they are found again', () => {
    const ledger = submitted(['c1']);
    ledger.addRecords([conv('c1'), conv('c1', true)], T0 + 10, RECHECK);
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.activeRecords()).toEqual([]);
    expect(ledger.counts().discovered).toBe(1);
    expect(ledger.counts().submitted).toBe(1);
  });

  it('holds the consumer profile back while any conversation is open', () => {
    const ledger = new PlatformLedger();
    const profile = { kind: 'consumer', id: 'p1', active: false } as const;
    ledger.addRecords([conv('c1', true), conv('c2'), profile], T0, RECHECK);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c2' }]);
    // Held back, not forgotten: the ledger is unsettled and wakes for the conversation's re-check.
    expect(ledger.isSettled()).toBe(false);
    expect(ledger.nextWakeAt()).toBe(T0 + RECHECK);
    ledger.applyActiveCheck(new Set(), T0 + RECHECK, RECHECK, MAX_WAIT);
    expect(ledger.readyRecords()).toEqual([
      { kind: 'conversation', id: 'c1' },
      { kind: 'conversation', id: 'c2' },
      { kind: 'consumer', id: 'p1' },
    ]);
  });

  it('tells the same id of two kinds apart', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('x'), { kind: 'engagement', id: 'x', active: false }], T0, RECHECK);
    expect(ledger.counts().discovered).toBe(2);
  });

  it('schedules a re-check of open records one recheck interval after discovery', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1', true)], T0, RECHECK);
    expect(ledger.activeCheckDue(T0 + RECHECK - 1)).toBe(false);
    expect(ledger.activeCheckDue(T0 + RECHECK)).toBe(true);
    expect(ledger.nextWakeAt()).toBe(T0 + RECHECK);
  });

  it('has nothing to wake for when everything found is ready', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1')], T0, RECHECK);
    expect(ledger.activeCheckDue(T0 + 10 * RECHECK)).toBe(false);
    expect(ledger.nextWakeAt()).toBeUndefined();
    expect(ledger.isSettled()).toBe(false);
  });
});

describe('PlatformLedger: submission and verification', () => {
  it('moves submitted records out of ready and schedules verifications verifyAfterMs after sending', () => {
    const ledger = submitted(['c1', 'c2']);
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.counts().submitted).toBe(2);
    expect(ledger.hasSubmissions()).toBe(true);
    expect(ledger.nextWakeAt()).toBe(T0 + 100);
    expect(ledger.dueSubmissions(T0 + 99)).toEqual([]);
    expect(ledger.dueSubmissions(T0 + 100)).toEqual([
      { requestId: 'req-1', kind: 'conversation', ids: ['c1', 'c2'] },
    ]);
    expect(ledger.openSubmissions().map((s) => s.requestId)).toEqual(['req-1']);
  });

  it("knows a request's receipt and a refusal it has recorded (a governor's answer may come twice)", () => {
    const ledger = submitted(['c1', 'c2']);
    expect(ledger.hasReceipt('req-1', 'conversation')).toBe(true);
    expect(ledger.hasReceipt('req-1', 'consumer')).toBe(false);
    expect(ledger.hasReceipt('req-2', 'conversation')).toBe(false);
    ledger.addRecords([conv('c3'), conv('c4')], T0, RECHECK);
    const refusal = { kind: 'conversation' as const, ids: ['c3', 'c4'], errorType: 'Rejected' };
    expect(ledger.hasFailedBatch(refusal)).toBe(false);
    ledger.recordFailedBatch({ ...refusal, message: 'refused' }, T0);
    expect(ledger.hasFailedBatch(refusal)).toBe(true);
    expect(ledger.hasFailedBatch({ ...refusal, ids: ['c3'] })).toBe(false);
    expect(ledger.hasFailedBatch({ ...refusal, errorType: 'Other' })).toBe(false);
  });

  it('moves to the next scheduled check after each verification', () => {
    const ledger = submitted(['c1']);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 100);
    expect(ledger.dueSubmissions(T0 + 299)).toEqual([]);
    expect(ledger.dueSubmissions(T0 + 300).map((r) => r.requestId)).toEqual(['req-1']);
    expect(ledger.nextWakeAt()).toBe(T0 + 300);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 300);
    expect(ledger.nextWakeAt()).toBe(T0 + 700);
  });

  it('confirms absent ids and only offers the still-present ones for the next check', () => {
    const ledger = submitted(['c1', 'c2', 'c3']);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c2']), T0 + 100);
    expect(ledger.counts()).toMatchObject({ discovered: 3, submitted: 1, confirmed: 2, remaining: 1 });
    expect(ledger.dueSubmissions(T0 + 300)).toEqual([
      { requestId: 'req-1', kind: 'conversation', ids: ['c2'] },
    ]);
    const result = ledger.result();
    expect(result.erased).toEqual({ conversation: ['c1', 'c3'] });
    expect(result.requests[0]?.verifications).toEqual([
      { at: iso(T0 + 100), requestStatus: 'IN_PROGRESS', present: 1, confirmed: 2 },
    ]);
    expect(result.requests[0]?.closedAt).toBeUndefined();
  });

  it('closes the submission once every id is confirmed and settles', () => {
    const ledger = submitted(['c1', 'c2']);
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    expect(ledger.counts()).toEqual({
      discovered: 2,
      active: 0,
      held: 0,
      queued: 0,
      submitted: 0,
      confirmed: 2,
      remaining: 0,
      failed: 0,
    });
    expect(ledger.openSubmissions()).toEqual([]);
    expect(ledger.dueSubmissions(T0 + 10_000)).toEqual([]);
    expect(ledger.nextWakeAt()).toBeUndefined();
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.result().requests[0]?.closedAt).toBe(iso(T0 + 100));
  });

  it('makes ids still present after DONE ready again for re-submission and closes the submission', () => {
    const ledger = submitted(['c1', 'c2']);
    ledger.applyVerification('req-1', 'DONE', new Set(['c2']), T0 + 100);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c2' }]);
    expect(ledger.openSubmissions()).toEqual([]);
    expect(ledger.result().requests[0]?.closedAt).toBe(iso(T0 + 100));
    expect(ledger.isSettled()).toBe(false);

    // The re-submission is tracked as its own request and can be confirmed.
    ledger.recordSubmission({ requestId: 'req-2', kind: 'conversation', ids: ['c2'] }, T0 + 200, TIMING);
    expect(ledger.dueSubmissions(T0 + 300).map((r) => r.requestId)).toEqual(['req-2']);
    ledger.applyVerification('req-2', 'DONE', new Set(), T0 + 300);
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.counts().confirmed).toBe(2);
    expect(ledger.allSubmissions().map((s) => s.requestId)).toEqual(['req-1', 'req-2']);
  });

  it('treats CANCELED like DONE: present ids are re-submitted', () => {
    const ledger = submitted(['c1']);
    ledger.applyVerification('req-1', 'CANCELED', new Set(['c1']), T0 + 100);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c1' }]);
  });

  it('keeps a request with ids still present after its last scheduled check open, as overdue', () => {
    const ledger = submitted(['c1', 'c2']);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1', 'c2']), T0 + 100);
    ledger.applyVerification('req-1', 'NOT_STARTED', new Set(['c1', 'c2']), T0 + 300);
    expect(ledger.isOverdue()).toBe(false);
    expect(ledger.isSettled()).toBe(false);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 700);

    expect(ledger.isOverdue()).toBe(true);
    const result = ledger.result();
    expect(result.stillPresent).toEqual([]);
    expect(result.erased).toEqual({ conversation: ['c2'] });
    expect(result.requests[0]?.verifications).toHaveLength(3);
    expect(result.requests[0]?.closedAt).toBeUndefined();
    expect(ledger.openSubmissions().map((s) => s.requestId)).toEqual(['req-1']);
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.isSettled()).toBe(false);
    expect(ledger.counts()).toMatchObject({ confirmed: 1, submitted: 1, remaining: 1 });
    expect(ledger.nextWakeAt()).toBe(T0 + 700 + OVERDUE);
  });

  it('re-checks an overdue request overdueRecheckMs after each check, until it is settled', () => {
    const ledger = submitted(['c1', 'c2']);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1', 'c2']), T0 + t);
    const first = T0 + 700 + OVERDUE;
    expect(ledger.dueSubmissions(first - 1)).toEqual([]);
    expect(ledger.dueSubmissions(first)).toEqual([
      { requestId: 'req-1', kind: 'conversation', ids: ['c1', 'c2'] },
    ]);

    // Checked late: the next re-check counts from when the check really happened.
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), first + 50);
    expect(ledger.isOverdue()).toBe(true);
    expect(ledger.nextWakeAt()).toBe(first + 50 + OVERDUE);
    expect(ledger.dueSubmissions(first + 50 + OVERDUE)).toEqual([
      { requestId: 'req-1', kind: 'conversation', ids: ['c1'] },
    ]);

    ledger.applyVerification('req-1', 'DONE', new Set(), first + 50 + OVERDUE);
    expect(ledger.isOverdue()).toBe(false);
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.nextWakeAt()).toBeUndefined();
    const request = ledger.result().requests[0];
    expect(request?.verifications).toHaveLength(5);
    expect(request?.closedAt).toBe(iso(first + 50 + OVERDUE));
    expect(ledger.result().erased).toEqual({ conversation: ['c1', 'c2'] });
    expect(ledger.result().stillPresent).toEqual([]);
  });

  it('makes ids still present when an overdue request is finally DONE ready for re-submission', () => {
    const ledger = submitted(['c1']);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + t);
    expect(ledger.isOverdue()).toBe(true);
    ledger.applyVerification('req-1', 'DONE', new Set(['c1']), T0 + 700 + OVERDUE);
    expect(ledger.isOverdue()).toBe(false);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(ledger.openSubmissions()).toEqual([]);
  });

  it('is not overdue while scheduled checks remain, or once the request is closed', () => {
    const ledger = submitted(['c1']);
    expect(ledger.isOverdue()).toBe(false);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 100);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 300);
    expect(ledger.isOverdue()).toBe(false);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(), T0 + 700);
    expect(ledger.isOverdue()).toBe(false);
    expect(new PlatformLedger().isOverdue()).toBe(false);
  });

  it('is overdue when any one open request is', () => {
    const ledger = submitted(['c1']);
    ledger.addRecords([conv('c2')], T0, RECHECK);
    ledger.recordSubmission({ requestId: 'req-2', kind: 'conversation', ids: ['c2'] }, T0 + 500, TIMING);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + t);
    expect(ledger.isOverdue()).toBe(true);
    // req-2's next scheduled check (T0 + 600) comes before req-1's overdue re-check.
    expect(ledger.nextWakeAt()).toBe(T0 + 600);
  });

  it('ignores verifications of unknown or already closed requests', () => {
    const ledger = submitted(['c1']);
    ledger.applyVerification('nope', 'DONE', new Set(), T0 + 100);
    expect(ledger.counts().confirmed).toBe(0);
    ledger.applyVerification('req-1', 'DONE', new Set(['c1']), T0 + 100);
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 300);
    expect(ledger.counts().confirmed).toBe(0);
    expect(ledger.result().requests[0]?.verifications).toHaveLength(1);
  });
});

describe('PlatformLedger: open records', () => {
  it('makes records that closed ready and stops re-checking when none are open', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1', true), conv('c2', true)], T0, RECHECK);
    ledger.applyActiveCheck(new Set(['c2']), T0 + RECHECK, RECHECK, MAX_WAIT);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(ledger.activeRecords()).toEqual([{ kind: 'conversation', id: 'c2' }]);
    expect(ledger.nextWakeAt()).toBe(T0 + 2 * RECHECK);

    ledger.applyActiveCheck(new Set(), T0 + 2 * RECHECK, RECHECK, MAX_WAIT);
    expect(ledger.activeRecords()).toEqual([]);
    expect(ledger.activeCheckDue(T0 + 100 * RECHECK)).toBe(false);
  });

  it('gives up on records open past the maximum wait and reports them as still active', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1', true)], T0, RECHECK);
    ledger.applyActiveCheck(new Set(['c1']), T0 + MAX_WAIT - 1, RECHECK, MAX_WAIT);
    expect(ledger.activeRecords()).toHaveLength(1);
    ledger.applyActiveCheck(new Set(['c1']), T0 + MAX_WAIT, RECHECK, MAX_WAIT);
    expect(ledger.activeRecords()).toEqual([]);
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.result().stillActive).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(ledger.counts()).toMatchObject({ discovered: 1, active: 0, confirmed: 0, remaining: 1 });
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.nextWakeAt()).toBeUndefined();
  });

  it('counts the maximum wait from when each record was first seen active', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('old', true)], T0, RECHECK);
    ledger.addRecords([conv('new', true)], T0 + 3000, RECHECK);
    ledger.applyActiveCheck(new Set(['old', 'new']), T0 + MAX_WAIT, RECHECK, MAX_WAIT);
    expect(ledger.result().stillActive).toEqual([{ kind: 'conversation', id: 'old' }]);
    expect(ledger.activeRecords()).toEqual([{ kind: 'conversation', id: 'new' }]);
  });
});

describe('PlatformLedger: failed batches', () => {
  it('reports a refused batch and counts its records as failed', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1'), conv('c2'), conv('c3')], T0, RECHECK);
    const ids = ['c1', 'c2'];
    ledger.recordFailedBatch(
      { kind: 'conversation', ids, errorType: 'PlatformRejected', message: 'bad ids' },
      T0 + 5,
    );
    ids.push('mutated-after');
    expect(ledger.result().failedBatches).toEqual([
      {
        kind: 'conversation',
        ids: ['c1', 'c2'],
        errorType: 'PlatformRejected',
        message: 'bad ids',
        at: iso(T0 + 5),
      },
    ]);
    expect(ledger.counts()).toMatchObject({ discovered: 3, failed: 2, remaining: 3 });
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c3' }]);
  });
});

describe('PlatformLedger: quota pause and wake-up', () => {
  it('refuses submissions until the pause ends, then clears it', () => {
    const ledger = new PlatformLedger();
    ledger.pauseSubmissionsUntil(T0 + 1000);
    expect(ledger.pausedUntil).toBe(T0 + 1000);
    expect(ledger.canSubmit(T0)).toBe(false);
    expect(ledger.canSubmit(T0 + 999)).toBe(false);
    expect(ledger.pausedUntil).toBe(T0 + 1000);
    expect(ledger.canSubmit(T0 + 1000)).toBe(true);
    expect(ledger.pausedUntil).toBeUndefined();
    expect(ledger.canSubmit(T0)).toBe(true);
  });

  it('wakes for the end of the pause only when records are waiting to be sent', () => {
    const idle = new PlatformLedger();
    idle.pauseSubmissionsUntil(T0 + 1000);
    expect(idle.nextWakeAt()).toBeUndefined();

    const waiting = new PlatformLedger();
    waiting.addRecords([conv('c1')], T0, RECHECK);
    waiting.pauseSubmissionsUntil(T0 + 50_000);
    expect(waiting.nextWakeAt()).toBe(T0 + 50_000);
  });

  it('wakes at the earliest of verification, re-check and pause end', () => {
    const ledger = submitted(['c1']); // verification due at T0 + 100
    ledger.addRecords([conv('c2', true), conv('c3')], T0, 50); // re-check at T0 + 50
    ledger.pauseSubmissionsUntil(T0 + 20); // c3 is ready
    expect(ledger.nextWakeAt()).toBe(T0 + 20);
    expect(ledger.canSubmit(T0 + 20)).toBe(true);
    expect(ledger.nextWakeAt()).toBe(T0 + 50);
  });
});

describe('PlatformLedger: settlement and counts', () => {
  it('is settled only with nothing ready, open or awaiting verification', () => {
    const empty = new PlatformLedger();
    expect(empty.isSettled()).toBe(true);
    expect(empty.hasSubmissions()).toBe(false);

    const open = new PlatformLedger();
    open.addRecords([conv('c1', true)], T0, RECHECK);
    expect(open.isSettled()).toBe(false);

    const awaiting = submitted(['c1']);
    expect(awaiting.isSettled()).toBe(false);
  });

  it('keeps remaining = discovered − confirmed through a whole life cycle', () => {
    const ledger = new PlatformLedger();
    const check = () => {
      const c = ledger.counts();
      expect(c.remaining).toBe(c.discovered - c.confirmed);
    };
    ledger.addRecords([conv('a'), conv('b'), conv('c', true), conv('d')], T0, RECHECK);
    check();
    ledger.recordSubmission({ requestId: 'r1', kind: 'conversation', ids: ['a', 'b'] }, T0, TIMING);
    ledger.recordFailedBatch(
      { kind: 'conversation', ids: ['d'], errorType: 'PlatformRejected', message: 'x' },
      T0,
    );
    check();
    ledger.applyVerification('r1', 'IN_PROGRESS', new Set(['b']), T0 + 100);
    check();
    ledger.applyActiveCheck(new Set(), T0 + RECHECK, RECHECK, MAX_WAIT);
    check();
    expect(ledger.counts()).toEqual({
      discovered: 4,
      active: 0,
      held: 0,
      queued: 0,
      submitted: 1,
      confirmed: 1,
      remaining: 3,
      failed: 1,
    });
  });

  it('returns result snapshots that later changes do not alter', () => {
    const ledger = submitted(['c1']);
    const before = ledger.result();
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    expect(before.requests[0]?.verifications).toEqual([]);
    expect(before.erased).toEqual({});
    expect(ledger.result().requests[0]?.submittedAt).toBe(iso(T0));
  });
});

describe('PlatformLedger: withdrawal for a legal hold', () => {
  it('puts the still-submitted ids back to ready and closes the request with the note', () => {
    const ledger = submitted(['c1', 'c2', 'c3']);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c2', 'c3']), T0 + 100);
    ledger.recordWithdrawal('req-1', T0 + 150, 'withdrawn for legal hold LH-7');

    expect(ledger.readyRecords()).toEqual([
      { kind: 'conversation', id: 'c2' },
      { kind: 'conversation', id: 'c3' },
    ]);
    expect(ledger.counts()).toMatchObject({ discovered: 3, submitted: 0, confirmed: 1, remaining: 2 });
    expect(ledger.openSubmissions()).toEqual([]);
    expect(ledger.dueSubmissions(T0 + 10_000)).toEqual([]);
    const request = ledger.result().requests[0];
    expect(request?.closedAt).toBe(iso(T0 + 150));
    expect(request?.note).toBe('withdrawn for legal hold LH-7');
    expect(request?.verifications).toHaveLength(1);
    expect(ledger.result().erased).toEqual({ conversation: ['c1'] });
    // Not settled: the ready ids wait to be sent again once the hold is released.
    expect(ledger.isSettled()).toBe(false);
    expect(ledger.nextWakeAt()).toBeUndefined();
  });

  it('withdraws an overdue request too, ending its overdue state', () => {
    const ledger = submitted(['c1']);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + t);
    ledger.recordWithdrawal('req-1', T0 + 800, 'hold');
    expect(ledger.isOverdue()).toBe(false);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c1' }]);
  });

  it('leaves requests without a note unannotated', () => {
    const ledger = submitted(['c1']);
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    expect('note' in (ledger.result().requests[0] ?? {})).toBe(false);
  });

  it('does nothing for an unknown request', () => {
    const ledger = submitted(['c1']);
    const before = ledger.result();
    ledger.recordWithdrawal('nope', T0 + 50, 'hold');
    expect(ledger.result()).toEqual(before);
    expect(ledger.counts().submitted).toBe(1);
    expect(ledger.openSubmissions().map((r) => r.requestId)).toEqual(['req-1']);
  });

  it('does nothing for a request already closed', () => {
    const confirmed = submitted(['c1']);
    confirmed.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    confirmed.recordWithdrawal('req-1', T0 + 200, 'hold');
    expect(confirmed.result().requests[0]?.closedAt).toBe(iso(T0 + 100));
    expect(confirmed.result().requests[0]?.note).toBeUndefined();
    expect(confirmed.counts()).toMatchObject({ confirmed: 1, submitted: 0 });
    expect(confirmed.readyRecords()).toEqual([]);

    // Closed for re-submission, its id already sent again in req-2: withdrawing req-1 must not touch it.
    const resent = submitted(['c1']);
    resent.applyVerification('req-1', 'DONE', new Set(['c1']), T0 + 100);
    resent.recordSubmission({ requestId: 'req-2', kind: 'conversation', ids: ['c1'] }, T0 + 150, TIMING);
    resent.recordWithdrawal('req-1', T0 + 200, 'hold');
    expect(resent.counts().submitted).toBe(1);
    expect(resent.readyRecords()).toEqual([]);
    expect(resent.openSubmissions().map((r) => r.requestId)).toEqual(['req-2']);
    expect(resent.result().requests[0]?.note).toBeUndefined();
  });
});

describe('PlatformLedger: the hard stop', () => {
  /** One of everything: confirmed, submitted, ready, a held-back consumer, open, failed; a quota pause. */
  function mixed(): PlatformLedger {
    const ledger = new PlatformLedger();
    ledger.addRecords(
      [
        conv('sent'),
        conv('gone'),
        conv('unsent'),
        conv('open', true),
        { kind: 'consumer', id: 'p1', active: false },
        conv('bad'),
      ],
      T0,
      RECHECK,
    );
    ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['sent', 'gone'] }, T0, TIMING);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['sent']), T0 + 100);
    ledger.recordFailedBatch(
      { kind: 'conversation', ids: ['bad'], errorType: 'PlatformRejected', message: 'no' },
      T0 + 10,
    );
    ledger.pauseSubmissionsUntil(T0 + 50_000);
    return ledger;
  }

  it('reports submitted and unsent records remaining, open ones still active, and keeps the rest', () => {
    const ledger = mixed();
    ledger.stop(T0 + 500);
    const result = ledger.result();
    // The refused one too: found and not erased (its batch is also listed with the platform's error).
    expect(result.stillPresent).toEqual([
      { kind: 'conversation', id: 'sent' },
      { kind: 'conversation', id: 'unsent' },
      { kind: 'consumer', id: 'p1' },
      { kind: 'conversation', id: 'bad' },
    ]);
    expect(result.stillActive).toEqual([{ kind: 'conversation', id: 'open' }]);
    expect(result.erased).toEqual({ conversation: ['gone'] });
    expect(result.failedBatches.map((b) => b.ids)).toEqual([['bad']]);
    expect(ledger.counts()).toEqual({
      discovered: 6,
      active: 0,
      held: 0,
      queued: 0,
      submitted: 0,
      confirmed: 1,
      remaining: 5,
      failed: 1,
    });
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.unsentRecords()).toEqual([]);
    expect(ledger.activeRecords()).toEqual([]);
  });

  it('closes open requests at the stop and leaves the ledger settled with nothing to wake for', () => {
    const ledger = mixed();
    ledger.stop(T0 + 500);
    expect(ledger.result().requests[0]?.closedAt).toBe(iso(T0 + 500));
    expect(ledger.openSubmissions()).toEqual([]);
    expect(ledger.dueSubmissions(T0 + 1_000_000)).toEqual([]);
    expect(ledger.activeCheckDue(T0 + 1_000_000)).toBe(false);
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.nextWakeAt()).toBeUndefined();
    expect(ledger.isOverdue()).toBe(false);
    // A late verification of a stopped request changes nothing.
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 600);
    expect(ledger.result().stillPresent).toHaveLength(4); // sent, unsent and the profile; the refused one
    expect(ledger.result().requests[0]?.verifications).toHaveLength(1);
  });

  it('ends an overdue request, naming its ids remaining', () => {
    const ledger = submitted(['c1', 'c2']);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + t);
    expect(ledger.isOverdue()).toBe(true);
    ledger.stop(T0 + 9000);
    expect(ledger.isOverdue()).toBe(false);
    expect(ledger.result().stillPresent).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(ledger.result().requests[0]?.closedAt).toBe(iso(T0 + 9000));
    expect(ledger.nextWakeAt()).toBeUndefined();
  });

  it('keeps the closing time of requests that were already closed', () => {
    const ledger = submitted(['c1']);
    ledger.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    ledger.stop(T0 + 500);
    expect(ledger.result().requests[0]?.closedAt).toBe(iso(T0 + 100));
    expect(ledger.result().stillPresent).toEqual([]);
    expect(ledger.result().erased).toEqual({ conversation: ['c1'] });
  });
});

describe('PlatformLedger: expected completion', () => {
  it('is now when nothing is left to send, wait for or verify', () => {
    expect(new PlatformLedger().expectedCompletionAt(T0 + 5, ESTIMATE)).toBe(T0 + 5);
    const done = submitted(['c1']);
    done.applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    expect(done.expectedCompletionAt(T0 + 200, ESTIMATE)).toBe(T0 + 200);
  });

  it('is the last scheduled check of an open request', () => {
    const ledger = submitted(['c1']);
    expect(ledger.expectedCompletionAt(T0 + 50, ESTIMATE)).toBe(T0 + 700);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 100);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 300);
    expect(ledger.expectedCompletionAt(T0 + 300, ESTIMATE)).toBe(T0 + 700);
  });

  it('gives records still to be sent a full window from now', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1')], T0, RECHECK);
    expect(ledger.expectedCompletionAt(T0 + 40, ESTIMATE)).toBe(T0 + 40 + WINDOW);
  });

  it('gives open records a full window after their next re-check', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1', true)], T0, RECHECK);
    expect(ledger.expectedCompletionAt(T0, ESTIMATE)).toBe(T0 + RECHECK + WINDOW);
    ledger.applyActiveCheck(new Set(['c1']), T0 + RECHECK, RECHECK, MAX_WAIT);
    expect(ledger.expectedCompletionAt(T0 + RECHECK, ESTIMATE)).toBe(T0 + 2 * RECHECK + WINDOW);
  });

  it('is the latest of everything outstanding', () => {
    const ledger = submitted(['c1']); // last check at T0 + 700
    ledger.addRecords([conv('c2')], T0, RECHECK); // ready: now + 700
    expect(ledger.expectedCompletionAt(T0 + 10, ESTIMATE)).toBe(T0 + 10 + WINDOW);
    ledger.addRecords([conv('c3', true)], T0, RECHECK); // open: T0 + 1000 + 700
    expect(ledger.expectedCompletionAt(T0 + 10, ESTIMATE)).toBe(T0 + RECHECK + WINDOW);
    // Once c2 is sent (later), its request's last check outlasts the open record's window.
    ledger.recordSubmission({ requestId: 'req-2', kind: 'conversation', ids: ['c2'] }, T0 + 1500, TIMING);
    expect(ledger.expectedCompletionAt(T0 + 1500, ESTIMATE)).toBe(T0 + 1500 + WINDOW);
    // A re-check already due happens no earlier than now, so the open record's window starts now.
    expect(ledger.expectedCompletionAt(T0 + 1600, ESTIMATE)).toBe(T0 + 1600 + WINDOW);
  });

  it('starts the window of records still to be sent when their quota pause ends, not now', () => {
    // The workflow pauses until the next calendar month when the platform's monthly quota is spent:
    // nothing can be sent before then, so nothing can be verified gone before then + the window.
    const ledger = new PlatformLedger();
    ledger.addRecords([conv('c1')], T0, RECHECK);
    ledger.pauseSubmissionsUntil(T0 + 5000);
    expect(ledger.expectedCompletionAt(T0, ESTIMATE)).toBe(T0 + 5000 + WINDOW);
  });

  it('has no estimate while a request is overdue, whatever else is outstanding', () => {
    const ledger = submitted(['c1']);
    ledger.addRecords([conv('c2'), conv('c3', true)], T0, RECHECK);
    for (const t of [100, 300, 700])
      ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + t);
    expect(ledger.expectedCompletionAt(T0 + 800, ESTIMATE)).toBeUndefined();
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(), T0 + 700 + OVERDUE);
    expect(ledger.expectedCompletionAt(T0 + 700 + OVERDUE, ESTIMATE)).toBe(T0 + 700 + OVERDUE + WINDOW);
  });
});

describe('PlatformLedger: unsent records and batches tried', () => {
  it('lists a consumer profile held back for an open conversation as unsent, though not ready', () => {
    const ledger = new PlatformLedger();
    ledger.addRecords(
      [conv('c1', true), conv('c2'), { kind: 'consumer', id: 'p1', active: false }],
      T0,
      RECHECK,
    );
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c2' }]);
    expect(ledger.unsentRecords()).toEqual([
      { kind: 'conversation', id: 'c2' },
      { kind: 'consumer', id: 'p1' },
    ]);
    ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c2'] }, T0, TIMING);
    expect(ledger.unsentRecords()).toEqual([{ kind: 'consumer', id: 'p1' }]);
  });

  it('leaves open, submitted, confirmed and failed records out of the unsent ones', () => {
    const ledger = submitted(['c1', 'c2']);
    ledger.addRecords([conv('open', true), conv('bad'), conv('new')], T0, RECHECK);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c2']), T0 + 100);
    ledger.recordFailedBatch({ kind: 'conversation', ids: ['bad'], errorType: 'X', message: 'x' }, T0);
    expect(ledger.unsentRecords()).toEqual([{ kind: 'conversation', id: 'new' }]);
  });

  it('counts every submission and every refused batch, whatever became of them', () => {
    const ledger = new PlatformLedger();
    expect(ledger.batchesTried).toBe(0);
    ledger.addRecords([conv('c1'), conv('c2'), conv('c3')], T0, RECHECK);
    ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c1'] }, T0, TIMING);
    expect(ledger.batchesTried).toBe(1);
    ledger.recordFailedBatch({ kind: 'conversation', ids: ['c2'], errorType: 'X', message: 'x' }, T0);
    expect(ledger.batchesTried).toBe(2);
    ledger.applyVerification('req-1', 'DONE', new Set(['c1']), T0 + 100);
    ledger.recordSubmission(
      { requestId: 'req-2', kind: 'conversation', ids: ['c1', 'c3'] },
      T0 + 200,
      TIMING,
    );
    ledger.recordWithdrawal('req-2', T0 + 250, 'hold');
    expect(ledger.batchesTried).toBe(3);
    ledger.stop(T0 + 300);
    expect(ledger.batchesTried).toBe(3);
  });
});

describe('PlatformLedger: bookkeeping under any sequence of events', () => {
  const KINDS = ['conversation', 'engagement', 'consumer'] as const;
  const STATUSES = ['NOT_STARTED', 'IN_PROGRESS', 'DONE', 'CANCELED', 'UNKNOWN'] as const;
  const idArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const opArb = fc.oneof(
    fc.record({
      op: fc.constant('add' as const),
      records: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), id: idArb, active: fc.boolean() }), {
        maxLength: 4,
      }),
    }),
    fc.record({ op: fc.constant('submit' as const), n: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ op: fc.constant('fail' as const), n: fc.integer({ min: 1, max: 2 }) }),
    fc.record({
      op: fc.constant('verify' as const),
      status: fc.constantFrom(...STATUSES),
      present: fc.array(idArb, { maxLength: 6 }),
    }),
    fc.record({ op: fc.constant('activeCheck' as const), still: fc.array(idArb, { maxLength: 6 }) }),
    fc.record({ op: fc.constant('withdraw' as const), pick: fc.nat(20) }),
    fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 1, max: 3000 }) }),
  );

  function checkInvariants(ledger: PlatformLedger, now: number): void {
    const c = ledger.counts();
    const result = ledger.result();
    const unsent = ledger.unsentRecords();
    const open = ledger.dueSubmissions(Number.MAX_SAFE_INTEGER);
    expect(c.remaining).toBe(c.discovered - c.confirmed);
    expect(c.active).toBe(ledger.activeRecords().length);
    // Every record is in exactly one state.
    expect(
      c.active +
        c.submitted +
        c.confirmed +
        c.failed +
        unsent.length +
        // Refused records are named still present too, and counted failed: once.
        result.stillPresent.length -
        c.failed +
        result.stillActive.length,
    ).toBe(c.discovered);
    // Every submitted record belongs to exactly one open request.
    expect(open.reduce((n, r) => n + r.ids.length, 0)).toBe(c.submitted);
    expect(open.map((r) => r.requestId)).toEqual(ledger.openSubmissions().map((r) => r.requestId));
    expect(Object.values(result.erased).reduce((n, ids) => n + (ids?.length ?? 0), 0)).toBe(c.confirmed);
    expect(ledger.isSettled()).toBe(unsent.length === 0 && c.active === 0 && open.length === 0);
    if (open.length > 0 || c.active > 0) expect(ledger.nextWakeAt()).toBeDefined();
    const expected = ledger.expectedCompletionAt(now, ESTIMATE);
    // (It may lie in the past when checks run late; ErasureState never reports it before now.)
    // No estimate while overdue or once records were given up on (remaining, still active).
    const givenUp = result.stillPresent.length - c.failed > 0 || result.stillActive.length > 0;
    if (ledger.isOverdue() || givenUp) expect(expected).toBeUndefined();
    else expect(expected).toBeTypeOf('number');
  }

  it('keeps every record in one state, counts consistent, and ends settled at the hard stop', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const ledger = new PlatformLedger();
        let now = T0;
        let sent = 0;
        for (const step of ops) {
          switch (step.op) {
            case 'add':
              ledger.addRecords(step.records, now, RECHECK);
              break;
            case 'submit': {
              const ready = ledger.readyRecords();
              const kind = ready[0]?.kind;
              if (kind === undefined) break;
              const ids = ready
                .filter((r) => r.kind === kind)
                .map((r) => r.id)
                .slice(0, step.n);
              sent += 1;
              ledger.recordSubmission({ requestId: `req-${sent}`, kind, ids }, now, TIMING);
              break;
            }
            case 'fail': {
              const ready = ledger.readyRecords();
              const kind = ready[0]?.kind;
              if (kind === undefined) break;
              const ids = ready
                .filter((r) => r.kind === kind)
                .map((r) => r.id)
                .slice(0, step.n);
              ledger.recordFailedBatch({ kind, ids, errorType: 'PlatformRejected', message: 'no' }, now);
              break;
            }
            case 'verify':
              for (const due of ledger.dueSubmissions(now))
                ledger.applyVerification(due.requestId, step.status, new Set(step.present), now);
              break;
            case 'activeCheck':
              if (ledger.activeCheckDue(now))
                ledger.applyActiveCheck(new Set(step.still), now, RECHECK, MAX_WAIT);
              break;
            case 'withdraw': {
              const all = ledger.allSubmissions();
              const target = all[step.pick % Math.max(1, all.length)];
              if (target) ledger.recordWithdrawal(target.requestId, now, 'hold');
              break;
            }
            case 'wait':
              now += step.ms;
              break;
          }
          checkInvariants(ledger, now);
        }
        expect(ledger.batchesTried).toBe(sent + ledger.result().failedBatches.length);
        ledger.stop(now);
        checkInvariants(ledger, now);
        expect(ledger.isSettled()).toBe(true);
        expect(ledger.nextWakeAt()).toBeUndefined();
        // Nothing left: done now; anything given up on: no completion to promise.
        const left = ledger.result().stillPresent.length - ledger.counts().failed;
        const givenUp = left + ledger.result().stillActive.length > 0;
        expect(ledger.expectedCompletionAt(now, ESTIMATE)).toBe(givenUp ? undefined : now);
        expect(ledger.counts()).toMatchObject({ active: 0, submitted: 0 });
      }),
      { numRuns: 300 },
    );
  });
});

describe('compact snapshot', () => {
  it('lists each id once, grouped by kind and status, and restores every record exactly', () => {
    const ledger = new PlatformLedger();
    const many = Array.from({ length: 500 }, (_, i) => ({
      kind: 'conversation' as const,
      id: `c${i}`,
      active: i % 50 === 0,
    }));
    ledger.addRecords(many, 1_000, 100);
    const snapshot = ledger.snapshot();
    const ids = Object.values(snapshot.records.conversation ?? {}).flat();
    expect(ids).toHaveLength(500);
    expect(new Set(ids).size).toBe(500);
    expect(Object.keys(snapshot.activeSince)).toHaveLength(10);
    const restored = PlatformLedger.restore(snapshot);
    expect(restored.counts()).toEqual(ledger.counts());
    expect(restored.activeRecords()).toEqual(ledger.activeRecords());
    restored.applyActiveCheck(new Set(), 1_000 + 100, 100, 10_000);
    expect(restored.activeRecords()).toEqual([]);
  });
});

describe('PlatformLedger: records the platform holds (a legal hold of its own)', () => {
  const held = (id: string): PlatformRecord => ({
    kind: 'recording',
    id,
    active: false,
    heldReason: 'recording under legal hold',
  });

  it('keeps a held record out of submissions, re-checks it, and reports it with its reason', () => {
    const ledger = new PlatformLedger(['externalContact']);
    ledger.addRecords([held('r1'), conv('c1')], T0, RECHECK);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(ledger.blockedRecords()).toEqual([{ kind: 'recording', id: 'r1' }]);
    expect(ledger.nextWakeAt()).toBe(T0 + RECHECK);
    expect(ledger.counts().held).toBe(1);
    expect(ledger.isSettled()).toBe(false);
    expect(ledger.expectedCompletionAt(T0, ESTIMATE)).toBeUndefined();
    expect(ledger.result().held).toEqual([
      { kind: 'recording', id: 'r1', reason: 'recording under legal hold', since: iso(T0) },
    ]);
  });

  it('waits out the hold past the maximum wait for open conversations, then sends the record', () => {
    const ledger = new PlatformLedger(['externalContact']);
    ledger.addRecords([held('r1')], T0, RECHECK);
    ledger.applyActiveCheck(new Set(['r1']), T0 + MAX_WAIT * 3, RECHECK, MAX_WAIT);
    expect(ledger.counts().held).toBe(1);
    expect(ledger.result().stillActive).toEqual([]);
    ledger.applyActiveCheck(new Set(), T0 + MAX_WAIT * 4, RECHECK, MAX_WAIT);
    expect(ledger.readyRecords()).toEqual([{ kind: 'recording', id: 'r1' }]);
    expect(ledger.heldRecords()).toEqual([]);
    // The evidence keeps the hold, and when the platform let go of it.
    expect(ledger.result().held).toEqual([
      {
        kind: 'recording',
        id: 'r1',
        reason: 'recording under legal hold',
        since: iso(T0),
        releasedAt: iso(T0 + MAX_WAIT * 4),
      },
    ]);
    expect(ledger.nextWakeAt()).toBeUndefined();
  });

  it('still names a held record at the hard stop, and carries it across a snapshot', () => {
    const ledger = new PlatformLedger(['externalContact']);
    ledger.addRecords([held('r1')], T0, RECHECK);
    const restored = PlatformLedger.restore(ledger.snapshot(), ['externalContact']);
    restored.stop(T0 + 10);
    expect(restored.result().held).toEqual([
      { kind: 'recording', id: 'r1', reason: 'recording under legal hold', since: iso(T0) },
    ]);
    expect(restored.isSettled()).toBe(false);
  });
});

describe('PlatformLedger: platform rules and failures', () => {
  it("holds back the platform's profile kinds (Genesys' external contact) while a conversation is open", () => {
    const ledger = new PlatformLedger(['externalContact']);
    ledger.addRecords(
      [
        conv('c1', true),
        { kind: 'externalContact', id: 'x1', active: false },
        { kind: 'consumer', id: 'k', active: false },
      ],
      T0,
      RECHECK,
    );
    expect(ledger.readyRecords()).toEqual([{ kind: 'consumer', id: 'k' }]);
    ledger.applyActiveCheck(new Set(), T0 + RECHECK, RECHECK, MAX_WAIT);
    expect(ledger.readyRecords()).toContainEqual({ kind: 'externalContact', id: 'x1' });
  });

  it('treats a request the platform ended in error (FAILED) like DONE: what is still there is sent again', () => {
    const ledger = submitted(['a', 'b']);
    ledger.applyVerification('req-1', 'FAILED', new Set(['b']), T0 + 100);
    expect(ledger.readyRecords()).toEqual([{ kind: 'conversation', id: 'b' }]);
    expect(ledger.counts().confirmed).toBe(1);
    expect(ledger.openSubmissions()).toEqual([]);
  });

  it('keeps a request with an unknown status (no status endpoint) open until looking shows it done', () => {
    const ledger = submitted(['a']);
    ledger.applyVerification('req-1', 'UNKNOWN', new Set(['a']), T0 + 100);
    expect(ledger.openSubmissions()).toHaveLength(1);
    ledger.applyVerification('req-1', 'UNKNOWN', new Set(), T0 + 300);
    expect(ledger.isSettled()).toBe(true);
  });

  it('marks a failed platform: unconfirmed records remaining, open requests closed with a note, settled', () => {
    const ledger = submitted(['a', 'b']);
    ledger.addRecords([conv('open', true), conv('c')], T0, RECHECK);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['b']), T0 + 100);
    ledger.markFailed(
      { type: 'ProtocolError', message: 'genesys getConversation: bad body', step: 'verifying' },
      T0 + 200,
    );
    expect(ledger.failureRecord).toBeDefined();
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.nextWakeAt()).toBeUndefined();
    const result = ledger.result();
    expect(result.failure).toEqual({
      type: 'ProtocolError',
      message: 'genesys getConversation: bad body',
      step: 'verifying',
      at: iso(T0 + 200),
    });
    expect(result.erased).toEqual({ conversation: ['a'] });
    expect(result.stillPresent.map((r) => r.id).sort()).toEqual(['b', 'c', 'open']);
    expect(result.requests[0]?.note).toMatch(/not verified: the platform failed/);
    expect(PlatformLedger.restore(ledger.snapshot()).result()).toEqual(result);
  });

  it('reports what the platform retains, and carries it across a snapshot', () => {
    const ledger = new PlatformLedger();
    ledger.noteRetained([{ data: 'conversation count', reason: 'billing' }]);
    expect(PlatformLedger.restore(ledger.snapshot()).result().retained).toEqual([
      { data: 'conversation count', reason: 'billing' },
    ]);
  });
});

describe('PlatformLedger: a large result stays small', () => {
  it('lists request ids up to 1,000 in all, and past that only how many each request carried', () => {
    const small = submitted(['a', 'b']);
    expect(small.result().requests[0]).toMatchObject({ records: 2, ids: ['a', 'b'] });
    const ids = Array.from({ length: 1001 }, (_, i) => `c${i}`);
    const big = submitted(ids);
    const [request] = big.result().requests;
    expect(request?.records).toBe(1001);
    expect(request?.ids).toBeUndefined();
  });
});

describe('PlatformLedger: records the platform keeps after reporting its request done', () => {
  const rec = (id: string): PlatformRecord => ({ kind: 'recording', id, active: false });
  const KEPT = { recording: 'kept by the platform after its request completed' };

  /** Two recordings sent as req-1; r1 is still there when the platform says DONE. */
  function keptOne(): PlatformLedger {
    const ledger = new PlatformLedger([], KEPT);
    ledger.addRecords([rec('r1'), rec('r2')], T0, RECHECK);
    ledger.recordSubmission({ requestId: 'req-1', kind: 'recording', ids: ['r1', 'r2'] }, T0, TIMING);
    ledger.applyVerification('req-1', 'DONE', new Set(['r1']), T0 + 100, RECHECK);
    return ledger;
  }

  it('holds it with the reason, since and last seen, re-checks it daily, and never sends it again', () => {
    const ledger = keptOne();
    expect(ledger.counts()).toMatchObject({ confirmed: 1, held: 1, remaining: 1 });
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.keptRecords()).toEqual([{ kind: 'recording', id: 'r1' }]);
    expect(ledger.blockedRecords()).toEqual([]);
    expect(ledger.nextWakeAt()).toBe(T0 + 100 + RECHECK);
    expect(ledger.isSettled()).toBe(false);
    ledger.applyActiveCheck(new Set(), T0 + 1100, RECHECK, MAX_WAIT, new Set(['r1']));
    const r = ledger.result();
    expect(r.verdict).toBe('erased_except_held');
    expect(r.erased.recording).toEqual(['r2']);
    expect(r.held).toEqual([
      { kind: 'recording', id: 'r1', reason: KEPT.recording, since: iso(T0 + 100), lastSeen: iso(T0 + 1100) },
    ]);
    expect(ledger.nextWakeAt()).toBe(T0 + 1100 + RECHECK);
  });

  it('confirms it once a look finds it gone, and the hold ends then', () => {
    const ledger = keptOne();
    ledger.applyActiveCheck(new Set(), T0 + 1100, RECHECK, MAX_WAIT, new Set());
    const r = ledger.result();
    expect(r.verdict).toBe('erased');
    expect(r.erased.recording?.sort()).toEqual(['r1', 'r2']);
    expect(r.held[0]).toMatchObject({ id: 'r1', releasedAt: iso(T0 + 1100) });
    expect(ledger.isSettled()).toBe(true);
  });

  it('stays held at the hard stop: named, not erased, not "still present"', () => {
    const ledger = keptOne();
    ledger.stop(T0 + 5000);
    const r = ledger.result();
    expect(r.stillPresent).toEqual([]);
    expect(r.held[0]?.releasedAt).toBeUndefined();
    expect(r.verdict).toBe('erased_except_held');
  });

  it('makes other kinds ready again after DONE, and every kind after FAILED', () => {
    const ledger = new PlatformLedger([], KEPT);
    ledger.addRecords([conv('c1'), rec('r1')], T0, RECHECK);
    ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c1'] }, T0, TIMING);
    ledger.recordSubmission({ requestId: 'req-2', kind: 'recording', ids: ['r1'] }, T0, TIMING);
    ledger.applyVerification('req-1', 'DONE', new Set(['c1']), T0 + 100, RECHECK);
    ledger.applyVerification('req-2', 'FAILED', new Set(['r1']), T0 + 100, RECHECK);
    expect(
      ledger
        .readyRecords()
        .map((r) => r.id)
        .sort(),
    ).toEqual(['c1', 'r1']);
    expect(ledger.counts().held).toBe(0);
  });

  it('keeps the hold across continue-as-new', () => {
    const ledger = PlatformLedger.restore(keptOne().snapshot(), [], KEPT);
    expect(ledger.keptRecords()).toEqual([{ kind: 'recording', id: 'r1' }]);
    ledger.applyActiveCheck(new Set(), T0 + 1100, RECHECK, MAX_WAIT, new Set());
    expect(ledger.result().erased.recording?.sort()).toEqual(['r1', 'r2']);
  });
});
