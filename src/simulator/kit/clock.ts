/**
 * The simulator's notion of now. By default it follows real time plus an offset that the admin API
 * can move forward; `set` pins it (tests follow the time-skipping server's clock this way). It never
 * goes backwards, so a deletion that completed stays completed.
 */
export class VirtualClock {
  private offsetMs = 0;
  private readonly startedAt: number;

  /**
   * `rate` > 1 makes platform time run faster than real time (a month in seconds, for end-to-end runs
   * that must cross calendar months); the platform's own durations then stay the documented ones.
   */
  constructor(
    private readonly realNow: () => number = Date.now,
    private readonly rate = 1,
    /** The real instant platform time starts running at `rate` from (a deployment's platform clock); default now. */
    epochMs?: number,
  ) {
    this.startedAt = epochMs ?? realNow();
  }

  /** The real instant the clock started at: platform time = epoch + (real − epoch) × rate + offset. */
  get epochMs(): number {
    return this.startedAt;
  }

  now(): number {
    const real = this.realNow();
    return this.startedAt + (real - this.startedAt) * this.rate + this.offsetMs;
  }

  advance(ms: number): number {
    if (ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    return this.now();
  }

  /** Moves the clock to `ms` if that is later than now. */
  setAtLeast(ms: number): number {
    const now = this.now();
    if (ms > now) this.offsetMs += ms - now;
    return this.now();
  }
}
