/**
 * ErasureState (src/domain/erasure-state.ts): the erasure's phase timeline, the waiting phase shown to
 * operators (on hold, overdue, awaiting the platform, waiting for open conversations), the subject's
 * identifiers, legal holds and the hard stop they push back, a platform needing attention,
 * cancellation (first request wins, recorded in progress and result), the dry run's plan, the deadline
 * status, and the progress snapshot (next check time only while not terminal, never in the past; quota
 * waits only while in the future).
 */
import { describe, expect, it } from 'vitest';
import { ErasureState } from '../../src/domain/erasure-state';
import type { ResolvedIdentifier } from '../../src/domain/identifiers';
import type { PlatformId } from '../../src/domain/platforms';
import type { ErasurePlan } from '../../src/domain/result';
import { deadlineOf, timingForDay, verificationTimes } from '../../src/domain/timing';

const T0 = Date.UTC(2025, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
/** Compressed days of 100 ms: verified after 100…3000, overdue re-checks every 700, hard stop 9000, deadline 3000. */
const TIMING = timingForDay(100);
const RECEIVED = T0 - 1000;
const header = {
  requestId: 'TICKET-1',
  subjectRef: 'a'.repeat(64),
  receivedAt: iso(RECEIVED),
  deadline: deadlineOf(RECEIVED, TIMING), // T0 + 2000
};

const newState = (now = T0, deadline = header.deadline) =>
  new ErasureState({ ...header, deadline }, ['liveperson'], TIMING, now);

/** A state with one conversation submitted at T0 (verifications due at T0 + 100 … T0 + 3000). */
function withSubmission(deadline = header.deadline): ErasureState {
  const state = newState(T0, deadline);
  const ledger = state.ledger('liveperson');
  ledger.addRecords([{ kind: 'conversation', id: 'c1', active: false }], T0, TIMING.activeRecheckMs);
  ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c1'] }, T0, TIMING);
  return state;
}

/** Spends every scheduled check of req-1 with c1 still present: the ledger is overdue. */
function makeOverdue(state: ErasureState): number {
  const times = verificationTimes(T0, TIMING);
  for (const t of times)
    state.ledger('liveperson').applyVerification('req-1', 'IN_PROGRESS', new Set(['c1']), t);
  return times[times.length - 1] ?? T0;
}

describe('ErasureState: what wakes the workflow', () => {
  it('keeps a rediscovery asked until the workflow takes it, once, and it survives a snapshot', () => {
    const state = newState();
    expect(state.rediscoveryAsked).toBe(false);
    state.askRediscovery();
    expect(state.rediscoveryAsked).toBe(true);
    const restored = ErasureState.restore(JSON.parse(JSON.stringify(state.snapshot())), TIMING);
    expect(restored.takeRediscovery()).toBe(true);
    expect(restored.takeRediscovery()).toBe(false);
    expect(restored.rediscoveryAsked).toBe(false);
  });

  it('counts governor answers and notices a hold not yet applied', () => {
    const state = newState();
    state.countGovernorAnswer();
    state.countGovernorAnswer();
    expect(state.governorAnswerCount).toBe(2);
    expect(state.holdNeedsApplying).toBe(false);
    state.placeHold({ by: 'legal', reason: 'inquiry' }, T0 + 1);
    expect(state.holdNeedsApplying).toBe(true);
    state.markHoldApplied();
    expect(state.holdNeedsApplying).toBe(false);
  });
});

describe('ErasureState: phases', () => {
  it('starts resolving, with that on the timeline', () => {
    const state = newState();
    expect(state.phase).toBe('resolving');
    expect(state.progress(T0).timeline).toEqual([{ phase: 'resolving', at: iso(T0) }]);
  });

  it('records each change of phase once, in order', () => {
    const state = newState();
    state.enter('resolving', T0 + 1);
    state.enter('discovering', T0 + 2);
    state.enter('discovering', T0 + 3);
    state.enter('submitting', T0 + 4);
    state.enter('discovering', T0 + 5);
    expect(state.phase).toBe('discovering');
    expect(state.progress(T0 + 6).timeline).toEqual([
      { phase: 'resolving', at: iso(T0) },
      { phase: 'discovering', at: iso(T0 + 2) },
      { phase: 'submitting', at: iso(T0 + 4) },
      { phase: 'discovering', at: iso(T0 + 5) },
    ]);
  });

  it('waits for open conversations before anything is sent, then for the platform', () => {
    const state = newState();
    state.ledger('liveperson').addRecords([{ kind: 'conversation', id: 'c1', active: true }], T0, 1000);
    expect(state.waitingPhase()).toBe('waiting_for_active');
    expect(withSubmission().waitingPhase()).toBe('awaiting_platform');
  });

  it('shows overdue while a request has spent its schedule with data still present', () => {
    const state = withSubmission();
    const last = makeOverdue(state);
    expect(state.isOverdue).toBe(true);
    expect(state.waitingPhase()).toBe('overdue');
    expect(state.progress(last).overdue).toBe(true);
    expect(state.nextWakeAt()).toBe(last + TIMING.overdueRecheckMs);
    state.ledger('liveperson').applyVerification('req-1', 'IN_PROGRESS', new Set(), last + 700);
    expect(state.isOverdue).toBe(false);
    expect(state.waitingPhase()).toBe('awaiting_platform');
    expect(state.progress(last + 700).overdue).toBe(false);
  });

  it('shows on_hold under an active hold, before overdue and anything else', () => {
    const idle = newState();
    idle.placeHold({ by: 'legal', reason: 'litigation' }, T0);
    expect(idle.waitingPhase()).toBe('on_hold');

    const overdue = withSubmission();
    makeOverdue(overdue);
    overdue.placeHold({ by: 'legal', reason: 'litigation' }, T0 + 4000);
    expect(overdue.waitingPhase()).toBe('on_hold');
    overdue.releaseHold({ by: 'legal', reason: 'settled' }, T0 + 5000);
    expect(overdue.waitingPhase()).toBe('overdue');

    const awaiting = withSubmission();
    awaiting.placeHold({ by: 'legal', reason: 'litigation' }, T0 + 10);
    expect(awaiting.waitingPhase()).toBe('on_hold');
    awaiting.releaseHold({ by: 'legal', reason: 'settled' }, T0 + 20);
    expect(awaiting.waitingPhase()).toBe('awaiting_platform');
  });

  it('refuses a platform that is not in scope', () => {
    const state = new ErasureState(header, [], TIMING, T0);
    expect(() => state.ledger('liveperson')).toThrow(RangeError);
    expect(() => newState().ledger('intercom' as PlatformId)).toThrow(/not in scope/);
  });

  it('is settled when every ledger is', () => {
    expect(newState().isSettled()).toBe(true);
    const state = withSubmission();
    expect(state.isSettled()).toBe(false);
    state.ledger('liveperson').applyVerification('req-1', 'DONE', new Set(), T0 + 100);
    expect(state.isSettled()).toBe(true);
  });
});

describe('ErasureState: cancellation', () => {
  it('keeps the first cancel request', () => {
    const state = newState();
    expect(state.cancelRequested).toBeUndefined();
    state.requestCancel({ by: 'alice', reason: 'duplicate', at: T0 + 1, via: 'signal' });
    state.requestCancel({ by: 'bob', reason: 'other', at: T0 + 2, via: 'temporal' });
    expect(state.cancelRequested).toEqual({ by: 'alice', reason: 'duplicate', at: T0 + 1, via: 'signal' });
  });

  it('closes as cancelled, with the cancellation in progress and result', () => {
    const state = withSubmission();
    state.requestCancel({ by: 'alice', reason: 'duplicate', at: T0 + 10, via: 'signal' });
    const submitted = [
      {
        platform: 'liveperson' as const,
        requestId: 'req-1',
        kind: 'conversation' as const,
        ids: ['c1'],
        withdrawn: true,
      },
    ];
    state.markCancelled(submitted, T0 + 20);

    const cancellation = { by: 'alice', reason: 'duplicate', at: iso(T0 + 10), via: 'signal', submitted };
    expect(state.phase).toBe('cancelled');
    expect(state.progress(T0 + 30).timeline.at(-1)).toEqual({ phase: 'cancelled', at: iso(T0 + 20) });
    expect(state.progress(T0 + 30).cancellation).toEqual(cancellation);
    const result = state.result(T0 + 30);
    expect(result.outcome).toBe('cancelled');
    expect(result.cancellation).toEqual(cancellation);
    expect(result.finishedAt).toBe(iso(T0 + 30));
    expect(result.requestId).toBe('TICKET-1');
    expect(result.receivedAt).toBe(header.receivedAt);
  });

  it('records an unrequested (Temporal) cancellation as unknown', () => {
    const state = newState();
    state.markCancelled([], T0 + 5);
    expect(state.result(T0 + 6).cancellation).toEqual({
      by: 'unknown',
      reason: 'unknown',
      at: iso(T0 + 5),
      via: 'temporal',
      submitted: [],
    });
  });

  it('completes, without a cancellation, when never cancelled and everything is verified gone', () => {
    const state = withSubmission();
    state.ledger('liveperson').applyVerification('req-1', 'DONE', new Set(), T0 + 400);
    state.enter('completed', T0 + 500);
    const result = state.result(T0 + 500);
    expect(result.outcome).toBe('completed');
    expect(result.reasons).toEqual([]);
    expect(result.platforms.liveperson?.verdict).toBe('erased');
    expect(result.cancellation).toBeUndefined();
    expect(result.platforms.liveperson?.requests.map((r) => r.requestId)).toEqual(['req-1']);
  });
});

describe('ErasureState: progress', () => {
  it('reports counts per platform and the last error', () => {
    const state = withSubmission();
    state.noteError({ platform: 'liveperson', type: 'PlatformUnavailable', message: 'HTTP 503' }, T0 + 7);
    const progress = state.progress(T0 + 8);
    expect(progress.requestId).toBe('TICKET-1');
    expect(progress.subjectRef).toBe(header.subjectRef);
    expect(progress.platforms.liveperson).toMatchObject({ discovered: 1, submitted: 1 });
    expect(progress.lastError).toEqual({
      platform: 'liveperson',
      type: 'PlatformUnavailable',
      message: 'HTTP 503',
      at: iso(T0 + 7),
    });
  });

  it('gives the next check time while waiting', () => {
    const state = withSubmission();
    state.enter('awaiting_platform', T0);
    expect(state.nextWakeAt()).toBe(T0 + 100);
    expect(state.progress(T0 + 50).nextCheckAt).toBe(iso(T0 + 100));
  });

  it('never gives a next check time before now', () => {
    const state = withSubmission();
    state.enter('awaiting_platform', T0);
    expect(state.progress(T0 + 5000).nextCheckAt).toBe(iso(T0 + 5000));
  });

  it('has no next check time when nothing is pending', () => {
    expect(newState().progress(T0).nextCheckAt).toBeUndefined();
  });

  it.each(['completed', 'cancelled', 'failed', 'planned'] as const)(
    'has no next check time once %s',
    (phase) => {
      const state = withSubmission();
      state.enter(phase, T0 + 10);
      expect(state.nextWakeAt()).toBe(T0 + 100);
      expect(state.progress(T0 + 10).nextCheckAt).toBeUndefined();
    },
  );

  it('returns snapshots that later changes do not alter', () => {
    const state = newState();
    const before = state.progress(T0);
    state.enter('discovering', T0 + 1);
    expect(before.timeline).toHaveLength(1);
    expect(before.phase).toBe('resolving');
  });
});

describe('ErasureState: identifiers', () => {
  const email: ResolvedIdentifier = { kind: 'email', value: 'jane@example.com', provenance: 'request' };
  const phone: ResolvedIdentifier = { kind: 'phone', value: '+447700900123', provenance: 'request' };
  const consumer: ResolvedIdentifier = {
    kind: 'livepersonConsumerId',
    value: 'cons-1',
    provenance: 'liveperson:email',
  };

  it('starts with none', () => {
    const state = newState();
    expect(state.identifiers).toEqual([]);
    expect(state.progress(T0).identifiers).toEqual({});
    expect(state.result(T0).identifiers).toEqual([]);
  });

  it('merges identifiers, keeping the first provenance, and returns how many were new', () => {
    const state = newState();
    expect(state.addIdentifiers([email, phone])).toBe(2);
    expect(state.addIdentifiers([{ ...email, provenance: 'liveperson:phone' }, consumer])).toBe(1);
    expect(state.addIdentifiers([])).toBe(0);
    expect(state.addIdentifiers([consumer, phone])).toBe(0);
    expect(state.identifiers).toEqual([email, phone, consumer]);
    expect(state.result(T0).identifiers).toEqual([email, phone, consumer]);
  });

  it('counts an identifier given twice in one call once', () => {
    const state = newState();
    expect(state.addIdentifiers([consumer, { ...consumer, provenance: 'liveperson:phone' }])).toBe(1);
    expect(state.identifiers).toEqual([consumer]);
  });

  it('counts identifiers by provenance in progress', () => {
    const state = newState();
    state.addIdentifiers([email, phone, consumer]);
    state.addIdentifiers([
      { kind: 'livepersonConsumerId', value: 'cons-2', provenance: 'liveperson:phone' },
      { kind: 'livepersonConsumerId', value: 'cons-3', provenance: 'liveperson:email' },
    ]);
    expect(state.progress(T0).identifiers).toEqual({
      request: 2,
      'liveperson:email': 2,
      'liveperson:phone': 1,
    });
  });
});

describe('ErasureState: legal holds', () => {
  const hold = { by: 'legal@controller.example', reason: 'litigation LH-7' };
  const release = { by: 'dpo@controller.example', reason: 'case closed' };

  it('records a hold, and its release, in progress and result', () => {
    const state = newState();
    expect(state.activeHold).toBeUndefined();
    state.placeHold(hold, T0 + 10);
    expect(state.activeHold).toMatchObject({ ...hold, placedAt: iso(T0 + 10) });
    expect(state.progress(T0 + 11).holds).toEqual([
      { ...hold, placedAt: iso(T0 + 10), withdrawn: [], notWithdrawable: [] },
    ]);
    state.releaseHold(release, T0 + 20);
    expect(state.activeHold).toBeUndefined();
    const released = {
      ...hold,
      placedAt: iso(T0 + 10),
      releasedAt: iso(T0 + 20),
      releasedBy: release.by,
      releaseReason: release.reason,
      withdrawn: [],
      notWithdrawable: [],
    };
    expect(state.progress(T0 + 21).holds).toEqual([released]);
    expect(state.result(T0 + 21).holds).toEqual([released]);
  });

  it('refuses a second hold while one is in place, and keeps the first', () => {
    const state = newState();
    state.placeHold(hold, T0 + 10);
    expect(() => state.placeHold({ by: 'other', reason: 'again' }, T0 + 20)).toThrow(RangeError);
    expect(state.progress(T0 + 30).holds).toHaveLength(1);
    expect(state.activeHold?.by).toBe(hold.by);
  });

  it('refuses to release when no hold is in place', () => {
    const state = newState();
    expect(() => state.releaseHold(release, T0)).toThrow(RangeError);
    state.placeHold(hold, T0 + 10);
    state.releaseHold(release, T0 + 20);
    expect(() => state.releaseHold(release, T0 + 30)).toThrow(RangeError);
    expect(state.result(T0 + 40).holds[0]?.releasedAt).toBe(iso(T0 + 20));
  });

  it('allows a new hold once the previous one is released', () => {
    const state = newState();
    state.placeHold(hold, T0 + 10);
    state.releaseHold(release, T0 + 20);
    state.placeHold({ by: 'other', reason: 'second case' }, T0 + 30);
    expect(state.activeHold?.reason).toBe('second case');
    expect(state.progress(T0 + 40).holds.map((h) => h.reason)).toEqual([hold.reason, 'second case']);
  });

  it('bumps holdGeneration on every place and release, not on a refused one', () => {
    const state = newState();
    expect(state.holdGeneration).toBe(0);
    state.placeHold(hold, T0 + 10);
    expect(state.holdGeneration).toBe(1);
    expect(() => state.placeHold(hold, T0 + 11)).toThrow(RangeError);
    expect(state.holdGeneration).toBe(1);
    state.releaseHold(release, T0 + 20);
    expect(state.holdGeneration).toBe(2);
    expect(() => state.releaseHold(release, T0 + 21)).toThrow(RangeError);
    expect(state.holdGeneration).toBe(2);
    state.placeHold(hold, T0 + 30);
    expect(state.holdGeneration).toBe(3);
  });

  it('records what placing the hold withdrew and what it could not, on the active hold', () => {
    const state = newState();
    state.placeHold(hold, T0 + 10);
    state.noteHoldWithdrawal('liveperson', 'req-1', { withdrawn: true });
    state.noteHoldWithdrawal('liveperson', 'req-2', { withdrawn: false, note: 'past the grace period' });
    state.noteHoldWithdrawal('liveperson', 'req-3', { withdrawn: false });
    const recorded = state.progress(T0 + 11).holds[0];
    expect(recorded?.withdrawn).toEqual([{ platform: 'liveperson', requestId: 'req-1' }]);
    expect(recorded?.notWithdrawable).toEqual([
      { platform: 'liveperson', requestId: 'req-2', note: 'past the grace period' },
      { platform: 'liveperson', requestId: 'req-3' },
    ]);
    // Still there after the release.
    state.releaseHold(release, T0 + 20);
    expect(state.result(T0 + 21).holds[0]?.withdrawn).toEqual([
      { platform: 'liveperson', requestId: 'req-1' },
    ]);
    expect(state.result(T0 + 21).holds[0]?.notWithdrawable).toHaveLength(2);
  });

  it('ignores withdrawals noted without an active hold', () => {
    const state = newState();
    state.noteHoldWithdrawal('liveperson', 'req-0', { withdrawn: true });
    state.placeHold(hold, T0 + 10);
    state.releaseHold(release, T0 + 20);
    state.noteHoldWithdrawal('liveperson', 'req-1', { withdrawn: true });
    state.noteHoldWithdrawal('liveperson', 'req-2', { withdrawn: false, note: 'x' });
    expect(state.result(T0 + 30).holds).toEqual([
      expect.objectContaining({ withdrawn: [], notWithdrawable: [] }),
    ]);
  });

  it('returns hold snapshots that later withdrawals do not alter', () => {
    const state = newState();
    state.placeHold(hold, T0 + 10);
    const before = state.progress(T0 + 11);
    state.noteHoldWithdrawal('liveperson', 'req-1', { withdrawn: true });
    state.noteHoldWithdrawal('liveperson', 'req-2', { withdrawn: false });
    expect(before.holds[0]?.withdrawn).toEqual([]);
    expect(before.holds[0]?.notWithdrawable).toEqual([]);
  });
});

describe('ErasureState: hard stop', () => {
  const hold = { by: 'legal', reason: 'litigation' };
  const release = { by: 'dpo', reason: 'closed' };

  it('is hardStopMs after receipt without holds', () => {
    expect(newState().hardStopAt(T0)).toBe(RECEIVED + TIMING.hardStopMs);
    expect(newState().hardStopAt(T0 + 50_000)).toBe(RECEIVED + TIMING.hardStopMs);
  });

  it('is undefined while a hold is in place', () => {
    const state = newState();
    state.placeHold(hold, T0 + 100);
    expect(state.hardStopAt(T0 + 100)).toBeUndefined();
    expect(state.hardStopAt(T0 + 1_000_000)).toBeUndefined();
  });

  it('is pushed back by the total time spent under holds', () => {
    const state = newState();
    state.placeHold(hold, T0 + 100);
    state.releaseHold(release, T0 + 600);
    expect(state.hardStopAt(T0 + 700)).toBe(RECEIVED + TIMING.hardStopMs + 500);
    state.placeHold(hold, T0 + 1000);
    state.releaseHold(release, T0 + 1250);
    expect(state.hardStopAt(T0 + 2000)).toBe(RECEIVED + TIMING.hardStopMs + 750);
    // Released holds no longer depend on the clock.
    expect(state.hardStopAt(T0 + 90_000)).toBe(RECEIVED + TIMING.hardStopMs + 750);
  });

  it('completes with whatever is still present named, and says it stopped at the hard stop', () => {
    const state = withSubmission();
    state.ledger('liveperson').addRecords([{ kind: 'conversation', id: 'c2', active: true }], T0, 100);
    expect(state.result(T0).stoppedAtHardStop).toBe(false);
    const stopAt = RECEIVED + TIMING.hardStopMs;
    state.stopAtHardStop(stopAt);
    expect(state.isSettled()).toBe(true);
    expect(state.nextWakeAt()).toBeUndefined();
    state.enter('incomplete', stopAt);
    const result = state.result(stopAt);
    expect(result.stoppedAtHardStop).toBe(true);
    // Not completed: the hard stop ended it with a record still there and one never closed.
    expect(result.outcome).toBe('incomplete');
    expect(result.reasons).toEqual([
      { scope: 'liveperson', reason: 'still_present', records: 1 },
      { scope: 'liveperson', reason: 'still_active', records: 1 },
    ]);
    expect(result.platforms.liveperson?.verdict).toBe('incomplete');
    expect(result.platforms.liveperson?.stillPresent).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(result.platforms.liveperson?.stillActive).toEqual([{ kind: 'conversation', id: 'c2' }]);
    expect(result.platforms.liveperson?.requests[0]?.closedAt).toBe(iso(stopAt));
  });
});

describe('ErasureState: needs attention', () => {
  const refused = { platform: 'liveperson' as const, type: 'AuthFailed', message: 'HTTP 401' };

  it('is not flagged at first', () => {
    const state = newState();
    expect(state.attention.current).toBeUndefined();
    expect(state.attention.retryRequested).toBe(false);
    expect('needsAttention' in state.progress(T0)).toBe(false);
  });

  it('keeps the time it was first flagged', () => {
    const state = newState();
    state.attention.flag(refused, T0 + 10);
    state.attention.flag(refused, T0 + 20);
    expect(state.attention.current).toEqual({ ...refused, since: iso(T0 + 10) });
    expect(state.progress(T0 + 30).needsAttention).toEqual({ ...refused, since: iso(T0 + 10) });
  });

  it('remembers an operator’s retry until the platform refuses again or it is cleared', () => {
    const state = newState();
    state.attention.flag(refused, T0 + 10);
    state.attention.askRetry();
    expect(state.attention.retryRequested).toBe(true);
    // The retry failed: the operator has to ask again.
    state.attention.flag(refused, T0 + 20);
    expect(state.attention.retryRequested).toBe(false);
    state.attention.askRetry();
    state.attention.clear();
    expect(state.attention.retryRequested).toBe(false);
    expect(state.attention.current).toBeUndefined();
    expect('needsAttention' in state.progress(T0 + 30)).toBe(false);
  });

  it('starts a new flag, with a new since, after being cleared', () => {
    const state = newState();
    state.attention.flag(refused, T0 + 10);
    state.attention.clear();
    state.attention.flag({ ...refused, message: 'HTTP 403' }, T0 + 50);
    expect(state.progress(T0 + 60).needsAttention).toEqual({
      ...refused,
      message: 'HTTP 403',
      since: iso(T0 + 50),
    });
  });
});

describe('ErasureState: dry run', () => {
  const plan: ErasurePlan = {
    platforms: {
      liveperson: {
        requests: [{ kind: 'conversation', ids: ['c1', 'c2'] }],
        waitingForClose: [{ kind: 'conversation', id: 'c3' }],
        held: [],
        monthlyRequestQuota: 100,
        verifyAt: [iso(T0 + 100), iso(T0 + 300)],
      },
    },
  };

  it('ends planned, with the plan in the result', () => {
    const state = newState();
    state.setPlan(plan, T0 + 5);
    expect(state.phase).toBe('planned');
    expect(state.progress(T0 + 6).timeline.at(-1)).toEqual({ phase: 'planned', at: iso(T0 + 5) });
    const result = state.result(T0 + 6);
    expect(result.outcome).toBe('planned');
    expect(result.plan).toEqual(plan);
    expect(result.cancellation).toBeUndefined();
  });

  it('has no plan in a real run’s result', () => {
    const state = newState();
    state.enter('completed', T0 + 5);
    expect('plan' in state.result(T0 + 6)).toBe(false);
    expect(state.result(T0 + 6).outcome).toBe('completed');
  });
});

describe('ErasureState: deadline', () => {
  it('gives the deadline from the header', () => {
    expect(newState().deadlineStatus(T0).deadline).toBe(iso(T0 + 2000));
    expect(newState(T0, Date.UTC(2025, 1, 1)).deadlineStatus(T0).deadline).toBe('2025-02-01T00:00:00.000Z');
  });

  it('meets a deadline after the expected completion (the last check of the open request)', () => {
    const state = withSubmission(T0 + 5000);
    expect(state.deadlineStatus(T0 + 10)).toEqual({
      deadline: iso(T0 + 5000),
      expectedCompletion: iso(T0 + 3000),
      meetsDeadline: true,
    });
  });

  it('meets a deadline equal to the expected completion', () => {
    expect(withSubmission(T0 + 3000).deadlineStatus(T0 + 10).meetsDeadline).toBe(true);
  });

  it('misses a deadline before the expected completion', () => {
    const state = withSubmission(T0 + 2999);
    expect(state.deadlineStatus(T0 + 10)).toEqual({
      deadline: iso(T0 + 2999),
      expectedCompletion: iso(T0 + 3000),
      meetsDeadline: false,
    });
    // The default compressed deadline (received + 3000 = T0 + 2000) is missed as well.
    expect(withSubmission().deadlineStatus(T0 + 10).meetsDeadline).toBe(false);
  });

  it('gives records still to be sent a full window of the state’s timing', () => {
    const state = newState(T0, T0 + 10_000);
    state.ledger('liveperson').addRecords([{ kind: 'conversation', id: 'c1', active: false }], T0, 100);
    expect(state.deadlineStatus(T0 + 40).expectedCompletion).toBe(iso(T0 + 40 + 3000));
  });

  it('expects completion now, and meets the deadline until it passes, when nothing is outstanding', () => {
    const state = newState();
    expect(state.deadlineStatus(T0 + 7)).toEqual({
      deadline: iso(T0 + 2000),
      expectedCompletion: iso(T0 + 7),
      meetsDeadline: true,
    });
    expect(state.deadlineStatus(T0 + 2001).meetsDeadline).toBe(false);
  });

  it('has no expected completion and does not meet the deadline while overdue', () => {
    const state = withSubmission(T0 + 1_000_000);
    const last = makeOverdue(state);
    const status = state.deadlineStatus(last + 1);
    expect(status).toEqual({ deadline: iso(T0 + 1_000_000), meetsDeadline: false });
    expect('expectedCompletion' in status).toBe(false);
  });

  it('reports the same status in progress and result', () => {
    const state = withSubmission(T0 + 5000);
    expect(state.progress(T0 + 10).deadline).toEqual(state.deadlineStatus(T0 + 10));
    expect(state.result(T0 + 10).deadline).toEqual(state.deadlineStatus(T0 + 10));
  });
});

describe('ErasureState: deadline at the hard stop', () => {
  it('does not claim the deadline met when the hard stop ended the erasure with data still present', () => {
    // An extended deadline (GDPR Art. 12(3) allows up to three months) may lie after the 90-day hard stop.
    const stopAt = RECEIVED + TIMING.hardStopMs;
    const state = withSubmission(stopAt + 1000);
    makeOverdue(state);
    state.stopAtHardStop(stopAt);
    state.enter('completed', stopAt);
    const result = state.result(stopAt);
    expect(result.stoppedAtHardStop).toBe(true);
    expect(result.platforms.liveperson?.stillPresent).toEqual([{ kind: 'conversation', id: 'c1' }]);
    expect(result.deadline.meetsDeadline).toBe(false);
  });
});

describe('ErasureState: quota waits', () => {
  it('names a platform only while its quota pause is in the future', () => {
    const state = newState();
    expect(state.progress(T0).quotaWaits).toEqual({});
    state.ledger('liveperson').pauseSubmissionsUntil(T0 + 500);
    expect(state.progress(T0).quotaWaits).toEqual({ liveperson: iso(T0 + 500) });
    expect(state.progress(T0 + 499).quotaWaits).toEqual({ liveperson: iso(T0 + 500) });
    expect(state.progress(T0 + 500).quotaWaits).toEqual({});
    expect(state.progress(T0 + 501).quotaWaits).toEqual({});
  });
});

describe('snapshot and restore (continue-as-new)', () => {
  it('carries the whole state over: records, requests, verifications, holds, identifiers, timeline', () => {
    const timing = timingForDay(100);
    const header = {
      requestId: 'r-1',
      subjectRef: 'a'.repeat(64),
      receivedAt: new Date(0).toISOString(),
      deadline: 30 * 100,
    };
    const state = new ErasureState(header, ['liveperson'], timing, 0);
    state.addIdentifiers([{ kind: 'email', value: 'a@example.com', provenance: 'request' }]);
    const ledger = state.ledger('liveperson');
    ledger.addRecords(
      [
        { kind: 'conversation', id: 'c1', active: false },
        { kind: 'conversation', id: 'c2', active: true },
        { kind: 'consumer', id: 'p1', active: false },
      ],
      0,
      timing.activeRecheckMs,
    );
    ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c1'] }, 10, timing);
    ledger.applyVerification('req-1', 'NOT_STARTED', new Set(['c1']), 110);
    state.enter('awaiting_platform', 120);
    state.placeHold({ by: 'legal', reason: 'inquiry' }, 130);
    state.markHoldApplied();

    const restored = ErasureState.restore(JSON.parse(JSON.stringify(state.snapshot())), timing);

    expect(restored.progress(200)).toEqual(state.progress(200));
    expect(restored.result(200)).toEqual(state.result(200));
    expect(state.holdNeedsApplying).toBe(false);
    expect(restored.holdNeedsApplying).toBe(false);
    expect(restored.ledger('liveperson').dueSubmissions(10 + 300)).toEqual(ledger.dueSubmissions(10 + 300));
    expect(restored.ledger('liveperson').nextWakeAt()).toBe(ledger.nextWakeAt());
    // The copy is independent: changing the restored state leaves the original alone.
    restored.ledger('liveperson').applyVerification('req-1', 'DONE', new Set(), 400);
    expect(ledger.counts().confirmed).toBe(0);
  });
});

describe('ErasureState: several platforms, one failing', () => {
  it('reports the failed platform in progress and result while the others decide what is left', () => {
    const state = new ErasureState(header, ['liveperson', 'genesys', 'chatbot'], TIMING, T0);
    state.ledger('liveperson').addRecords([{ kind: 'conversation', id: 'c1', active: false }], T0, 10);
    state.ledger('chatbot').addRecords([{ kind: 'conversation', id: 'b1', active: false }], T0, 10);
    state
      .ledger('chatbot')
      .markFailed(
        { type: 'ProtocolError', message: 'chatbot listConversations: bad', step: 'discovering' },
        T0 + 5,
      );
    expect(state.isSettled()).toBe(false); // LivePerson still has c1 to send
    const progress = state.progress(T0 + 6);
    expect(progress.failedPlatforms).toEqual({
      chatbot: {
        type: 'ProtocolError',
        message: 'chatbot listConversations: bad',
        step: 'discovering',
        at: iso(T0 + 5),
      },
    });
    expect(Object.keys(progress.platforms).sort()).toEqual(['chatbot', 'genesys', 'liveperson']);
    expect(progress.deadline.expectedCompletion).toBeUndefined(); // no honest estimate with a platform down
    const restored = ErasureState.restore(state.snapshot(), TIMING);
    expect(restored.result(T0 + 7).platforms.chatbot?.failure?.step).toBe('discovering');
    expect(restored.result(T0 + 7).platforms.chatbot?.stillPresent).toEqual([
      { kind: 'conversation', id: 'b1' },
    ]);
  });
});

describe('ErasureState: the deadline once the data is gone', () => {
  it('judges the deadline by when everything was erased, not by the later re-check for late copies', () => {
    const state = new ErasureState({ ...header, deadline: T0 + 1000 }, ['liveperson'], TIMING, T0);
    const ledger = state.ledger('liveperson');
    ledger.addRecords([{ kind: 'conversation', id: 'c1', active: false }], T0, 10);
    expect(state.allErased).toBe(false);
    ledger.recordSubmission({ requestId: 'r', kind: 'conversation', ids: ['c1'] }, T0, TIMING);
    ledger.applyVerification('r', 'DONE', new Set(), T0 + 500);
    expect(state.allErased).toBe(true);
    state.markErased(T0 + 600);
    state.markErased(T0 + 700); // the first moment counts
    expect(state.deadlineStatus(T0 + 5000)).toEqual({
      deadline: iso(T0 + 1000),
      expectedCompletion: iso(T0 + 600),
      meetsDeadline: true,
    });
    expect(ErasureState.restore(state.snapshot(), TIMING).deadlineStatus(T0 + 9000).expectedCompletion).toBe(
      iso(T0 + 600),
    );
  });

  it('never counts an erasure with a failed platform as erased', () => {
    const state = new ErasureState(header, ['liveperson', 'chatbot'], TIMING, T0);
    state.ledger('chatbot').markFailed({ type: 'ProtocolError', message: 'x', step: 'discovering' }, T0);
    expect(state.allErased).toBe(false);
  });

  it('never counts it erased while a warehouse table failed or kept matching rows', () => {
    const state = new ErasureState(header, ['liveperson'], TIMING, T0);
    const table = { target: 'dw', table: 'x', action: 'delete' as const, rows: 1, remaining: 0, at: iso(T0) };
    state.recordWarehousePass({ pass: 'after_platforms', at: iso(T0), tables: [{ ...table, remaining: 2 }] });
    expect(state.allErased).toBe(false);
    expect(state.outcome()).toBe('incomplete');
    expect(state.reasons()).toEqual([{ scope: 'warehouse', reason: 'warehouse', table: 'dw:x', records: 2 }]);
  });
});

describe('ErasureState: derived matches (issue 15)', () => {
  const email: ResolvedIdentifier = { kind: 'email', value: 'ada@example.com', provenance: 'request' };
  const phone: ResolvedIdentifier = { kind: 'phone', value: '+447700900123', provenance: 'request' };
  const found = (value: string, via: ResolvedIdentifier, link: 'own' | 'shared'): ResolvedIdentifier => ({
    kind: 'livepersonConsumerId',
    value,
    provenance: `liveperson:${via.kind}`,
    via: `${via.kind}:${via.value}`,
    link,
  });
  const ada = found('c-ada', email, 'own');
  const son = found('c-son', phone, 'shared');
  const conv = (id: string, lead: ResolvedIdentifier) => ({
    kind: 'conversation' as const,
    id,
    active: false,
    leads: [`${lead.kind}:${lead.value}`],
  });

  function household(policy?: 'auto' | 'confirm' | 'off'): ErasureState {
    const state = newState();
    state.addIdentifiers([email, phone, ada, son]);
    state.addDiscovered('liveperson', [conv('a1', ada), conv('s1', son), conv('s2', son)], policy, T0);
    return state;
  }

  it('keeps what only the shared phone reached out of the ledger until an operator confirms it', () => {
    const state = household();
    expect(state.ledger('liveperson').counts().discovered).toBe(1);
    expect(state.waitingMatches()).toEqual(['m2']);
    expect(state.isSettled()).toBe(false);
    expect(state.reasons()).toContainEqual({ scope: 'liveperson', reason: 'unconfirmed', records: 2 });
    expect(state.progress(T0).derivedMatches).toEqual([
      {
        ref: 'm1',
        platform: 'liveperson',
        chain: 'email (request) → livepersonConsumerId (liveperson, own)',
        reach: 'auto',
        records: { conversation: 1 },
      },
      {
        ref: 'm2',
        platform: 'liveperson',
        chain: 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)',
        reach: 'confirm',
        records: { conversation: 2 },
      },
    ]);
    // Neither the shared phone nor the consumer it alone reached goes to a platform or a warehouse.
    expect(state.sendableIdentifiers(undefined).map((i) => i.value)).toEqual(['ada@example.com', 'c-ada']);
  });

  it('shows the wait as its own phase once everything else is done', () => {
    const state = household();
    state.ledger('liveperson').stop(T0);
    expect(state.waitingPhase()).toBe('awaiting_confirmation');
  });

  it('sends confirmed records to the ledger, never excluded ones, and names who decided', () => {
    const state = household('confirm');
    expect(state.waitingMatches()).toEqual(['m1', 'm2']);
    expect(
      state.decideMatches({ by: 'ops', reason: 'checked with the requester', exclude: ['m2'] }, T0 + 5),
    ).toEqual({
      confirmed: ['m1'],
      excluded: ['m2'],
    });
    expect(state.matchDecisionCount).toBe(1);
    expect(
      state
        .ledger('liveperson')
        .readyRecords()
        .map((r) => r.id),
    ).toEqual(['a1']);
    expect(state.awaitsConfirmation).toBe(false);
    expect(state.reasons().some((r) => r.reason === 'unconfirmed')).toBe(false);
    const decided = state.result(T0 + 10).derivedMatches ?? [];
    expect(decided.map((m) => [m.ref, m.decision?.confirmed, m.decision?.by])).toEqual([
      ['m1', true, 'ops'],
      ['m2', false, 'ops'],
    ]);
    expect(state.sendableIdentifiers('confirm').map((i) => i.value)).toEqual(['ada@example.com', 'c-ada']);
  });

  it('carries the matches and the decisions across continue-as-new', () => {
    const state = household();
    state.decideMatches({ by: 'ops', confirm: ['m2'] }, T0);
    const restored = ErasureState.restore(state.snapshot(), TIMING);
    expect(restored.progress(T0).derivedMatches).toEqual(state.progress(T0).derivedMatches);
    expect(restored.ledger('liveperson').counts().discovered).toBe(3);
  });

  it("erases every match under 'auto' and still names them", () => {
    const state = household('auto');
    expect(state.ledger('liveperson').counts().discovered).toBe(3);
    expect(state.waitingMatches()).toEqual([]);
    expect(state.result(T0).derivedMatches?.map((m) => m.reach)).toEqual(['auto', 'auto']);
  });
});
