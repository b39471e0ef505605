/**
 * Retries inside a call (src/connectors/retry.ts): idempotent reads ride out 5xx, resets, timeouts and
 * malformed bodies with bounded, jittered backoff; a throttle's Retry-After is waited out for any call
 * (never earlier than asked), a longer one leaves; refusals never repeat; creates never repeat on a
 * transient failure; and a call retries only its own errors (a token lookup on the way retries itself).
 */
import { describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  NotFoundError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from '../../src/connectors/errors';
import { defaultRetryPolicy, type RetryPolicy, retryDelay, withRetries } from '../../src/connectors/retry';

const at = { platform: 'liveperson', operation: 'searchConversations' };

/** A policy whose waits are recorded, not waited. */
function recorded(over: Partial<RetryPolicy> = {}): { policy: RetryPolicy; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    policy: {
      ...defaultRetryPolicy,
      random: () => 0.5,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...over,
    },
  };
}

/** A call that fails with `errors` in turn, then answers 'ok'. */
function flaky(errors: unknown[]): { call: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    calls: () => n,
    call: async () => {
      const err = errors[n];
      n += 1;
      if (err !== undefined) throw err;
      return 'ok';
    },
  };
}

describe('withRetries', () => {
  it.each([
    ['a 5xx', new PlatformUnavailableError(at, 'HTTP 503')],
    ['a reset or timeout', new PlatformUnavailableError(at, 'connection failed')],
    ['a malformed body', new ProtocolError(at, 'response is not JSON')],
  ])('tries an idempotent read again after %s, with growing jittered pauses', async (_what, err) => {
    const { policy, waits } = recorded();
    const f = flaky([err, err, err]);
    expect(await withRetries(policy, true, f.call)).toBe('ok');
    expect(f.calls()).toBe(4);
    // 5 s doubling, each × (1 + 0.5 × 0.5): never sooner than LivePerson's 5 s, 10 s, 20 s.
    expect(waits).toEqual([6250, 12_500, 25_000]);
  });

  it("gives up after the policy's tries with the last error unchanged", async () => {
    const { policy } = recorded({ attempts: 3 });
    const last = new PlatformUnavailableError(at, 'HTTP 500 third');
    const f = flaky([new PlatformUnavailableError(at, 'HTTP 500'), new ProtocolError(at, 'bad'), last, last]);
    await expect(withRetries(policy, true, f.call)).rejects.toBe(last);
    expect(f.calls()).toBe(3);
  });

  it('never repeats a create on a transient failure: its answer may be lost, not its effect', async () => {
    const { policy } = recorded();
    const f = flaky([new PlatformUnavailableError(at, 'connection failed')]);
    await expect(withRetries(policy, false, f.call)).rejects.toBeInstanceOf(PlatformUnavailableError);
    expect(f.calls()).toBe(1);
  });

  it.each([
    ['a refusal', new PlatformRejectedError({ ...at, status: 400 }, 'bad window')],
    ['refused credentials', new AuthFailedError({ ...at, status: 401 }, 'HTTP 401')],
    ['a spent quota', new QuotaExhaustedError({ ...at, status: 429 }, 'month spent')],
    ['a 404', new NotFoundError({ ...at, status: 404 })],
  ])('does not repeat %s', async (_what, err) => {
    const { policy } = recorded();
    const f = flaky([err]);
    await expect(withRetries(policy, true, f.call)).rejects.toBe(err);
    expect(f.calls()).toBe(1);
  });

  it("waits out a throttle's Retry-After for any call, never earlier than asked", async () => {
    const { policy, waits } = recorded({ random: () => 0.99 });
    const f = flaky([new RateLimitedError(at, 15_000)]);
    expect(await withRetries(policy, false, f.call)).toBe('ok');
    expect(waits[0]).toBeGreaterThanOrEqual(15_000);
    expect(waits[0]).toBeLessThanOrEqual(16_500);
  });

  it('honours a Retry-After on a 503 too', async () => {
    const { policy, waits } = recorded({ random: () => 0 });
    const f = flaky([new PlatformUnavailableError(at, 'HTTP 503', { retryAfterMs: 20_000 })]);
    await withRetries(policy, true, f.call);
    expect(waits).toEqual([20_000]);
  });

  it('lets a Retry-After longer than it waits leave, for the activity to retry after it', async () => {
    const { policy, waits } = recorded({ maxRetryAfterMs: 30_000 });
    const long = new RateLimitedError(at, 60_000);
    await expect(withRetries(policy, true, flaky([long]).call)).rejects.toBe(long);
    const unavailable = new PlatformUnavailableError(at, 'HTTP 503', { retryAfterMs: 3_600_000 });
    await expect(withRetries(policy, true, flaky([unavailable]).call)).rejects.toBe(unavailable);
    expect(waits).toEqual([]);
  });

  it("retries only the call's own errors: a token lookup on the way retries itself", async () => {
    const { policy } = recorded();
    const token = new PlatformUnavailableError({ platform: 'liveperson', operation: 'getToken' }, 'HTTP 503');
    const f = flaky([token]);
    await expect(withRetries(policy, true, f.call, 'searchConversations')).rejects.toBe(token);
    expect(f.calls()).toBe(1);
  });

  it('caps the backoff', () => {
    const err = new PlatformUnavailableError(at, 'HTTP 500');
    const policy = { ...defaultRetryPolicy, random: () => 1 - Number.EPSILON };
    expect(retryDelay(err, 20, policy)).toBeLessThanOrEqual(defaultRetryPolicy.maxDelayMs * 1.5);
    expect(retryDelay(err, 1, { ...policy, random: () => 0 })).toBe(5000);
  });
});
