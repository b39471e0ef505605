import type { HoldLogEntry, LedgerSnapshot, TrackedRecord } from './ledger-types';
import type { PlatformRecord, RecordKind } from './platforms';
import type { PlatformCounts, RecordStatus } from './progress';
import type { PlatformHold } from './result';

const iso = (ms: number): string => new Date(ms).toISOString();
const recordKey = (kind: RecordKind, id: string): string => `${kind}:${id}`;

export interface RecordRef {
  readonly kind: RecordKind;
  readonly id: string;
}

/** The part of a ledger snapshot the record table owns. */
export type RecordsSnapshot = Pick<
  LedgerSnapshot,
  'records' | 'activeSince' | 'heldReasons' | 'keptAfterDone' | 'holdLog'
>;

/**
 * Every record one erasure knows on one platform and where each stands, with the log of the legal
 * holds the platform kept on them. The ledger moves records between statuses; this keeps them.
 */
export class RecordTable {
  private readonly records = new Map<string, TrackedRecord>();
  private holdLog: HoldLogEntry[] = [];

  /** Adds newly discovered records (held, active or ready); records already known keep their status. */
  add(found: readonly PlatformRecord[], now: number): void {
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
  }

  get size(): number {
    return this.records.size;
  }

  all(): IterableIterator<TrackedRecord> {
    return this.records.values();
  }

  select(status: RecordStatus): RecordRef[] {
    const out: RecordRef[] = [];
    for (const r of this.records.values()) if (r.status === status) out.push({ kind: r.kind, id: r.id });
    return out;
  }

  count(status: RecordStatus): number {
    let n = 0;
    for (const r of this.records.values()) if (r.status === status) n += 1;
    return n;
  }

  /** How many records stand in each status. */
  statusCounts(): Partial<Record<RecordStatus, number>> {
    const counts: Partial<Record<RecordStatus, number>> = {};
    for (const r of this.records.values()) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }

  /** The counts operators see; `remaining` is everything not confirmed gone. */
  counts(): PlatformCounts {
    const n = this.statusCounts();
    return {
      discovered: this.size,
      active: n.active ?? 0,
      held: n.held ?? 0,
      queued: n.queued ?? 0,
      submitted: n.submitted ?? 0,
      confirmed: n.confirmed ?? 0,
      remaining: this.size - (n.confirmed ?? 0),
      failed: n.failed ?? 0,
    };
  }

  /** The ids in `status`, by kind. */
  idsByKind(status: RecordStatus): Partial<Record<RecordKind, string[]>> {
    const out: Partial<Record<RecordKind, string[]>> = {};
    for (const r of this.records.values()) {
      if (r.status !== status) continue;
      const ids = out[r.kind] ?? [];
      ids.push(r.id);
      out[r.kind] = ids;
    }
    return out;
  }

  statusOf(kind: RecordKind, id: string): RecordStatus | undefined {
    return this.records.get(recordKey(kind, id))?.status;
  }

  setStatus(kind: RecordKind, id: string, status: RecordStatus): void {
    const r = this.records.get(recordKey(kind, id));
    if (r) r.status = status;
    else this.records.set(recordKey(kind, id), { kind, id, status });
  }

  /** Moves the named records of `kind` that stand in `from` to `to`; returns how many moved. */
  moveIds(kind: RecordKind, ids: readonly string[], from: RecordStatus, to: RecordStatus): number {
    const mine = ids.filter((id) => this.statusOf(kind, id) === from);
    for (const id of mine) this.setStatus(kind, id, to);
    return mine.length;
  }

  /** Moves every record in a status given in `moves` to its new status; returns how many moved. */
  moveAll(moves: Partial<Record<RecordStatus, RecordStatus>>): number {
    let n = 0;
    for (const r of this.records.values()) {
      const to = moves[r.status];
      if (to === undefined) continue;
      r.status = to;
      n += 1;
    }
    return n;
  }

  /**
   * One re-check of blocked and kept records (see `PlatformLedger.applyActiveCheck`): kept records
   * looked for, held ones released when no longer blocked, open ones ready once closed or given up on
   * after `maxWaitMs`.
   */
  applyRecheck(
    stillBlocked: ReadonlySet<string>,
    keptStillThere: ReadonlySet<string>,
    now: number,
    maxWaitMs: number,
  ): void {
    for (const r of this.records.values()) {
      if (r.status === 'held' && r.keptAfterDone) this.recheckKept(r, keptStillThere.has(r.id), now);
      else if (r.status === 'held') {
        if (!stillBlocked.has(r.id)) this.release(r, now);
      } else if (r.status === 'active') {
        if (!stillBlocked.has(r.id)) r.status = 'ready';
        else if (now - (r.activeSince ?? now) >= maxWaitMs) r.status = 'still_active';
      }
    }
  }

  /** The platform let go of a held record: ready to be sent, and the hold's end in the log. */
  private release(r: TrackedRecord, now: number): void {
    r.status = 'ready';
    r.heldReason = undefined;
    const open = this.openHold(r);
    if (open) open.releasedAt = now;
  }

  /** The platform kept a record after reporting its request done: held, with its reason, seen now. */
  keep(kind: RecordKind, id: string, reason: string, now: number): void {
    this.setStatus(kind, id, 'held');
    const r = this.records.get(recordKey(kind, id)) as TrackedRecord;
    r.heldReason = reason;
    r.keptAfterDone = true;
    this.holdLog.push({ kind, id, reason, since: now, lastSeenAt: now });
  }

  /** A kept record was looked for again: still there (seen now), or gone (confirmed, the hold ended). */
  private recheckKept(r: TrackedRecord, stillThere: boolean, now: number): void {
    const open = this.openHold(r);
    if (stillThere) {
      if (open) open.lastSeenAt = now;
      return;
    }
    r.status = 'confirmed';
    r.heldReason = undefined;
    r.keptAfterDone = undefined;
    if (open) open.releasedAt = now;
  }

  private openHold(r: TrackedRecord): HoldLogEntry | undefined {
    return this.holdLog.find((h) => h.kind === r.kind && h.id === r.id && h.releasedAt === undefined);
  }

  /** Held records: those the platform kept after a done request (`kept`), or the others. */
  keptOrHeld(kept: boolean): TrackedRecord[] {
    const out: TrackedRecord[] = [];
    for (const r of this.records.values())
      if (r.status === 'held' && Boolean(r.keptAfterDone) === kept) out.push(r);
    return out;
  }

  /** Records the platform holds now, with its reason. */
  held(): Array<RecordRef & { reason: string }> {
    const out: Array<RecordRef & { reason: string }> = [];
    for (const r of this.records.values())
      if (r.status === 'held')
        out.push({ kind: r.kind, id: r.id, reason: r.heldReason ?? 'held by the platform' });
    return out;
  }

  /** Every hold the platform kept, with when it began and (if it did) ended: for the evidence. */
  holdHistory(): PlatformHold[] {
    return this.holdLog.map((h) => ({
      kind: h.kind,
      id: h.id,
      reason: h.reason,
      since: iso(h.since),
      ...(h.lastSeenAt !== undefined ? { lastSeen: iso(h.lastSeenAt) } : {}),
      ...(h.releasedAt !== undefined ? { releasedAt: iso(h.releasedAt) } : {}),
    }));
  }

  /** Ids by kind and status, each once; extra data only for the records that need it. */
  snapshot(): RecordsSnapshot {
    const records: LedgerSnapshot['records'] = {};
    const activeSince: Record<string, number> = {};
    const heldReasons: Record<string, string> = {};
    const keptAfterDone: string[] = [];
    for (const r of this.records.values()) {
      const byStatus = records[r.kind] ?? {};
      const ids = byStatus[r.status] ?? [];
      ids.push(r.id);
      byStatus[r.status] = ids;
      records[r.kind] = byStatus;
      if (r.activeSince !== undefined && r.status === 'active')
        activeSince[recordKey(r.kind, r.id)] = r.activeSince;
      if (r.status === 'held' && r.heldReason !== undefined)
        heldReasons[recordKey(r.kind, r.id)] = r.heldReason;
      if (r.status === 'held' && r.keptAfterDone) keptAfterDone.push(recordKey(r.kind, r.id));
    }
    return {
      records,
      activeSince,
      heldReasons,
      ...(keptAfterDone.length > 0 ? { keptAfterDone } : {}),
      holdLog: this.holdLog.map((h) => ({ ...h })),
    };
  }

  static restore(snapshot: RecordsSnapshot): RecordTable {
    const table = new RecordTable();
    const kept = new Set(snapshot.keptAfterDone ?? []);
    for (const [kind, byStatus] of Object.entries(snapshot.records) as Array<
      [RecordKind, Partial<Record<RecordStatus, string[]>>]
    >) {
      for (const [status, ids] of Object.entries(byStatus) as Array<[RecordStatus, string[]]>) {
        for (const id of ids) {
          const since = snapshot.activeSince[recordKey(kind, id)];
          const heldReason = snapshot.heldReasons?.[recordKey(kind, id)];
          table.records.set(recordKey(kind, id), {
            kind,
            id,
            status,
            ...(since !== undefined ? { activeSince: since } : {}),
            ...(heldReason !== undefined ? { heldReason } : {}),
            ...(kept.has(recordKey(kind, id)) ? { keptAfterDone: true } : {}),
          });
        }
      }
    }
    table.holdLog = (snapshot.holdLog ?? []).map((h) => ({ ...h }));
    return table;
  }
}
