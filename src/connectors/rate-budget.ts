/**
 * A token bucket on the caller's side of a per-minute rate limit: every call of one process (one
 * access token) takes a token first, and waits for one when the minute's are spent, so concurrent
 * activities pace themselves instead of bursting into the platform's 429s. The platform's 429 and
 * Retry-After stay the authority; this only keeps them rare.
 */
export class RateBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    if (!(perMinute > 0)) throw new RangeError('a rate budget needs a positive number of calls a minute');
    this.tokens = perMinute;
    this.at = now();
  }

  /** Waits until a call is allowed, then spends it. */
  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute));
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.at) * this.perMinute) / 60_000);
    this.at = now;
  }
}
