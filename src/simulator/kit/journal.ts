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
  /**
   * Set on a create that made the same request again (LivePerson: for records an earlier request already
   * deletes; Genesys: under an earlier request's name): that request's id. Not a broken rule (the
   * platforms allow it), but what an idempotent client never does after a lost answer.
   */
  readonly repeatOf?: string;
  /**
   * Set on a create that asks for nothing an earlier, different request does not already do (Genesys: the
   * same subject while that request is pending or completed; the chatbot: the same chatter, none of whose
   * conversations ended since): that request's id. Redundant work for the platform, not a repeat.
   */
  readonly overlaps?: string;
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
