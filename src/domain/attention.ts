import type { AttentionRecord } from './progress';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * A platform refused the credentials: the erasure needs an operator. Keeps what was refused (the
 * latest refusal, since the first), and whether an operator has asked to try again.
 */
export class NeedsAttention {
  private record?: AttentionRecord;
  private retryAsked = false;

  constructor(restored?: AttentionRecord) {
    this.record = restored;
  }

  /** What needs attention now, if anything. */
  get current(): AttentionRecord | undefined {
    return this.record;
  }

  flag(record: Omit<AttentionRecord, 'since'>, now: number): void {
    // The latest refusal, since the first one: operators see what is wrong now and for how long.
    this.record = { ...record, since: this.record?.since ?? iso(now) };
    this.retryAsked = false;
  }

  clear(): void {
    this.record = undefined;
    this.retryAsked = false;
  }

  /** An operator says the credentials are fixed. */
  askRetry(): void {
    this.retryAsked = true;
  }

  get retryRequested(): boolean {
    return this.retryAsked;
  }
}
