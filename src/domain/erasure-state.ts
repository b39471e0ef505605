import { PlatformLedger } from './platform-ledger';
import type { PlatformId } from './platforms';
import type {
  CancellationRecord,
  ErasureProgress,
  ErasureResult,
  LastError,
  Phase,
  PhaseChange,
  PlatformCounts,
  PlatformResult,
} from './progress';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A cancel request not yet carried out. */
export interface PendingCancel {
  readonly by: string;
  readonly reason: string;
  readonly at: number;
  readonly via: CancellationRecord['via'];
}

/**
 * The state of one erasure: its phase and timeline, one ledger per platform, the last error and any
 * cancellation. The workflow owns one instance, feeds it results and time, and answers queries from it.
 */
export class ErasureState {
  readonly ledgers: ReadonlyMap<PlatformId, PlatformLedger>;
  private readonly timeline: PhaseChange[] = [];
  private lastError?: LastError;
  private pendingCancel?: PendingCancel;
  private cancellation?: CancellationRecord;

  constructor(
    private readonly header: { requestId: string; subjectRef: string; receivedAt: string },
    platforms: readonly PlatformId[],
    now: number,
  ) {
    this.ledgers = new Map(platforms.map((p) => [p, new PlatformLedger()]));
    this.enter('resolving', now);
  }

  get phase(): Phase {
    return this.timeline[this.timeline.length - 1]?.phase ?? 'resolving';
  }

  /** Moves to `phase`; staying in the same phase records nothing. */
  enter(phase: Phase, now: number): void {
    if (this.phase === phase && this.timeline.length > 0) return;
    this.timeline.push({ phase, at: iso(now) });
  }

  ledger(platform: PlatformId): PlatformLedger {
    const l = this.ledgers.get(platform);
    if (!l) throw new RangeError(`platform ${platform} is not in scope`);
    return l;
  }

  /** The phase to show while waiting: for open conversations until anything is sent, then for the platforms. */
  waitingPhase(): Phase {
    const anySent = [...this.ledgers.values()].some((l) => l.hasSubmissions());
    return anySent ? 'awaiting_platform' : 'waiting_for_active';
  }

  /** The earliest time any platform needs attention, if any. */
  nextWakeAt(): number | undefined {
    const times = [...this.ledgers.values()]
      .map((l) => l.nextWakeAt())
      .filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  isSettled(): boolean {
    return [...this.ledgers.values()].every((l) => l.isSettled());
  }

  noteError(error: Omit<LastError, 'at'>, now: number): void {
    this.lastError = { ...error, at: iso(now) };
  }

  /** Records a cancel request; the first one wins. */
  requestCancel(cancel: PendingCancel): void {
    this.pendingCancel ??= cancel;
  }

  get cancelRequested(): PendingCancel | undefined {
    return this.pendingCancel;
  }

  /** Closes the erasure as cancelled, with what had been sent and whether each request was withdrawn. */
  markCancelled(submitted: CancellationRecord['submitted'], now: number): void {
    const cancel = this.pendingCancel ?? {
      by: 'unknown',
      reason: 'unknown',
      at: now,
      via: 'temporal' as const,
    };
    this.cancellation = {
      by: cancel.by,
      reason: cancel.reason,
      at: iso(cancel.at),
      via: cancel.via,
      submitted,
    };
    this.enter('cancelled', now);
  }

  progress(now: number): ErasureProgress {
    const platforms: Partial<Record<PlatformId, PlatformCounts>> = {};
    for (const [p, l] of this.ledgers) platforms[p] = l.counts();
    const next = this.nextWakeAt();
    const terminal = this.phase === 'completed' || this.phase === 'cancelled' || this.phase === 'failed';
    return {
      requestId: this.header.requestId,
      subjectRef: this.header.subjectRef,
      phase: this.phase,
      timeline: [...this.timeline],
      platforms,
      ...(next !== undefined && !terminal ? { nextCheckAt: iso(Math.max(next, now)) } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
    };
  }

  result(now: number): ErasureResult {
    const platforms: Partial<Record<PlatformId, PlatformResult>> = {};
    for (const [p, l] of this.ledgers) platforms[p] = l.result();
    return {
      requestId: this.header.requestId,
      subjectRef: this.header.subjectRef,
      outcome: this.cancellation ? 'cancelled' : 'completed',
      receivedAt: this.header.receivedAt,
      finishedAt: iso(now),
      timeline: [...this.timeline],
      platforms,
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
    };
  }
}
