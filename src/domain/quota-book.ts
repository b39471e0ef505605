import type { RecordKind } from './platforms';
import { quotaResumeAt, startOfNextMonthUtc } from './timing';

/** How one platform account may be used: the platform's limits and Lethe's flush policy. */
export interface QuotaPolicy {
  readonly maxIdsPerRequest: number;
  /** Requests per calendar month (UTC). */
  readonly monthlyQuota: number;
  /** Kinds in the order requests go out. */
  readonly kinds: readonly RecordKind[];
  /** A kind's queue is sent, full or not, once its oldest id has waited this long. */
  readonly flushWindowMs: number;
  /** The platform's deletion window: an id must go out this long before its subject's deadline. */
  readonly deletionWindowMs: number;
}

/** Ids one subject handed over, waiting to be packed into a request. */
export interface QueuedIds {
  readonly subject: string;
  readonly kind: RecordKind;
  readonly ids: readonly string[];
  readonly enqueuedAt: number;
  readonly deadline: number;
}

/** A request to send now, and whose ids it carries. */
export interface PackedRequest {
  readonly kind: RecordKind;
  readonly ids: string[];
  readonly owners: ReadonlyArray<RequestOwner>;
  /** Why it goes now: full, its oldest id waited the flush window, or a deadline needs it. */
  readonly reason: 'full' | 'window' | 'deadline';
}

/** One subject's share of a packed request, with what it was queued under (to queue it again). */
export interface RequestOwner {
  readonly subject: string;
  readonly ids: string[];
  readonly enqueuedAt: number;
  readonly deadline: number;
}

/** The book's whole state, plain data, carried across continue-as-new. */
export interface QuotaBookState {
  queue: QueuedIds[];
  /** Requests sent per month, keyed by the month's first instant (UTC ms). */
  used: Record<string, number>;
  pausedUntil?: number;
  /** Subjects withdrawn lately: never queued again by a requeue. */
  withdrawn?: string[];
}

const WITHDRAWN_KEPT = 1000;

const monthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

/**
 * One platform account's quota and queue (DESIGN §2a), pure. It packs ids of one kind from many subjects
 * into requests of up to the platform's limit: a kind goes out when a request is full, when its oldest id
 * has waited the flush window, or earlier when a subject's deadline needs it. Partial requests are paced
 * through the month, so early near-empty requests cannot spend the quota the month's later full ones
 * need; full and deadline requests go while any quota is left. It remembers whose ids are in each request.
 */
export class QuotaBook {
  private readonly state: QuotaBookState;

  constructor(
    private readonly policy: QuotaPolicy,
    state: QuotaBookState = { queue: [], used: {} },
  ) {
    // A copy: two books from one snapshot must not share a queue.
    this.state = JSON.parse(JSON.stringify(state)) as QuotaBookState;
  }

  /** A copy of the state (plain JSON: the workflow sandbox has no structuredClone). */
  snapshot(): QuotaBookState {
    return JSON.parse(JSON.stringify(this.state)) as QuotaBookState;
  }

  /** Queues a subject's ids; ids it already has queued for that kind are not queued twice. */
  enqueue(entry: QueuedIds): void {
    const queued = new Set(
      this.state.queue
        .filter((q) => q.subject === entry.subject && q.kind === entry.kind)
        .flatMap((q) => q.ids),
    );
    const ids = [...new Set(entry.ids)].filter((id) => !queued.has(id));
    if (ids.length > 0) this.state.queue.push({ ...entry, ids });
  }

  /**
   * Puts a request that was not sent back in the queue, as its owners queued it. Owners withdrawn while
   * it was out are not queued again: they are returned, to be told their ids never went out.
   */
  requeue(request: PackedRequest): RequestOwner[] {
    const withdrawn = new Set(this.state.withdrawn ?? []);
    for (const o of request.owners.filter((owner) => !withdrawn.has(owner.subject)))
      this.enqueue({
        subject: o.subject,
        kind: request.kind,
        ids: o.ids,
        enqueuedAt: o.enqueuedAt,
        deadline: o.deadline,
      });
    return request.owners.filter((owner) => withdrawn.has(owner.subject));
  }

  /** Drops a subject's queued ids (its erasure stopped or is on hold); returns how many. */
  withdraw(subject: string): number {
    return this.release(subject).reduce((n, e) => n + e.ids.length, 0);
  }

  /** Drops a subject's queued ids and returns them by kind (never sent). */
  release(subject: string): Array<{ kind: RecordKind; ids: string[] }> {
    const mine = this.state.queue.filter((q) => q.subject === subject);
    this.state.queue = this.state.queue.filter((q) => q.subject !== subject);
    // Remembered so a request in flight for it is not queued again on a 429 (the newest few suffice).
    this.state.withdrawn = [...(this.state.withdrawn ?? []), subject].slice(-WITHDRAWN_KEPT);
    const byKind = new Map<RecordKind, string[]>();
    for (const q of mine) byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), ...q.ids]);
    return [...byKind].map(([kind, ids]) => ({ kind, ids }));
  }

  /** How many ids wait, by kind, in the policy's order. */
  queuedByKind(): Array<{ kind: RecordKind; ids: number }> {
    return this.policy.kinds.map((kind) => ({
      kind,
      ids: this.state.queue.filter((q) => q.kind === kind).reduce((n, q) => n + q.ids.length, 0),
    }));
  }

  get queuedIds(): number {
    return this.state.queue.reduce((n, q) => n + q.ids.length, 0);
  }

  usedIn(now: number): number {
    return this.state.used[String(monthStart(now))] ?? 0;
  }

  get pausedUntil(): number | undefined {
    return this.state.pausedUntil;
  }

  /**
   * The platform said the month is spent: nothing goes out before the first day of next month (UTC).
   * `earlyMonthRetry`: in the first hours of a UTC month, when this book had not spent the month's quota
   * itself, the account's month may not have begun yet (its time zone is not documented): only wait until
   * the month has begun everywhere (`quotaResumeAt`).
   */
  quotaExhausted(now: number, earlyMonthRetry = false): void {
    const spentHere = this.usedIn(now) >= this.policy.monthlyQuota;
    const resumeAt = earlyMonthRetry ? quotaResumeAt(now, spentHere) : startOfNextMonthUtc(now);
    this.state.pausedUntil = resumeAt;
    if (resumeAt === startOfNextMonthUtc(now))
      this.state.used[String(monthStart(now))] = this.policy.monthlyQuota;
  }

  /**
   * The next request to send at `now`, taken off the queue, or undefined. Call it again after each send:
   * the quota and the queue change with every request.
   */
  next(now: number): PackedRequest | undefined {
    if (this.state.pausedUntil !== undefined && now < this.state.pausedUntil) return undefined;
    this.state.pausedUntil = undefined;
    const used = this.usedIn(now);
    if (used >= this.policy.monthlyQuota) return undefined;
    for (const kind of this.policy.kinds) {
      const entries = this.state.queue.filter((q) => q.kind === kind);
      if (entries.length === 0) continue;
      const unique = new Set(entries.flatMap((q) => q.ids));
      const reason = this.reasonToSend(entries, unique.size, now, used);
      if (reason) return this.take(kind, reason);
    }
    return undefined;
  }

  /** Records a request the platform accepted. */
  recordSent(now: number): void {
    const key = String(monthStart(now));
    this.state.used[key] = (this.state.used[key] ?? 0) + 1;
    // Months long past are of no use to the forecast; keep the state small.
    for (const k of Object.keys(this.state.used))
      if (Number(k) < monthStart(now) - 40 * 86_400_000) delete this.state.used[k];
  }

  /** When the book should next be looked at, if ids are waiting: the earliest window or deadline. */
  nextWakeAt(now: number, tickMs: number): number | undefined {
    if (this.state.queue.length === 0) return undefined;
    if (this.state.pausedUntil !== undefined && now < this.state.pausedUntil) return this.state.pausedUntil;
    // Pacing frees quota as the month goes on: look again at least every tick. Times already past are
    // entries the quota or pacing holds back: waking for them now would only spin.
    let wake = now + tickMs;
    for (const q of this.state.queue) {
      for (const t of [q.enqueuedAt + this.policy.flushWindowMs, q.deadline - this.policy.deletionWindowMs]) {
        if (t > now && t < wake) wake = t;
      }
    }
    return Math.max(now + 1, wake);
  }

  private reasonToSend(
    entries: QueuedIds[],
    uniqueIds: number,
    now: number,
    used: number,
  ): PackedRequest['reason'] | undefined {
    if (uniqueIds >= this.policy.maxIdsPerRequest) return 'full';
    if (entries.some((q) => q.deadline - this.policy.deletionWindowMs <= now)) return 'deadline';
    const oldest = entries.reduce((min, q) => Math.min(min, q.enqueuedAt), Number.POSITIVE_INFINITY);
    if (oldest + this.policy.flushWindowMs > now) return undefined;
    return used < this.pacedAllowance(now) ? 'window' : undefined;
  }

  /** Requests the month may have spent by `now` (rounded up, so each day of the month can send some). */
  private pacedAllowance(now: number): number {
    const start = monthStart(now);
    const length = startOfNextMonthUtc(now) - start;
    return Math.ceil((this.policy.monthlyQuota * (now - start + this.policy.flushWindowMs)) / length);
  }

  /** Takes up to the limit of unique ids of `kind`, oldest entries first, splitting an entry if needed. */
  private take(kind: RecordKind, reason: PackedRequest['reason']): PackedRequest {
    const ids: string[] = [];
    const seen = new Set<string>();
    const owners = new Map<string, RequestOwner>();
    const rest: QueuedIds[] = [];
    const ordered = [...this.state.queue].sort(
      (a, b) => a.deadline - b.deadline || a.enqueuedAt - b.enqueuedAt,
    );
    for (const q of ordered) {
      if (q.kind !== kind) {
        rest.push(q);
        continue;
      }
      const left: string[] = [];
      for (const id of q.ids) {
        if (seen.has(id) || ids.length < this.policy.maxIdsPerRequest) {
          if (!seen.has(id)) {
            seen.add(id);
            ids.push(id);
          }
          const mine = owners.get(q.subject) ?? {
            subject: q.subject,
            ids: [],
            enqueuedAt: q.enqueuedAt,
            deadline: q.deadline,
          };
          mine.ids.push(id);
          owners.set(q.subject, {
            ...mine,
            enqueuedAt: Math.min(mine.enqueuedAt, q.enqueuedAt),
            deadline: Math.min(mine.deadline, q.deadline),
          });
        } else left.push(id);
      }
      if (left.length > 0) rest.push({ ...q, ids: left });
    }
    this.state.queue = rest;
    return { kind, ids, owners: [...owners.values()], reason };
  }
}
