/** One platform call the simulator answered, and every rule of the contract it broke. */
export interface JournalEntry {
  readonly seq: number;
  /** Simulator time (ISO-8601). */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly violations: readonly string[];
  /** Set when the answer was an injected fault rather than the contract's. */
  readonly fault?: string;
}

/** The record of every platform call, for tests and operators to audit a run. */
export class Journal {
  private readonly entries: JournalEntry[] = [];

  add(entry: Omit<JournalEntry, 'seq'>): void {
    this.entries.push({ ...entry, seq: this.entries.length + 1 });
  }

  all(): readonly JournalEntry[] {
    return this.entries;
  }

  /** Calls that broke a rule of the contract. */
  violations(): JournalEntry[] {
    return this.entries.filter((e) => e.violations.length > 0);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
