/** One limit a call counts against: `limit` calls in any `windowMs` (sliding, on the virtual clock). */
export interface Limit {
  readonly key: string;
  readonly limit: number;
  readonly windowMs: number;
}

/** Why a call was refused: the seconds to wait, and whether the caller had been told to wait already. */
export interface Refusal {
  readonly retryAfterSeconds: number;
  /** Set when the call came before a Retry-After it (or a sibling call) was given had passed. */
  readonly ignoredRetryAfter: boolean;
}

/**
 * A call arriving this soon (real time) after a 429, within the first half of its Retry-After on the
 * platform's clock, was already on its way when the 429 went out: not a breach (as Genesys' limiter).
 */
const IN_FLIGHT_MS = 200;

interface Window {
  /** Platform times of the calls it counted, oldest first. */
  readonly calls: number[];
  retryAfterUntil: number;
  announced?: { at: number; real: number };
}

/**
 * Sliding one-minute (or longer) windows per account and per endpoint (R16): a call is admitted when
 * every window it counts against has room, and then counted in all of them; a refused call (a 429)
 * is counted nowhere, so it changes nothing.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  /** Undefined when every window has room; otherwise the longest wait among the full ones. */
  check(limits: readonly Limit[], now: number): Refusal | undefined {
    let wait = 0;
    let ignored = false;
    for (const l of limits) {
      const w = this.window(l, now);
      if (w.calls.length < l.limit) continue;
      const frees = (w.calls[w.calls.length - l.limit] ?? now) + l.windowMs;
      const seconds = Math.max(1, Math.ceil((frees - now) / 1000));
      const a = w.announced;
      const inFlight =
        a !== undefined &&
        this.realNow() - a.real < IN_FLIGHT_MS &&
        now - a.at < (w.retryAfterUntil - a.at) / 2;
      if (now < w.retryAfterUntil && !inFlight) ignored = true;
      if (now >= w.retryAfterUntil) {
        w.retryAfterUntil = now + seconds * 1000;
        w.announced = { at: now, real: this.realNow() };
      }
      wait = Math.max(wait, seconds);
    }
    return wait > 0 ? { retryAfterSeconds: wait, ignoredRetryAfter: ignored } : undefined;
  }

  record(limits: readonly Limit[], now: number): void {
    for (const l of limits) this.window(l, now).calls.push(now);
  }

  /** Calls left in the window now (the `X-Rate-Limit-Remaining` header). */
  remaining(l: Limit, now: number): number {
    return Math.max(0, l.limit - this.window(l, now).calls.length);
  }

  clear(): void {
    this.windows.clear();
  }

  private window(l: Limit, now: number): Window {
    let w = this.windows.get(l.key);
    if (!w) {
      w = { calls: [], retryAfterUntil: 0 };
      this.windows.set(l.key, w);
    }
    // Calls older than the window no longer count; the clock never goes back.
    const from = now - l.windowMs;
    let drop = 0;
    while (drop < w.calls.length && (w.calls[drop] ?? now) <= from) drop += 1;
    if (drop > 0) w.calls.splice(0, drop);
    return w;
  }
}
