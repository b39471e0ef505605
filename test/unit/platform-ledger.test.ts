/**
 * PlatformLedger (src/domain/platform-ledger.ts): the life of each record on one platform, from
 * discovery (active or ready), through submission and the scheduled verifications (confirmed,
 * re-submitted, remaining), the open-conversation re-checks (ready or still_active), failed batches,
 * the quota pause, wake-up times, settlement and the counts reported to operators.
 */
import { describe, expect, it } from 'vitest';
import { PlatformLedger } from '../../src/domain/platform-ledger';
import type { PlatformRecord } from '../../src/domain/platforms';

const T0 = Date.UTC(2025, 0, 1);
const RECHECK = 1000;
const MAX_WAIT = 5000;
const VERIFY = [100, 300, 700];

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
  ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids }, at, VERIFY);
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
    ledger.recordSubmission({ requestId: 'req-2', kind: 'conversation', ids: ['c2'] }, T0 + 200, VERIFY);
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

  it('reports ids still present after the last scheduled check as remaining', () => {
    const ledger = submitted(['c1', 'c2']);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1', 'c2']), T0 + 100);
    ledger.applyVerification('req-1', 'NOT_STARTED', new Set(['c1', 'c2']), T0 + 300);
    expect(ledger.isSettled()).toBe(false);
    ledger.applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), T0 + 700);
    const result = ledger.result();
    expect(result.stillPresent).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(result.erased).toEqual({ conversation: ['c2'] });
    expect(result.requests[0]?.verifications).toHaveLength(3);
    expect(result.requests[0]?.closedAt).toBe(iso(T0 + 700));
    expect(ledger.readyRecords()).toEqual([]);
    expect(ledger.isSettled()).toBe(true);
    expect(ledger.counts()).toMatchObject({ confirmed: 1, remaining: 1, submitted: 0 });
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
    ledger.recordSubmission({ requestId: 'r1', kind: 'conversation', ids: ['a', 'b'] }, T0, VERIFY);
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
