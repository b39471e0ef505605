import { NeedsAttention } from './attention';
import { deadlineStatus } from './completion-estimate';
import { DerivedMatches } from './derived-matches';
import { ErasureRecord, iso, ledgerFor } from './erasure-record';
import type { ErasureSnapshot } from './erasure-snapshot';
import { LegalHolds } from './legal-holds';
import { platformConfirmed } from './platform-confirmation';
import type { PlatformId } from './platforms';
import type {
  DeadlineStatus,
  ErasureOutcome,
  ErasureProgress,
  OutcomeReason,
  Phase,
  PlatformCounts,
  PlatformFailure,
} from './progress';
import type { ErasureResult, PlatformResult } from './result';
import type { Timing } from './timing';
import { platformReasons, warehouseReasons } from './verdict';

export type { ErasureHeader, ErasureSnapshot, PendingCancel } from './erasure-snapshot';

/**
 * The state of one erasure: its phase and timeline, the subject's identifiers, one ledger per platform,
 * legal holds, a platform needing attention, the last error and any cancellation (ErasureRecord), and
 * what it answers from them: its progress, its result, how it ends and why. The workflow owns one
 * instance, feeds it results and time, and answers queries from it.
 */
/** The phases in which every record found has been sent and the platforms' work is being checked. */
const CHECKING_PHASES: ReadonlySet<Phase> = new Set([
  'awaiting_platform',
  'overdue',
  'awaiting_confirmation',
  'cleaning_downstream',
]);

export class ErasureState extends ErasureRecord {
  /** The state from its snapshot (the timeline goes on where it was). */
  static restore(snapshot: ErasureSnapshot, timing: Timing): ErasureState {
    const platforms = Object.keys(snapshot.ledgers) as PlatformId[];
    const state = new ErasureState(snapshot.header, platforms, timing, 0);
    state.timeline.length = 0;
    state.timeline.push(...snapshot.timeline);
    state.platformLedgers = new Map(platforms.map((p) => [p, ledgerFor(p, snapshot.ledgers[p])]));
    state.identifierList = [...snapshot.identifiers];
    state.holds = LegalHolds.restore(snapshot.holds);
    state.lastError = snapshot.lastError;
    state.needsAttention = new NeedsAttention(snapshot.attention);
    state.pendingCancel = snapshot.pendingCancel;
    state.stoppedAtHardStop = snapshot.stoppedAtHardStop;
    state.downstream = [...(snapshot.downstream ?? [])];
    state.erasedAt = snapshot.erasedAt;
    state.rediscover = snapshot.rediscover;
    state.linked = [...(snapshot.linked ?? [])];
    state.matches = new DerivedMatches(snapshot.matches ?? []);
    return state;
  }

  /**
   * Why the erasure is not complete, platform by platform and table by table (DESIGN §11): a failed
   * platform, records still present, still active, refused or never verified, a warehouse table that
   * failed or kept rows. Empty when it is complete. Held records are named with their reason, not here.
   */
  reasons(): OutcomeReason[] {
    const out: OutcomeReason[] = [];
    for (const [p, l] of this.ledgers) out.push(...platformReasons(p, l.statusCounts(), l.failureRecord));
    out.push(...this.matches.unconfirmedReasons());
    out.push(...warehouseReasons(this.downstream));
    return out;
  }

  /** How the erasure ends now, or ended. */
  outcome(): ErasureOutcome {
    if (this.cancellation) return 'cancelled';
    if (this.plan) return 'planned';
    return this.reasons().length === 0 ? 'completed' : 'incomplete';
  }

  /**
   * Every record on every platform verified gone, none given up on, no platform failed, and every
   * warehouse table cleaned so far clean: the moment the deadline is judged by.
   */
  get allErased(): boolean {
    return (
      !this.stoppedAtHardStop &&
      [...this.ledgers.values()].every((l) => !l.failureRecord && l.counts().remaining === 0) &&
      warehouseReasons(this.downstream).length === 0
    );
  }

  /** Whether the plan meets the deadline (`deadlineStatus`): judged by `erasedAt` once the data is gone. */
  deadlineStatus(now: number): DeadlineStatus {
    const estimates = [...this.ledgers.values()].map((l) => l.expectedCompletionAt(now, this.timing));
    return deadlineStatus(
      this.header.deadline,
      this.erasedAt,
      this.erasedAt === undefined ? estimates : [],
      now,
    );
  }

  progress(now: number): ErasureProgress {
    const platforms: Partial<Record<PlatformId, PlatformCounts>> = {};
    const quotaWaits: Partial<Record<PlatformId, string>> = {};
    const failedPlatforms: Partial<Record<PlatformId, PlatformFailure>> = {};
    for (const [p, l] of this.ledgers) {
      platforms[p] = l.counts();
      if (l.pausedUntil !== undefined && l.pausedUntil > now) quotaWaits[p] = iso(l.pausedUntil);
      const failure = l.failureRecord;
      if (failure) failedPlatforms[p] = failure;
    }
    const byProvenance: Record<string, number> = {};
    for (const id of this.identifierList)
      byProvenance[id.provenance] = (byProvenance[id.provenance] ?? 0) + 1;
    const next = this.nextWakeAt();
    const terminal = this.isEnded;
    return {
      requestId: this.header.requestId,
      subjectRef: this.header.subjectRef,
      phase: this.phase,
      timeline: [...this.timeline],
      platforms,
      deadline: this.deadlineStatus(now),
      overdue: this.isOverdue,
      identifiers: byProvenance,
      holds: this.holds.records(),
      quotaWaits,
      failedPlatforms,
      ...(this.attention.current ? { needsAttention: this.attention.current } : {}),
      ...(next !== undefined && !terminal ? { nextCheckAt: iso(Math.max(next, now)) } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
      ...(terminal && this.phase !== 'failed' ? { outcome: this.outcome(), reasons: this.reasons() } : {}),
      ...(this.matches.all().length > 0 ? { derivedMatches: this.matches.summaries() } : {}),
      ...(this.platformsConfirmed() ? { platformsConfirmed: true } : {}),
    };
  }

  /**
   * Whether every platform in scope has confirmed its part (src/domain/platform-confirmation.ts): only
   * once everything found was sent and the platforms are being checked, never before discovery ended.
   */
  private platformsConfirmed(): boolean {
    if (!CHECKING_PHASES.has(this.phase)) return false;
    return this.ledgers.size > 0 && [...this.ledgers.values()].every(platformConfirmed);
  }

  result(now: number): ErasureResult {
    const platforms: Partial<Record<PlatformId, PlatformResult>> = {};
    for (const [p, l] of this.ledgers) platforms[p] = l.result();
    return {
      requestId: this.header.requestId,
      subjectRef: this.header.subjectRef,
      ...(this.header.requestedBy !== undefined ? { requestedBy: this.header.requestedBy } : {}),
      ...(this.header.reason !== undefined ? { reason: this.header.reason } : {}),
      outcome: this.outcome(),
      reasons: this.reasons(),
      receivedAt: this.header.receivedAt,
      finishedAt: iso(now),
      timeline: [...this.timeline],
      platforms,
      identifiers: [...this.identifierList],
      deadline: this.deadlineStatus(now),
      stoppedAtHardStop: this.stoppedAtHardStop,
      holds: this.holds.records(),
      downstream: [...this.downstream],
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
      ...(this.plan ? { plan: this.plan } : {}),
      ...(this.linked.length > 0 ? { linkedRequests: [...this.linked] } : {}),
      ...(this.matches.all().length > 0 ? { derivedMatches: this.matches.summaries() } : {}),
    };
  }
}
