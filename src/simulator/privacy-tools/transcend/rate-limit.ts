const WINDOW_MS = 60_000;

/**
 * A sliding one-minute window on the simulator's clock: `perMinute` calls, then a wait until the oldest
 * call in the window leaves it. Transcend documents the 429 but not its limit or window; these are the
 * simulator's.
 */
export class SlidingWindowLimiter {
  private readonly calls: number[] = [];

  /** Counts a call at `now`; returns the seconds to wait (for Retry-After) when it is over the limit. */
  take(now: number, perMinute: number): number | undefined {
    while (this.calls.length > 0 && (this.calls[0] ?? 0) <= now - WINDOW_MS) this.calls.shift();
    if (this.calls.length < perMinute) {
      this.calls.push(now);
      return undefined;
    }
    // A refused call does not count: waiting out the Retry-After always lets the next one through.
    const oldest = this.calls[this.calls.length - perMinute] ?? now;
    return Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
  }

  clear(): void {
    this.calls.length = 0;
  }
}
