import { Journal, type JournalEntry } from './journal';

/**
 * The kit's journal, plus rules a call broke although it was answered as the platform answers it (a
 * 429 with its text body to a caller that ignored Retry-After; a deletion the platform accepts as a job
 * though it breaks its documented order; a loose body a tool takes). A handler flags them; they join the
 * entry the server loop adds for the same call right after.
 */
export class CallJournal extends Journal {
  private readonly flagged: Array<{ readonly call: string; readonly violation: string }> = [];

  flag(method: string, path: string, violation: string): void {
    this.flagged.push({ call: `${method} ${path}`, violation });
  }

  /** Drops what a handler flagged for a call that ends up unanswered by the loop (it threw). */
  unflag(method: string, path: string): void {
    const call = `${method} ${path}`;
    for (let i = this.flagged.length - 1; i >= 0; i--)
      if (this.flagged[i]?.call === call) this.flagged.splice(i, 1);
  }

  override add(entry: Omit<JournalEntry, 'seq'>): void {
    const call = `${entry.method} ${entry.path.split('?')[0]}`;
    const mine = this.flagged.filter((f) => f.call === call).map((f) => f.violation);
    if (mine.length > 0) this.unflag(entry.method, entry.path.split('?')[0] ?? '');
    super.add(mine.length > 0 ? { ...entry, violations: [...entry.violations, ...mine] } : entry);
  }

  override clear(): void {
    this.flagged.length = 0;
    super.clear();
  }
}
