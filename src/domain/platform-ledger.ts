import type {
  HoldLogEntry,
  LedgerSnapshot,
  LedgerTiming,
  Receipt,
  Submission,
  TrackedRecord,
} from './ledger-types';
import type { PlatformRecord, RecordKind, RetainedData } from './platforms';
import type {
  FailedBatch,
  PlatformCounts,
  PlatformFailure,
  PlatformResult,
  RecordStatus,
  RequestStatus,
  SubmissionSummary,
} from './progress';
import type { Timing } from './timing';

export type { LedgerSnapshot, LedgerTiming, Receipt };

const iso = (ms: number): string => new Date(ms).toISOString();
const recordKey = (kind: RecordKind, id: string): string => `${kind}:${id}`;

/**
 * Everything one erasure knows about one platform: its records and where each stands, the requests
 * sent, their verifications, and failed batches. Pure; the workflow feeds it activity results and time.
 */
export class PlatformLedger {
  private readonly records = new Map<string, TrackedRecord>();
  private readonly submissions: Submission[] = [];
  private readonly failed: FailedBatch[] = [];
  private nextActiveCheckAt?: number;
  private quotaPausedUntil?: number;
  private retainedData: RetainedData[] = [];
  private holdLog: HoldLogEntry[] = [];
  private failure?: PlatformFailure;

  /**
   * `waitsForOpenConversations`: kinds held back while any conversation is open (the platform's rule,
   * from `platformLimits`; LivePerson's consumer profile by default).
   */
  constructor(private readonly waitsForOpenConversations: readonly RecordKind[] = ['consumer']) {}

  /** The ledger as plain data (a copy). */
  snapshot(): LedgerSnapshot {
    const records: LedgerSnapshot['records'] = {};
    const activeSince: Record<string, number> = {};
    const heldReasons: Record<string, string> = {};
    for (const r of this.records.values()) {
      if (r.status === 'held' && r.heldReason !== undefined)
        heldReasons[recordKey(r.kind, r.id)] = r.heldReason;
      const byStatus = records[r.kind] ?? {};
      const ids = byStatus[r.status] ?? [];
      ids.push(r.id);
      byStatus[r.status] = ids;
      records[r.kind] = byStatus;
      if (r.activeSince !== undefined && r.status === 'active')
        activeSince[recordKey(r.kind, r.id)] = r.activeSince;
    }
    return JSON.parse(
      JSON.stringify({
        records,
        activeSince,
        heldReasons,
        retained: this.retainedData,
        holdLog: this.holdLog,
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
  ): PlatformLedger {
    const ledger = new PlatformLedger(waitsForOpenConversations);
    for (const [kind, byStatus] of Object.entries(snapshot.records) as Array<
      [RecordKind, Partial<Record<RecordStatus, string[]>>]
    >) {
      for (const [status, ids] of Object.entries(byStatus) as Array<[RecordStatus, string[]]>) {
        for (const id of ids) {
          const since = snapshot.activeSince[recordKey(kind, id)];
          const heldReason = snapshot.heldReasons?.[recordKey(kind, id)];
          ledger.records.set(recordKey(kind, id), {
            kind,
            id,
            status,
            ...(since !== undefined ? { activeSince: since } : {}),
            ...(heldReason !== undefined ? { heldReason } : {}),
          });
        }
      }
    }
    ledger.submissions.push(
      ...snapshot.submissions.map((s) => ({ ...s, ids: [...s.ids], verifications: [...s.verifications] })),
    );
    ledger.failed.push(...snapshot.failed);
    ledger.nextActiveCheckAt = snapshot.nextActiveCheckAt;
    ledger.quotaPausedUntil = snapshot.quotaPausedUntil;
    ledger.retainedData = [...(snapshot.retained ?? [])];
    ledger.holdLog = (snapshot.holdLog ?? []).map((h) => ({ ...h }));
    ledger.failure = snapshot.failure;
    return ledger;
  }

  /** Adds newly discovered records; records already known keep their status. */
  addRecords(found: readonly PlatformRecord[], now: number, activeRecheckMs: number): void {
    for (const r of found) {
      const key = recordKey(r.kind, r.id);
      if (this.records.has(key)) continue;
      if (r.heldReason !== undefined) {
        this.records.set(key, { kind: r.kind, id: r.id, status: 'held', heldReason: r.heldReason });
        this.holdLog.push({ kind: r.kind, id: r.id, reason: r.heldReason, since: now });
      } else if (r.active)
        this.records.set(key, { kind: r.kind, id: r.id, status: 'active', activeSince: now });
      else this.records.set(key, { kind: r.kind, id: r.id, status: 'ready' });
    }
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
    for (const r of this.records.values()) {
      if (r.status === 'submitted' || r.status === 'ready' || r.status === 'queued' || r.status === 'active')
        r.status = 'remaining';
    }
    for (const s of this.submissions) {
      if (s.closedAt !== undefined) continue;
      s.closedAt = now;
      s.note = `not verified: the platform failed (${failure.type})`;
    }
    this.nextActiveCheckAt = undefined;
    this.quotaPausedUntil = undefined;
  }

  /** Whether work on this platform stopped for good. */
  get hasFailed(): boolean {
    return this.failure !== undefined;
  }

  /** Why work on this platform stopped, if it did. */
  get failureRecord(): PlatformFailure | undefined {
    return this.failure;
  }

  /**
   * Records that can be sent now: closed, and not sent or confirmed already. A profile (LivePerson's
   * consumer, Genesys' external contact) waits until none of the subject's conversations is open: a
   * person still talking would fill a deleted profile again.
   */
  readyRecords(): Array<{ kind: RecordKind; id: string }> {
    const talking = this.select('active').some((r) => r.kind === 'conversation');
    return this.select('ready').filter((r) => !(talking && this.waitsForOpenConversations.includes(r.kind)));
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
    return this.select('ready');
  }

  /** How many batches were sent or refused so far: numbers each submission for its idempotency key. */
  get batchesTried(): number {
    return this.submissions.length + this.failed.length;
  }

  /** Records still waiting to close. */
  activeRecords(): Array<{ kind: RecordKind; id: string }> {
    return this.select('active');
  }

  /** Records that cannot be sent yet: open, or held by the platform. Both are re-checked. */
  blockedRecords(): Array<{ kind: RecordKind; id: string }> {
    return [...this.select('active'), ...this.select('held')];
  }

  /** Records the platform holds, with its reason. */
  heldRecords(): Array<{ kind: RecordKind; id: string; reason: string }> {
    const out: Array<{ kind: RecordKind; id: string; reason: string }> = [];
    for (const r of this.records.values())
      if (r.status === 'held')
        out.push({ kind: r.kind, id: r.id, reason: r.heldReason ?? 'held by the platform' });
    return out;
  }

  /** Records the platform refused in a batch; reported, never dropped silently. */
  recordFailedBatch(batch: Omit<FailedBatch, 'at'>, now: number): void {
    this.failed.push({ ...batch, ids: [...batch.ids], at: iso(now) });
    for (const id of batch.ids) this.setStatus(batch.kind, id, 'failed');
  }

  /** Records ids handed to the quota governor: no longer ready, not yet in a request. */
  markQueued(kind: RecordKind, ids: readonly string[]): void {
    for (const id of ids) this.setStatus(kind, id, 'queued');
  }

  /** Takes back every queued id (a hold, a cancel): ready again; returns how many. */
  unqueue(): number {
    let n = 0;
    for (const r of this.records.values()) {
      if (r.status === 'queued') {
        r.status = 'ready';
        n += 1;
      }
    }
    return n;
  }

  /** Whether a request carried other erasures' ids (packed by a governor). */
  isShared(requestId: string): boolean {
    return this.submissions.some((s) => s.requestId === requestId && s.shared);
  }

  recordSubmission(receipt: Receipt, now: number, timing: LedgerTiming, shared = false): void {
    this.submissions.push({
      requestId: receipt.requestId,
      kind: receipt.kind,
      ids: [...receipt.ids],
      submittedAt: now,
      checkTimes: timing.verifyAfterMs.map((offset) => now + offset),
      overdueRecheckMs: timing.overdueRecheckMs,
      verifications: [],
      shared,
    });
    for (const id of receipt.ids) this.setStatus(receipt.kind, id, 'submitted');
  }

  /**
   * Applies a re-check of blocked records: those no longer active or held become ready; those active
   * past `maxWaitMs` are given up on and reported. A platform's legal hold is waited out (to the hard
   * stop): it is the platform's lawful delay, not a stuck conversation.
   */
  applyActiveCheck(
    stillBlocked: ReadonlySet<string>,
    now: number,
    recheckMs: number,
    maxWaitMs: number,
  ): void {
    for (const r of this.records.values()) {
      if (r.status === 'held') {
        if (!stillBlocked.has(r.id)) {
          r.status = 'ready';
          r.heldReason = undefined;
          const open = this.holdLog.find(
            (h) => h.kind === r.kind && h.id === r.id && h.releasedAt === undefined,
          );
          if (open) open.releasedAt = now;
        }
        continue;
      }
      if (r.status !== 'active') continue;
      if (!stillBlocked.has(r.id)) r.status = 'ready';
      else if (now - (r.activeSince ?? now) >= maxWaitMs) r.status = 'still_active';
    }
    this.nextActiveCheckAt = this.blockedRecords().length > 0 ? now + recheckMs : undefined;
  }

  /** Whether the open records are due for a re-check. */
  activeCheckDue(now: number): boolean {
    return this.nextActiveCheckAt !== undefined && this.nextActiveCheckAt <= now;
  }

  /** Open submissions whose next verification time has come. */
  dueSubmissions(now: number): Receipt[] {
    return this.submissions
      .filter((s) => s.closedAt === undefined && (this.nextCheckOf(s) ?? Number.POSITIVE_INFINITY) <= now)
      .map(({ requestId, kind, ids }) => ({ requestId, kind, ids: this.stillSubmitted(kind, ids) }));
  }

  /**
   * Applies one verification. Absent ids are confirmed. Ids still present once the platform says the
   * request is finished (DONE, CANCELED or FAILED) become ready again, to be re-submitted. A request whose
   * scheduled checks are spent with ids still present is overdue: it stays open and is re-checked.
   */
  applyVerification(
    requestId: string,
    requestStatus: RequestStatus,
    present: ReadonlySet<string>,
    now: number,
  ): void {
    const s = this.submissions.find((x) => x.requestId === requestId);
    if (!s || s.closedAt !== undefined) return;
    const pending = this.stillSubmitted(s.kind, s.ids);
    let confirmed = 0;
    for (const id of pending) {
      if (!present.has(id)) {
        this.setStatus(s.kind, id, 'confirmed');
        confirmed += 1;
      }
    }
    s.verifications.push({ at: iso(now), requestStatus, present: pending.length - confirmed, confirmed });
    s.lastCheckAt = now;
    const left = this.stillSubmitted(s.kind, s.ids);
    if (left.length === 0) s.closedAt = now;
    else if (requestStatus === 'DONE' || requestStatus === 'CANCELED' || requestStatus === 'FAILED') {
      for (const id of left) this.setStatus(s.kind, id, 'ready');
      s.closedAt = now;
    }
  }

  /** Whether any open request has spent its scheduled checks with data still present. */
  isOverdue(): boolean {
    return this.submissions.some(
      (s) => s.closedAt === undefined && s.verifications.length >= s.checkTimes.length,
    );
  }

  /**
   * The request was withdrawn at the platform (a legal hold): its ids wait, ready, to be sent again
   * once the hold is released.
   */
  recordWithdrawal(requestId: string, now: number, note: string): void {
    const s = this.submissions.find((x) => x.requestId === requestId);
    if (!s || s.closedAt !== undefined) return;
    for (const id of this.stillSubmitted(s.kind, s.ids)) this.setStatus(s.kind, id, 'ready');
    s.closedAt = now;
    s.note = note;
  }

  /**
   * The hard stop: nothing more is waited for. Submitted or unsent records are reported remaining,
   * open conversations still active; open requests are closed.
   */
  stop(now: number): void {
    for (const r of this.records.values()) {
      if (r.status === 'submitted' || r.status === 'ready' || r.status === 'queued') r.status = 'remaining';
      else if (r.status === 'active') r.status = 'still_active';
    }
    for (const s of this.submissions) if (s.closedAt === undefined) s.closedAt = now;
    this.nextActiveCheckAt = undefined;
  }

  /**
   * When everything known would be verified gone if the platform keeps its window: the last scheduled
   * check of every open request, and a full schedule for what is still to be sent (after any quota
   * pause). Undefined when overdue or when records were given up on: no honest estimate exists then.
   */
  expectedCompletionAt(
    now: number,
    timing: Pick<Timing, 'verifyAfterMs' | 'activeRecheckMs'>,
  ): number | undefined {
    // Overdue, or records given up on: the erasure will not be complete, whenever it ends.
    if (
      this.isOverdue() ||
      this.failure !== undefined ||
      this.select('remaining').length > 0 ||
      this.select('still_active').length > 0 ||
      this.select('held').length > 0
    )
      return undefined;
    const window = timing.verifyAfterMs[timing.verifyAfterMs.length - 1] ?? 0;
    const sendAt = Math.max(now, this.quotaPausedUntil ?? now);
    const times = this.submissions
      .filter((s) => s.closedAt === undefined)
      .map((s) => s.checkTimes.at(-1) ?? now);
    if (this.select('ready').length + this.select('queued').length > 0) times.push(sendAt + window);
    if (this.select('active').length > 0) {
      times.push(Math.max(this.nextActiveCheckAt ?? now + timing.activeRecheckMs, sendAt) + window);
    }
    return times.length > 0 ? Math.max(...times) : now;
  }

  /** The earliest time this ledger needs attention: a verification or a re-check of open records. */
  nextWakeAt(): number | undefined {
    const times = this.submissions
      .filter((s) => s.closedAt === undefined)
      .map((s) => this.nextCheckOf(s))
      .filter((t): t is number => t !== undefined);
    if (this.nextActiveCheckAt !== undefined) times.push(this.nextActiveCheckAt);
    if (this.quotaPausedUntil !== undefined && this.select('ready').length > 0)
      times.push(this.quotaPausedUntil);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Nothing left to send, wait for or verify. */
  isSettled(): boolean {
    return (
      this.select('ready').length === 0 &&
      this.select('queued').length === 0 &&
      this.select('active').length === 0 &&
      this.select('held').length === 0 &&
      this.submissions.every((s) => s.closedAt !== undefined)
    );
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

  counts(): PlatformCounts {
    const n = (status: RecordStatus): number => this.select(status).length;
    const confirmed = n('confirmed');
    return {
      discovered: this.records.size,
      active: n('active'),
      held: n('held'),
      queued: n('queued'),
      submitted: n('submitted'),
      confirmed,
      remaining: this.records.size - confirmed,
      failed: n('failed'),
    };
  }

  result(): PlatformResult {
    const erased: Partial<Record<RecordKind, string[]>> = {};
    for (const r of this.select('confirmed')) {
      const ids = erased[r.kind] ?? [];
      ids.push(r.id);
      erased[r.kind] = ids;
    }
    const requests: SubmissionSummary[] = this.submissions.map((s) => ({
      requestId: s.requestId,
      kind: s.kind,
      ids: [...s.ids],
      submittedAt: iso(s.submittedAt),
      verifications: [...s.verifications],
      ...(s.closedAt !== undefined ? { closedAt: iso(s.closedAt) } : {}),
      ...(s.note !== undefined ? { note: s.note } : {}),
      ...(s.shared ? { shared: true } : {}),
    }));
    return {
      erased,
      requests,
      stillPresent: this.select('remaining'),
      stillActive: this.select('still_active'),
      failedBatches: [...this.failed],
      held: this.holdLog.map((h) => ({
        kind: h.kind,
        id: h.id,
        reason: h.reason,
        since: iso(h.since),
        ...(h.releasedAt !== undefined ? { releasedAt: iso(h.releasedAt) } : {}),
      })),
      retained: [...this.retainedData],
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  private nextCheckOf(s: Submission): number | undefined {
    const scheduled = s.checkTimes[s.verifications.length];
    if (scheduled !== undefined) return scheduled;
    return (s.lastCheckAt ?? s.submittedAt) + s.overdueRecheckMs;
  }

  private stillSubmitted(kind: RecordKind, ids: readonly string[]): string[] {
    return ids.filter((id) => this.records.get(recordKey(kind, id))?.status === 'submitted');
  }

  private select(status: RecordStatus): Array<{ kind: RecordKind; id: string }> {
    const out: Array<{ kind: RecordKind; id: string }> = [];
    for (const r of this.records.values()) if (r.status === status) out.push({ kind: r.kind, id: r.id });
    return out;
  }

  private setStatus(kind: RecordKind, id: string, status: RecordStatus): void {
    const key = recordKey(kind, id);
    const r = this.records.get(key);
    if (r) r.status = status;
    else this.records.set(key, { kind, id, status });
  }
}
