import { expectedCompletion } from './completion-estimate';
import type { LedgerSnapshot, LedgerTiming, Receipt, Submission } from './ledger-types';
import type { PlatformRecord, RecordKind, RetainedData } from './platforms';
import {
  type FailedBatch,
  LISTED_REQUEST_IDS,
  type PlatformCounts,
  type PlatformFailure,
  type RequestStatus,
} from './progress';
import { RecordTable } from './record-table';
import type { PlatformResult } from './result';
import { isOverdue, newSubmission, nextCheckOf, summarise } from './submissions';
import type { Timing } from './timing';
import { platformVerdict, type StatusCounts } from './verdict';

export type { LedgerSnapshot, LedgerTiming, Receipt };

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Everything one erasure knows about one platform: its records and where each stands, the requests
 * sent, their verifications, and failed batches. Pure; the workflow feeds it activity results and time.
 */
export class PlatformLedger {
  private records = new RecordTable();
  private readonly submissions: Submission[] = [];
  private readonly failed: FailedBatch[] = [];
  private nextActiveCheckAt?: number;
  private quotaPausedUntil?: number;
  private retainedData: RetainedData[] = [];
  private failure?: PlatformFailure;

  /**
   * `waitsForOpenConversations`: kinds held back while any conversation is open (the platform's rule,
   * from `platformLimits`; LivePerson's consumer profile by default). `keptAfterDone`: kinds the
   * platform may keep after a request is done, with the reason (Genesys' recordings).
   */
  constructor(
    private readonly waitsForOpenConversations: readonly RecordKind[] = ['consumer'],
    private readonly keptAfterDone: Partial<Record<RecordKind, string>> = {},
  ) {}

  /** The ledger as plain data (a copy). */
  snapshot(): LedgerSnapshot {
    return JSON.parse(
      JSON.stringify({
        ...this.records.snapshot(),
        retained: this.retainedData,
        failure: this.failure,
        submissions: this.submissions,
        failed: this.failed,
        nextActiveCheckAt: this.nextActiveCheckAt,
        quotaPausedUntil: this.quotaPausedUntil,
      }),
    ) as LedgerSnapshot;
  }

  /** A ledger from its snapshot. */
  static restore(
    snapshot: LedgerSnapshot,
    waitsForOpenConversations?: readonly RecordKind[],
    keptAfterDone?: Partial<Record<RecordKind, string>>,
  ): PlatformLedger {
    const ledger = new PlatformLedger(waitsForOpenConversations, keptAfterDone);
    ledger.records = RecordTable.restore(snapshot);
    ledger.submissions.push(
      ...snapshot.submissions.map((s) => ({ ...s, ids: [...s.ids], verifications: [...s.verifications] })),
    );
    ledger.failed.push(...snapshot.failed);
    ledger.nextActiveCheckAt = snapshot.nextActiveCheckAt;
    ledger.quotaPausedUntil = snapshot.quotaPausedUntil;
    ledger.retainedData = [...(snapshot.retained ?? [])];
    ledger.failure = snapshot.failure;
    return ledger;
  }

  /** Adds newly discovered records; records already known keep their status. */
  addRecords(found: readonly PlatformRecord[], now: number, activeRecheckMs: number): void {
    this.records.add(found, now);
    if (this.blockedRecords().length > 0) this.nextActiveCheckAt ??= now + activeRecheckMs;
  }

  /** Notes what the platform keeps after erasure, and why (replaces any earlier note). */
  noteRetained(retained: readonly RetainedData[]): void {
    this.retainedData = retained.map((r) => ({ ...r }));
  }

  /**
   * Work on this platform stopped for good (an error its retries did not cure). What was not confirmed
   * is reported remaining, open requests are closed; the other platforms go on.
   */
  markFailed(failure: Omit<PlatformFailure, 'at'>, now: number): void {
    this.failure = { ...failure, at: iso(now) };
    this.records.moveAll({
      submitted: 'remaining',
      ready: 'remaining',
      queued: 'remaining',
      active: 'remaining',
    });
    for (const s of this.submissions) {
      if (s.closedAt !== undefined) continue;
      s.closedAt = now;
      s.note = `not verified: the platform failed (${failure.type})`;
    }
    this.nextActiveCheckAt = undefined;
    this.quotaPausedUntil = undefined;
  }

  /** Why work on this platform stopped for good, if it did (the other platforms go on). */
  get failureRecord(): PlatformFailure | undefined {
    return this.failure;
  }

  /**
   * Records that can be sent now: closed, and not sent or confirmed already. A profile (LivePerson's
   * consumer, Genesys' external contact) waits until none of the subject's conversations is open: a
   * person still talking would fill a deleted profile again.
   */
  readyRecords(): Array<{ kind: RecordKind; id: string }> {
    const talking = this.records.select('active').some((r) => r.kind === 'conversation');
    return this.records
      .select('ready')
      .filter((r) => !(talking && this.waitsForOpenConversations.includes(r.kind)));
  }

  /** Stops submissions until a period quota resets (the platform answered "quota exhausted"). */
  pauseSubmissionsUntil(resumeAt: number): void {
    this.quotaPausedUntil = resumeAt;
  }

  /** Whether submissions may go out now; clears an expired quota pause. */
  canSubmit(now: number): boolean {
    if (this.quotaPausedUntil !== undefined && this.quotaPausedUntil > now) return false;
    this.quotaPausedUntil = undefined;
    return true;
  }

  /** When a quota pause ends, if submissions are paused. */
  get pausedUntil(): number | undefined {
    return this.quotaPausedUntil;
  }

  /** Every record not yet sent, including a consumer profile held back for open conversations. */
  unsentRecords(): Array<{ kind: RecordKind; id: string }> {
    return this.records.select('ready');
  }

  /** How many batches were sent or refused so far: numbers each submission for its idempotency key. */
  get batchesTried(): number {
    return this.submissions.length + this.failed.length;
  }

  /** Every record known on this platform, whatever its status. */
  /** Whether the record is in the ledger (found before). */
  knows(kind: RecordKind, id: string): boolean {
    return this.records.statusOf(kind, id) !== undefined;
  }

  knownRecords(): Array<{ kind: RecordKind; id: string }> {
    return [...this.records.all()].map((r) => ({ kind: r.kind, id: r.id }));
  }

  /** Records still waiting to close. */
  activeRecords(): Array<{ kind: RecordKind; id: string }> {
    return this.records.select('active');
  }

  /** Records that cannot be sent yet: open, or held by the platform. Both are re-checked. */
  blockedRecords(): Array<{ kind: RecordKind; id: string }> {
    return [
      ...this.records.select('active'),
      ...this.records.keptOrHeld(false).map(({ kind, id }) => ({ kind, id })),
    ];
  }

  /**
   * Records the platform kept after reporting their request done: re-checked by looking (is the record
   * still there?), on the same cadence as blocked records.
   */
  keptRecords(): Array<{ kind: RecordKind; id: string }> {
    return this.records.keptOrHeld(true).map(({ kind, id }) => ({ kind, id }));
  }

  /** Records the platform holds, with its reason. */
  heldRecords(): Array<{ kind: RecordKind; id: string; reason: string }> {
    return this.records.held();
  }

  /** Records the platform refused in a batch; reported, never dropped silently. */
  recordFailedBatch(batch: Omit<FailedBatch, 'at'>, now: number): void {
    this.failed.push({ ...batch, ids: [...batch.ids], at: iso(now) });
    for (const id of batch.ids) this.records.setStatus(batch.kind, id, 'failed');
  }

  /** Records ids handed to the quota governor: no longer ready, not yet in a request. */
  markQueued(kind: RecordKind, ids: readonly string[]): void {
    for (const id of ids) this.records.setStatus(kind, id, 'queued');
  }

  /** Takes back queued ids, all or `only` some (a hold, a cancel, a governor's release): ready again. */
  unqueue(only?: { kind: RecordKind; ids: readonly string[] }): number {
    return only
      ? this.records.moveIds(only.kind, only.ids, 'queued', 'ready')
      : this.records.moveAll({ queued: 'ready' });
  }

  /** Whether this request's receipt is recorded already (a governor's answer may come twice). */
  hasReceipt(requestId: string, kind: RecordKind): boolean {
    return this.submissions.some((s) => s.requestId === requestId && s.kind === kind);
  }

  /** Whether this refusal is recorded already (a governor's answer may come twice). */
  hasFailedBatch(batch: Pick<FailedBatch, 'kind' | 'ids' | 'errorType'>): boolean {
    const ids = batch.ids.join('\n');
    return this.failed.some(
      (f) => f.kind === batch.kind && f.errorType === batch.errorType && f.ids.join('\n') === ids,
    );
  }

  /** Whether a request was taken as this erasure's after a lost answer (by the platform's list alone). */
  takenAfterLostAnswer(requestId: string): boolean {
    return this.submissions.some((s) => s.requestId === requestId && s.lostAnswer?.action === 'reused');
  }

  /** Whether a request carried other erasures' ids (packed by a governor). */
  isShared(requestId: string): boolean {
    return this.submissions.some((s) => s.requestId === requestId && s.shared);
  }

  /** A request the platform accepted: its ids are submitted, awaiting verification. */
  recordSubmission(receipt: Receipt, now: number, timing: LedgerTiming, shared = false): void {
    this.submissions.push(newSubmission(receipt, now, timing, shared));
    for (const id of receipt.ids) this.records.setStatus(receipt.kind, id, 'submitted');
  }

  /**
   * Applies a re-check of blocked records: those no longer active or held become ready; those active
   * past `maxWaitMs` are given up on and reported. A platform's legal hold is waited out (to the hard
   * stop): it is the platform's lawful delay, not a stuck conversation. A record the platform kept after
   * its request was done was looked for (`keptStillThere`): still there, it stays held (seen now);
   * gone, it is confirmed.
   */
  applyActiveCheck(
    stillBlocked: ReadonlySet<string>,
    now: number,
    recheckMs: number,
    maxWaitMs: number,
    keptStillThere: ReadonlySet<string> = new Set(),
  ): void {
    this.records.applyRecheck(stillBlocked, keptStillThere, now, maxWaitMs);
    const awaitsRecheck = this.blockedRecords().length > 0 || this.keptRecords().length > 0;
    this.nextActiveCheckAt = awaitsRecheck ? now + recheckMs : undefined;
  }

  /** When the open (or kept) records are looked at again, if any are. */
  get activeCheckAt(): number | undefined {
    return this.nextActiveCheckAt;
  }

  /** Whether the open records are due for a re-check. */
  activeCheckDue(now: number): boolean {
    return this.nextActiveCheckAt !== undefined && this.nextActiveCheckAt <= now;
  }

  /** Open submissions whose next verification time has come. */
  dueSubmissions(now: number): Receipt[] {
    return this.submissions
      .filter((s) => s.closedAt === undefined && nextCheckOf(s) <= now)
      .map(({ requestId, kind, ids }) => ({ requestId, kind, ids: this.stillSubmitted(kind, ids) }));
  }

  /**
   * Applies one verification. Absent ids are confirmed. Ids still present once the platform says the
   * request is finished (DONE, CANCELED or FAILED) become ready again, to be re-submitted, except, with
   * `keepAfterDone`, those of a kind the platform may keep after DONE: they are held, with the
   * platform's reason, and re-checked every `recheckMs`. A request whose scheduled checks are spent with
   * ids still present is overdue: it stays open and is re-checked.
   */
  applyVerification(
    requestId: string,
    requestStatus: RequestStatus,
    present: ReadonlySet<string>,
    now: number,
    recheckMs?: number,
    keepAfterDone = true,
  ): void {
    const s = this.submissions.find((x) => x.requestId === requestId);
    if (!s || s.closedAt !== undefined) return;
    const pending = this.stillSubmitted(s.kind, s.ids);
    let confirmed = 0;
    for (const id of pending) {
      if (!present.has(id)) {
        this.records.setStatus(s.kind, id, 'confirmed');
        confirmed += 1;
      }
    }
    s.verifications.push({ at: iso(now), requestStatus, present: pending.length - confirmed, confirmed });
    s.lastCheckAt = now;
    const left = this.stillSubmitted(s.kind, s.ids);
    if (left.length === 0) s.closedAt = now;
    else if (requestStatus === 'DONE' || requestStatus === 'CANCELED' || requestStatus === 'FAILED') {
      const kept = requestStatus === 'DONE' && keepAfterDone ? this.keptAfterDone[s.kind] : undefined;
      for (const id of left) {
        if (kept !== undefined) this.records.keep(s.kind, id, kept, now);
        else this.records.setStatus(s.kind, id, 'ready');
      }
      if (kept !== undefined && recheckMs !== undefined) this.nextActiveCheckAt ??= now + recheckMs;
      s.closedAt = now;
    }
  }

  /** The open request checked next: which, when, and when it was sent. */
  nextCheck(): { requestId: string; at: number; submittedAt: number } | undefined {
    const open = this.submissions.filter((s) => s.closedAt === undefined);
    const next = open.sort((a, b) => nextCheckOf(a) - nextCheckOf(b))[0];
    return next && { requestId: next.requestId, at: nextCheckOf(next), submittedAt: next.submittedAt };
  }

  /** Whether any open request has spent its scheduled checks with data still present. */
  isOverdue(): boolean {
    return this.submissions.some(isOverdue);
  }

  /**
   * The request was withdrawn at the platform (a legal hold): its ids wait, ready, to be sent again
   * once the hold is released.
   */
  recordWithdrawal(requestId: string, now: number, note: string): void {
    const s = this.submissions.find((x) => x.requestId === requestId);
    if (!s || s.closedAt !== undefined) return;
    for (const id of this.stillSubmitted(s.kind, s.ids)) this.records.setStatus(s.kind, id, 'ready');
    s.closedAt = now;
    s.note = note;
  }

  /**
   * The hard stop: nothing more is waited for. Submitted or unsent records are reported remaining,
   * open conversations still active; open requests are closed.
   */
  stop(now: number): void {
    this.records.moveAll({
      submitted: 'remaining',
      ready: 'remaining',
      queued: 'remaining',
      active: 'still_active',
    });
    for (const s of this.submissions) if (s.closedAt === undefined) s.closedAt = now;
    this.nextActiveCheckAt = undefined;
  }

  /** When everything known would be verified gone if the platform keeps its window (`expectedCompletion`). */
  expectedCompletionAt(
    now: number,
    timing: Pick<Timing, 'verifyAfterMs' | 'activeRecheckMs'>,
  ): number | undefined {
    const open = this.submissions.filter((s) => s.closedAt === undefined);
    return expectedCompletion(
      {
        counts: this.records.statusCounts(),
        givenUp: this.isOverdue() || this.failure !== undefined,
        openLastChecks: open.map((s) => s.checkTimes.at(-1) ?? now),
        ...(this.quotaPausedUntil !== undefined ? { pausedUntil: this.quotaPausedUntil } : {}),
        ...(this.nextActiveCheckAt !== undefined ? { nextActiveCheckAt: this.nextActiveCheckAt } : {}),
      },
      now,
      timing,
    );
  }

  /** The earliest time this ledger needs attention: a verification or a re-check of open records. */
  nextWakeAt(): number | undefined {
    const times = this.submissions.filter((s) => s.closedAt === undefined).map(nextCheckOf);
    if (this.nextActiveCheckAt !== undefined) times.push(this.nextActiveCheckAt);
    if (this.quotaPausedUntil !== undefined && this.records.count('ready') > 0)
      times.push(this.quotaPausedUntil);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Nothing left to send, wait for or verify. */
  isSettled(): boolean {
    const waiting = (['ready', 'queued', 'active', 'held'] as const).some((st) => this.records.count(st) > 0);
    return !waiting && this.submissions.every((s) => s.closedAt !== undefined);
  }

  /** Whether anything was sent to the platform yet. */
  hasSubmissions(): boolean {
    return this.submissions.length > 0;
  }

  /** Requests sent and not yet settled, oldest first. */
  openSubmissions(): Receipt[] {
    return this.submissions.filter((s) => s.closedAt === undefined);
  }

  /** Every request sent, oldest first. */
  allSubmissions(): Receipt[] {
    return [...this.submissions];
  }

  /** How many records stand in each status. */
  statusCounts(): StatusCounts {
    return this.records.statusCounts();
  }

  /** How many records of each kind, by outcome. */
  counts(): PlatformCounts {
    return this.records.counts();
  }

  /** What this platform's erasure came to, for the result and the certificate. */
  result(): PlatformResult {
    const listIds = this.submissions.reduce((n, s) => n + s.ids.length, 0) <= LISTED_REQUEST_IDS;
    return {
      verdict: platformVerdict(this.statusCounts(), this.failure),
      erased: this.records.idsByKind('confirmed'),
      requests: this.submissions.map((s) => summarise(s, listIds)),
      stillPresent: [...this.records.select('remaining'), ...this.records.select('failed')],
      stillActive: this.records.select('still_active'),
      failedBatches: [...this.failed],
      held: this.records.holdHistory(),
      retained: [...this.retainedData],
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  private stillSubmitted(kind: RecordKind, ids: readonly string[]): string[] {
    return ids.filter((id) => this.records.statusOf(kind, id) === 'submitted');
  }
}
