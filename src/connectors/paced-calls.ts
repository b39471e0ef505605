import { RateLimitedError } from './errors';
import { RateBudget } from './rate-budget';
import { type RetryPolicy, withRetries } from './retry';

/**
 * A Retry-After that belongs to the credentials, not to the call that got it (a token, an account: as
 * the platform documents it): until it has passed, no call made with them goes out. Shared by every concurrent activity of the worker, since they share the session.
 */
export class TokenPause {
  private until = 0;

  constructor(private readonly now: () => number) {}

  /** The platform asked for `ms` without calls, from now. */
  pauseFor(ms: number): void {
    this.until = Math.max(this.until, this.now() + ms);
  }

  /** How long calls must still wait (0 when they may go). */
  get remainingMs(): number {
    return Math.max(0, this.until - this.now());
  }
}

/**
 * The calls made with one set of credentials whose platform limits them per minute: paced by a budget
 * of calls a minute, held back while a Retry-After is running, and retried inside the call on throttles
 * and, for reads, on transient failures.
 */
export class PacedCalls {
  private readonly budget: RateBudget;
  readonly pause: TokenPause;

  constructor(
    private readonly platform: string,
    now: () => number,
    perMinute: number,
    private readonly retry: RetryPolicy,
  ) {
    this.budget = new RateBudget(perMinute, now, retry.sleep);
    this.pause = new TokenPause(now);
  }

  /**
   * One call. It waits out a running Retry-After first (a longer one than the policy waits leaves as
   * RateLimitedError, which the activity retries after), then takes a call from the budget. A 429 pauses
   * every call made with the credentials for its Retry-After and is tried again: the limit is theirs and
   * per minute, and a discovery needs more calls than a minute allows, so failing the activity would only
   * start it over into the same limit.
   */
  run<T>(operation: string, idempotent: boolean, send: () => Promise<T>): Promise<T> {
    return withRetries(
      this.retry,
      idempotent,
      async () => {
        // Waiting for the budget can outlast a Retry-After another call meanwhile received: look again.
        do {
          await this.waitForPause(operation);
          await this.budget.take();
        } while (this.pause.remainingMs > 0);
        try {
          return await send();
        } catch (err) {
          if (err instanceof RateLimitedError) this.pause.pauseFor(err.retryAfterMs);
          throw err;
        }
      },
      operation,
    );
  }

  private async waitForPause(operation: string): Promise<void> {
    for (let ms = this.pause.remainingMs; ms > 0; ms = this.pause.remainingMs) {
      if (ms > this.retry.maxRetryAfterMs) {
        throw new RateLimitedError({ platform: this.platform, operation }, ms);
      }
      await this.retry.sleep(ms);
    }
  }
}
