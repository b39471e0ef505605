/** What an activity attempt carries over to the next: the results of the steps it finished. */
export interface ProgressDetails {
  readonly steps: Readonly<Record<string, unknown>>;
}

/** The saved steps of one call, shared by every scope of it. */
class StepStore {
  readonly steps: Map<string, unknown>;
  readonly resumed: number;

  constructor(
    saved: unknown,
    private readonly save?: (details: ProgressDetails) => void,
  ) {
    const steps = (saved as Partial<ProgressDetails> | undefined)?.steps;
    this.steps = new Map(steps && typeof steps === 'object' ? Object.entries(steps) : []);
    this.resumed = this.steps.size;
  }

  record(key: string, value: unknown): void {
    this.steps.set(key, value);
    this.save?.({ steps: Object.fromEntries(this.steps) });
  }
}

/**
 * The finished steps of one long platform call (a search through 13 months of windows and pages),
 * saved after each step so a retried attempt resumes where the last one stopped instead of starting
 * over. Step results must be plain data (they travel as activity heartbeat details).
 */
export class StepProgress {
  private constructor(
    private readonly store: StepStore,
    private readonly prefix: string,
  ) {}

  /** Progress saved by an earlier attempt (`saved`, as `save` last wrote it), or none. */
  static of(saved?: unknown, save?: (details: ProgressDetails) => void): StepProgress {
    return new StepProgress(new StepStore(saved, save), '');
  }

  /** How many steps an earlier attempt had finished. */
  get resumedSteps(): number {
    return this.store.resumed;
  }

  /** The result of step `key`: saved by an earlier attempt, or run now and saved. */
  async step<T>(key: string, run: () => Promise<T> | T): Promise<T> {
    const full = `${this.prefix}${key}`;
    if (this.store.steps.has(full)) return this.store.steps.get(full) as T;
    const value = await run();
    this.store.record(full, value);
    return value;
  }

  /** A view whose keys are prefixed, for one search among several in the same call. */
  scope(name: string): StepProgress {
    return new StepProgress(this.store, `${this.prefix}${name}/`);
  }
}

/**
 * What one activity attempt tells a connector: which attempt it is, when the first was scheduled (on
 * the platform's clock: a create whose answer was lost can only have happened after it), and where an
 * earlier attempt got to.
 */
export interface CallContext {
  readonly attempt: number;
  readonly firstAttemptAt: number;
  readonly progress: StepProgress;
}

/** The context of a call made outside any activity (tests, tools): a first attempt, nothing saved. */
export const firstAttempt = (now: number): CallContext => ({
  attempt: 1,
  firstAttemptAt: now,
  progress: StepProgress.of(),
});
