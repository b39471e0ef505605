/**
 * ErasureState (src/domain/erasure-state.ts): the erasure's phase timeline, the waiting phase shown to
 * operators, cancellation (first request wins, recorded in progress and result), and the progress
 * snapshot's next check time (only while not terminal, never in the past).
 */
import { describe, expect, it } from 'vitest';
import { ErasureState } from '../../src/domain/erasure-state';
import type { PlatformId } from '../../src/domain/platforms';

const T0 = Date.UTC(2025, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
const header = { requestId: 'TICKET-1', subjectRef: 'a'.repeat(64), receivedAt: iso(T0 - 1000) };
const VERIFY = [100, 300];

const newState = (now = T0) => new ErasureState(header, ['liveperson'], now);

/** A state with one conversation submitted at T0 (verification due at T0 + 100). */
function withSubmission(): ErasureState {
  const state = newState();
  const ledger = state.ledger('liveperson');
  ledger.addRecords([{ kind: 'conversation', id: 'c1', active: false }], T0, 1000);
  ledger.recordSubmission({ requestId: 'req-1', kind: 'conversation', ids: ['c1'] }, T0, VERIFY);
  return state;
}

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

  it('refuses a platform that is not in scope', () => {
    const state = new ErasureState(header, [], T0);
    expect(() => state.ledger('liveperson')).toThrow(RangeError);
    expect(() => newState().ledger('zendesk' as PlatformId)).toThrow(/not in scope/);
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

  it('completes, without a cancellation, when never cancelled', () => {
    const state = withSubmission();
    state.enter('completed', T0 + 500);
    const result = state.result(T0 + 500);
    expect(result.outcome).toBe('completed');
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

  it.each(['completed', 'cancelled', 'failed'] as const)('has no next check time once %s', (phase) => {
    const state = withSubmission();
    state.enter(phase, T0 + 10);
    expect(state.nextWakeAt()).toBe(T0 + 100);
    expect(state.progress(T0 + 10).nextCheckAt).toBeUndefined();
  });

  it('returns snapshots that later changes do not alter', () => {
    const state = newState();
    const before = state.progress(T0);
    state.enter('discovering', T0 + 1);
    expect(before.timeline).toHaveLength(1);
    expect(before.phase).toBe('resolving');
  });
});
