const WINDOW_MS = 60_000;

/** A call over the limit: what the 429's headers say about it. */
export interface Refusal {
  /** Seconds until the window ends (`Retry-After`): waiting them always lets the next call through. */
  readonly retryAfterSeconds: number;
  /** Calls made in the window, this one and refused ones included (`ot-request-made`). */
  readonly made: number;
  /** The window had refused a call already: the caller did not wait out that call's Retry-After. */
  readonly ignoredRetryAfter: boolean;
}

/**
 * OneTrust's per-API minute rule on the simulator's clock: fixed windows on clock minutes, one count per
 * key (each endpoint is limited on its own). OneTrust's sample 429s (`Retry-After: 55` with
 * `ot-period: MINUTE`, `ot-request-made` above `ot-requests-allowed`) read as fixed windows that count
 * refused calls too (developer.onetrust.com/onetrust/reference/rate-limits-overview).
 */
export class MinuteLimiter {
  private readonly windows = new Map<string, { start: number; made: number; refused: boolean }>();

  /** Counts a call to `key` at `now`; answers the refusal when it is over `perMinute`. */
  take(key: string, now: number, perMinute: number): Refusal | undefined {
    const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
    let window = this.windows.get(key);
    if (window?.start !== start) {
      window = { start, made: 0, refused: false };
      this.windows.set(key, window);
    }
    window.made += 1;
    if (window.made <= perMinute) return undefined;
    const ignoredRetryAfter = window.refused;
    window.refused = true;
    return {
      retryAfterSeconds: Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000)),
      made: window.made,
      ignoredRetryAfter,
    };
  }

  clear(): void {
    this.windows.clear();
  }
}
