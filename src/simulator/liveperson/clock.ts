/**
 * The simulator's notion of now. By default it follows real time plus an offset that the admin API
 * can move forward; `set` pins it (tests follow the time-skipping server's clock this way). It never
 * goes backwards, so a deletion that completed stays completed.
 */
export class VirtualClock {
  private offsetMs = 0;

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
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
