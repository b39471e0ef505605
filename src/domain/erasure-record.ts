import { NeedsAttention } from './attention';
import { DerivedMatches, type Sorted } from './derived-matches';
import type { ErasureHeader, ErasureSnapshot, PendingCancel } from './erasure-snapshot';
import { type ExpandPolicy, indexIdentifiers } from './expansion';
import { mergeIdentifiers, type ResolvedIdentifier } from './identifiers';
import { LegalHolds } from './legal-holds';
import { type LinkedRequest, MAX_LINKED_REQUESTS } from './linked-requests';
import { type LedgerSnapshot, PlatformLedger } from './platform-ledger';
import { type PlatformId, type PlatformRecord, platformLimits, type RecordKind } from './platforms';
import type { CancellationRecord, HoldRecord, LastError, Phase, PhaseChange } from './progress';
import type { ErasurePlan } from './result';
import type { Timing } from './timing';
import type { WarehouseCleanupPass } from './warehouse';

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A platform's ledger with the platform's own rules: new, or from its snapshot. */
export function ledgerFor(platform: PlatformId, snapshot?: LedgerSnapshot): PlatformLedger {
  const { waitsForOpenConversations, keptAfterDone } = platformLimits[platform];
  return snapshot
    ? PlatformLedger.restore(snapshot, waitsForOpenConversations, keptAfterDone)
    : new PlatformLedger(waitsForOpenConversations, keptAfterDone);
}

const TERMINAL: readonly Phase[] = ['completed', 'incomplete', 'cancelled', 'failed', 'planned'];

/**
 * What one erasure keeps (ErasureState adds its answers: progress, result, outcome and reasons): its phase and timeline, the subject's identifiers, one ledger per platform,
 * legal holds, a platform needing attention, the last error and any cancellation. The workflow owns one
 * instance, feeds it results and time, and answers queries from it.
 */
export class ErasureRecord {
  protected platformLedgers: ReadonlyMap<PlatformId, PlatformLedger>;
  protected readonly timeline: PhaseChange[] = [];
  protected identifierList: ResolvedIdentifier[] = [];
  protected holds = new LegalHolds();
  protected lastError?: LastError;
  protected needsAttention = new NeedsAttention();
  protected pendingCancel?: PendingCancel;
  protected cancellation?: CancellationRecord;
  protected stoppedAtHardStop = false;
  protected plan?: ErasurePlan;
  protected downstream: WarehouseCleanupPass[] = [];
  protected erasedAt?: number;
  protected linked: LinkedRequest[] = [];
  /** Set when identifiers arrive mid-way: resolution and discovery run again. */
  protected rediscover = false;
  /** Bumped by every answer from a quota governor, so the workflow's wait can notice one. */
  protected governorAnswers = 0;
  /** Records reached only through derived identifiers, and what operators decided (issue 15). */
  protected matches = new DerivedMatches();
  /** Bumped by every operator decision on derived matches, so the workflow's wait can notice one. */
  protected matchDecisions = 0;

  constructor(
    protected readonly header: ErasureHeader,
    platforms: readonly PlatformId[],
    protected readonly timing: Timing,
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

  /** The data is gone everywhere Lethe reaches: the deadline is judged by this moment. */
  markErased(now: number): void {
    this.erasedAt ??= now;
  }

  /** A dry run ends with its plan. */
  setPlan(plan: ErasurePlan, now: number): void {
    this.plan = plan;
    this.enter('planned', now);
  }
}
