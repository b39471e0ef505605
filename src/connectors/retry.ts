import { type PlatformError, PlatformUnavailableError, ProtocolError, RateLimitedError } from './errors';

/**
 * How one platform call is tried again inside an activity attempt before its error leaves: transient
 * answers of idempotent reads (5xx, resets, timeouts, malformed bodies) with bounded, jittered backoff,
 * and a throttle's Retry-After (a refused call was not carried out, so any call may repeat it).
 */
export interface RetryPolicy {
  /** Tries per call after transient failures, the first included. */
  readonly attempts: number;
  /**
   * Throttles waited out per call (not failures: the platform said when to come back). Past this many,
   * the throttle leaves for the activity to retry after.
   */
  readonly throttleWaits: number;
  /** The pause before the second try; it doubles with each further try, up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The longest Retry-After waited out inside the call; a longer one leaves, for the activity to retry after. */
  readonly maxRetryAfterMs: number;
  /**
   * Waits `ms` of platform time. The time profile decides what that is in real time: the same in the
   * standard profile, shorter by the compression rate in the compressed one (or a simulated clock moved on).
   */
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1): jitter, so calls failing together do not retry together. */
  readonly random: () => number;
}

/** Waits real time, `scale` real ms per platform ms (1 in the standard profile). */
export const realSleep =
  (scale = 1) =>
  (ms: number): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.round(ms * scale))));

/**
 * LivePerson's published guidance for 5xx is three retries 5, 10 and 15 s apart; this keeps its spirit
 * (four tries, 5 s doubling) with jitter, and waits out throttles of up to a minute.
 */
export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  throttleWaits: 10,
  baseDelayMs: 5_000,
  maxDelayMs: 60_000,
  maxRetryAfterMs: 60_000,
  sleep: realSleep(1),
  random: Math.random,
};

/** A policy that never repeats a call (unit tests of a single answer). */
export const noRetries: RetryPolicy = { ...defaultRetryPolicy, attempts: 1 };

/** Whether `err` may be tried again: a short throttle always, transient answers only for idempotent calls. */
export function retriable(err: unknown, idempotent: boolean, policy: RetryPolicy): boolean {
  if (err instanceof RateLimitedError) return err.retryAfterMs <= policy.maxRetryAfterMs;
  if (err instanceof PlatformUnavailableError)
    return idempotent && (err.retryAfterMs ?? 0) <= policy.maxRetryAfterMs;
  return idempotent && err instanceof ProtocolError;
}

/**
 * The pause before try `attempt + 1`: the platform's Retry-After when it gave one, else backoff from
 * `baseDelayMs` doubling, jittered up to half as long again.
 */
export function retryDelay(err: PlatformError, attempt: number, policy: RetryPolicy): number {
  const told =
    err instanceof RateLimitedError || err instanceof PlatformUnavailableError ? err.retryAfterMs : undefined;
  // Never earlier than the platform asked; a little later, spread out.
  if (told !== undefined) return told + Math.round(told * 0.1 * policy.random());
  // Jitter upwards only: never sooner than the pause LivePerson's guidance asks for (5 s, then more).
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(backoff * (1 + 0.5 * policy.random()));
}

/**
 * Runs `call` until it succeeds, its error is not retriable, or the policy's tries are spent; the last
 * error leaves unchanged (the activity's own retries take over from there). With `operation`, only that
 * call's own errors are retried here: a token or host lookup on the way retries itself, and must not be
 * retried again from outside.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  idempotent: boolean,
  call: () => Promise<T>,
  operation?: string,
): Promise<T> {
  let failures = 0;
  let throttles = 0;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      const own = operation === undefined || (err as Partial<PlatformError>).operation === operation;
      if (!own || !retriable(err, idempotent, policy)) throw err;
      if (err instanceof RateLimitedError) throttles += 1;
      else failures += 1;
      if (failures >= policy.attempts || throttles > policy.throttleWaits) throw err;
      await policy.sleep(retryDelay(err as PlatformError, failures, policy));
    }
  }
}
