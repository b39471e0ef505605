import { NeedsAttention } from './attention';
import { deadlineStatus } from './completion-estimate';
import { DerivedMatches, type Sorted } from './derived-matches';
import type { ErasureHeader, ErasureSnapshot, PendingCancel } from './erasure-snapshot';
import { type ExpandPolicy, indexIdentifiers } from './expansion';
import { mergeIdentifiers, type ResolvedIdentifier } from './identifiers';
import { LegalHolds } from './legal-holds';
import { type LinkedRequest, MAX_LINKED_REQUESTS } from './linked-requests';
import { type LedgerSnapshot, PlatformLedger } from './platform-ledger';
import { type PlatformId, type PlatformRecord, platformLimits, type RecordKind } from './platforms';
import type {
  CancellationRecord,
  DeadlineStatus,
  ErasureOutcome,
  ErasureProgress,
  HoldRecord,
  LastError,
  OutcomeReason,
  Phase,
  PhaseChange,
  PlatformCounts,
  PlatformFailure,
} from './progress';
import type { ErasurePlan, ErasureResult, PlatformResult } from './result';
import type { Timing } from './timing';
import { platformReasons, warehouseReasons } from './verdict';
import type { WarehouseCleanupPass } from './warehouse';

export type { ErasureHeader, ErasureSnapshot, PendingCancel } from './erasure-snapshot';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A platform's ledger with the platform's own rules: new, or from its snapshot. */
function ledgerFor(platform: PlatformId, snapshot?: LedgerSnapshot): PlatformLedger {
  const { waitsForOpenConversations, keptAfterDone } = platformLimits[platform];
  return snapshot
    ? PlatformLedger.restore(snapshot, waitsForOpenConversations, keptAfterDone)
    : new PlatformLedger(waitsForOpenConversations, keptAfterDone);
}

const TERMINAL: readonly Phase[] = ['completed', 'incomplete', 'cancelled', 'failed', 'planned'];

/**
 * The state of one erasure: its phase and timeline, the subject's identifiers, one ledger per platform,
 * legal holds, a platform needing attention, the last error and any cancellation. The workflow owns one
 * instance, feeds it results and time, and answers queries from it.
 */
export class ErasureState {
  private platformLedgers: ReadonlyMap<PlatformId, PlatformLedger>;
  private readonly timeline: PhaseChange[] = [];
  private identifierList: ResolvedIdentifier[] = [];
  private holds = new LegalHolds();
  private lastError?: LastError;
  private needsAttention = new NeedsAttention();
  private pendingCancel?: PendingCancel;
  private cancellation?: CancellationRecord;
  private stoppedAtHardStop = false;
  private plan?: ErasurePlan;
  private downstream: WarehouseCleanupPass[] = [];
  private erasedAt?: number;
  private linked: LinkedRequest[] = [];
  /** Set when identifiers arrive mid-way: resolution and discovery run again. */
  private rediscover = false;
  /** Bumped by every answer from a quota governor, so the workflow's wait can notice one. */
  private governorAnswers = 0;
  /** Records reached only through derived identifiers, and what operators decided (issue 15). */
  private matches = new DerivedMatches();
  /** Bumped by every operator decision on derived matches, so the workflow's wait can notice one. */
  private matchDecisions = 0;

  constructor(
    private readonly header: ErasureHeader,
    platforms: readonly PlatformId[],
    private readonly timing: Timing,
    now: number,
  ) {
    this.platformLedgers = new Map(platforms.map((p) => [p, ledgerFor(p)]));
    this.enter('resolving', now);
  }

  /** One ledger per platform of the erasure. */
  get ledgers(): ReadonlyMap<PlatformId, PlatformLedger> {
    return this.platformLedgers;
  }

  /** A platform refused the credentials (DESIGN §3): nothing moves on it until an operator acts. */
  get attention(): NeedsAttention {
    return this.needsAttention;
  }

  // --- what wakes the workflow's wait: named transitions, counted or flagged here ---------------------

  /** New identifiers arrived mid-way: resolution and discovery run again. */
  askRediscovery(): void {
    this.rediscover = true;
  }

  get rediscoveryAsked(): boolean {
    return this.rediscover;
  }

  /** Whether a rediscovery was asked, clearing the request (the workflow runs it now). */
  takeRediscovery(): boolean {
    const asked = this.rediscover;
    this.rediscover = false;
    return asked;
  }

  /** A quota governor answered (a receipt, a rejection, a release). */
  countGovernorAnswer(): void {
    this.governorAnswers += 1;
  }

  get governorAnswerCount(): number {
    return this.governorAnswers;
  }

  get matchDecisionCount(): number {
    return this.matchDecisions;
  }

  /** The state as plain data (a copy), to continue as new with. */
  snapshot(): ErasureSnapshot {
    const ledgers: Partial<Record<PlatformId, LedgerSnapshot>> = {};
    for (const [p, l] of this.ledgers) ledgers[p] = l.snapshot();
    return JSON.parse(
      JSON.stringify({
        header: this.header,
        ledgers,
        timeline: this.timeline,
        identifiers: this.identifierList,
        holds: this.holds.snapshot(),
        lastError: this.lastError,
        attention: this.needsAttention.current,
        pendingCancel: this.pendingCancel,
        stoppedAtHardStop: this.stoppedAtHardStop,
        rediscover: this.rediscover,
        downstream: this.downstream,
        erasedAt: this.erasedAt,
        linked: this.linked,
        ...(this.matches.all().length > 0 ? { matches: this.matches.snapshot() } : {}),
      }),
    ) as ErasureSnapshot;
  }

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

  /** The erasure's deadline (epoch ms). */
  get deadline(): number {
    return this.header.deadline;
  }

  /** Completed, cancelled, failed or planned: nothing more will happen. */
  get isEnded(): boolean {
    return TERMINAL.includes(this.phase);
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

  get identifiers(): readonly ResolvedIdentifier[] {
    return this.identifierList;
  }

  /** Merges identifiers (first provenance wins); returns how many were new. */
  addIdentifiers(found: readonly ResolvedIdentifier[]): number {
    const before = this.identifierList.length;
    this.identifierList = mergeIdentifiers(this.identifierList, found);
    return this.identifierList.length - before;
  }

  // --- identity expansion (issue 15) ----------------------------------------------------------------

  /**
   * Sorts one platform's newly discovered records under the policy: the requester's own and the
   * derived matches it erases go to the ledger now; the others wait for an operator (or, under `off`,
   * are not used). Records the ledger knows already keep their status.
   */
  addDiscovered(
    platform: PlatformId,
    found: readonly PlatformRecord[],
    policy: ExpandPolicy | undefined,
    now: number,
  ): Sorted {
    const ledger = this.ledger(platform);
    const sorted = this.matches.sort(platform, found, indexIdentifiers(this.identifierList), policy, (r) =>
      ledger.knows(r.kind, r.id),
    );
    ledger.addRecords(sorted.proceed, now, this.timing.activeRecheckMs);
    return sorted;
  }

  /**
   * An operator's decision on the derived matches waiting: the confirmed ones join their ledgers (as
   * they were found: open conversations wait to close), the excluded ones are never sent.
   */
  decideMatches(
    input: { by: string; reason?: string; exclude?: readonly string[]; confirm?: readonly string[] },
    now: number,
  ): { confirmed: string[]; excluded: string[] } {
    const before = new Set(this.matches.pending().map((g) => g.ref));
    for (const { platform, records } of this.matches.decide(input, now))
      this.ledger(platform).addRecords(records, now, this.timing.activeRecheckMs);
    this.matchDecisions += 1;
    const decided = this.matches.all().filter((g) => before.has(g.ref) && g.decision !== undefined);
    return {
      confirmed: decided.filter((g) => g.decision?.confirmed).map((g) => g.ref),
      excluded: decided.filter((g) => g.decision?.confirmed === false).map((g) => g.ref),
    };
  }

  /** The names (`m1`, …) of the derived matches waiting for an operator. */
  waitingMatches(): string[] {
    return this.matches.pending().map((g) => g.ref);
  }

  /** Derived matches waiting for an operator. */
  get awaitsConfirmation(): boolean {
    return this.matches.pending().length > 0;
  }

  /**
   * The identifiers a platform may be sent (a Genesys request names the person by all of them): never
   * one whose matches an operator excluded or has yet to confirm, nor one the policy does not use.
   */
  sendableIdentifiers(policy: ExpandPolicy | undefined): ResolvedIdentifier[] {
    return this.matches.sendable(this.identifierList, policy);
  }

  /** Another request for this subject joined the erasure (the newest are kept past the bound). */
  linkRequest(linked: LinkedRequest): void {
    this.linked = [...this.linked, linked].slice(-MAX_LINKED_REQUESTS);
  }

  /** The phase to show while waiting: on hold, overdue, for the platforms, or for open conversations. */
  waitingPhase(): Phase {
    if (this.activeHold) return 'on_hold';
    const ledgers = [...this.ledgers.values()];
    if (ledgers.some((l) => l.isOverdue())) return 'overdue';
    // Everything else done, derived matches still waiting: the operator is what the erasure waits for.
    if (this.awaitsConfirmation && ledgers.every((l) => l.isSettled())) return 'awaiting_confirmation';
    return ledgers.some((l) => l.hasSubmissions()) ? 'awaiting_platform' : 'waiting_for_active';
  }

  /** The earliest time any platform needs attention, if any. */
  nextWakeAt(): number | undefined {
    const times = [...this.ledgers.values()]
      .map((l) => l.nextWakeAt())
      .filter((t): t is number => t !== undefined);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  isSettled(): boolean {
    return !this.awaitsConfirmation && [...this.ledgers.values()].every((l) => l.isSettled());
  }

  get isOverdue(): boolean {
    return [...this.ledgers.values()].some((l) => l.isOverdue());
  }

  noteError(error: Omit<LastError, 'at'>, now: number): void {
    this.lastError = { ...error, at: iso(now) };
  }

  // --- legal holds (kept by LegalHolds; these names are what the workflow speaks) ----------------

  get activeHold(): HoldRecord | undefined {
    return this.holds.active;
  }

  get holdGeneration(): number {
    return this.holds.generation;
  }

  /** A hold changed since the workflow last applied one. */
  get holdNeedsApplying(): boolean {
    return this.holds.applied !== this.holds.generation;
  }

  /** The workflow has applied the holds as they stand now. */
  markHoldApplied(): void {
    this.holds.applied = this.holds.generation;
  }

  placeHold(hold: { by: string; reason: string }, now: number): void {
    this.holds.place(hold, now);
  }

  releaseHold(release: { by: string; reason: string }, now: number): void {
    this.holds.release(release, now);
  }

  /** Records what placing the hold withdrew, or could not, at one platform. */
  noteHoldWithdrawal(
    platform: PlatformId,
    requestId: string,
    outcome: { withdrawn: boolean; note?: string },
  ): void {
    this.holds.noteWithdrawal(platform, requestId, outcome);
  }

  // --- ending --------------------------------------------------------------------------------------

  /** Records a cancel request; the first one wins. */
  requestCancel(cancel: PendingCancel): void {
    this.pendingCancel ??= cancel;
  }

  get cancelRequested(): PendingCancel | undefined {
    return this.pendingCancel;
  }

  /**
   * Closes the erasure as cancelled, with what had been sent and whether each request was withdrawn.
   * Nothing found is claimed gone unless verified: whatever was not is named still present (or still
   * active), as at the hard stop.
   */
  markCancelled(submitted: CancellationRecord['submitted'], now: number): void {
    for (const l of this.ledgers.values()) l.stop(now);
    const unknown = { by: 'unknown', reason: 'unknown', at: now, via: 'temporal' as const };
    const { by, reason, at, via } = this.pendingCancel ?? unknown;
    this.cancellation = { by, reason, at: iso(at), via, submitted };
    this.enter('cancelled', now);
  }

  /**
   * When to stop waiting: `hardStopMs` after receipt, pushed back by the time spent under legal holds
   * (a hold is not the platform's delay). Never while a hold is in place.
   */
  hardStopAt(now: number): number | undefined {
    if (this.activeHold) return undefined;
    return Date.parse(this.header.receivedAt) + this.timing.hardStopMs + this.holds.heldMs(now);
  }

  /** The hard stop: complete with whatever is still present named. */
  stopAtHardStop(now: number): void {
    for (const l of this.ledgers.values()) l.stop(now);
    this.stoppedAtHardStop = true;
  }

  /** Every record found on every platform, for matching copies downstream. */
  allRecords(): Array<{ platform: PlatformId; kind: RecordKind; id: string }> {
    return [...this.ledgers].flatMap(([platform, l]) => l.knownRecords().map((r) => ({ platform, ...r })));
  }

  /** Records one warehouse clean-up pass. */
  recordWarehousePass(pass: WarehouseCleanupPass): void {
    this.downstream.push(pass);
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

  /** The data is gone everywhere Lethe reaches: the deadline is judged by this moment. */
  markErased(now: number): void {
    this.erasedAt ??= now;
  }

  /** A dry run ends with its plan. */
  setPlan(plan: ErasurePlan, now: number): void {
    this.plan = plan;
    this.enter('planned', now);
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
    };
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
