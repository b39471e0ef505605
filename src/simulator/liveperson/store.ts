import { addUtcMonths } from '../../domain/search-windows';
import type { LivePersonSimulatorOptions } from './options';
import type { Sdes, Seed, SeedConsumer, SeedConversation, SeedEngagement } from './seed';

export type DeletionKind = 'engagement' | 'conversation' | 'consumer' | 'ticketing';
export type DeletionStatus = 'NOT_STARTED' | 'IN_PROGRESS' | 'DONE' | 'CANCELED';

export interface Conversation extends SeedConversation {}
export interface Engagement extends SeedEngagement {
  readonly engagementId: string;
}

export interface DeletionRequest {
  readonly requestId: number;
  readonly kind: DeletionKind;
  readonly ids: readonly string[];
  readonly createdAt: number;
  readonly requestedBy: string;
  canceledAt?: number;
  cancelledBy?: string;
  /** When the deletion was carried out (data masked). */
  appliedAt?: number;
  /** Ids it left as they were (`ignoreDeletionOf`): asking again for them is the contract working. */
  ignored?: string[];
}

/** A record that still holds personal data, and where. */
export interface RemainingData {
  readonly kind: 'consumer' | 'conversation' | 'engagement';
  readonly id: string;
  readonly fields: string[];
}

/**
 * The simulated account's data and deletion requests. Deletion is lazy: a request's status follows
 * from its age on the simulator clock, and `settle(now)` masks the data of every request that is DONE.
 */
export class LivePersonStore {
  readonly consumers = new Map<string, SeedConsumer>();
  readonly conversations = new Map<string, Conversation>();
  readonly engagements = new Map<string, Engagement>();
  readonly requests: DeletionRequest[] = [];
  /** Ids whose deletion is reported DONE without masking (a fault, to exercise re-submission). */
  readonly ignoreDeletionOf = new Set<string>();

  constructor(private readonly options: LivePersonSimulatorOptions) {}

  seed(seed: Seed): void {
    for (const c of seed.consumers) this.consumers.set(c.consumerId, { ...c });
    for (const c of seed.conversations) this.conversations.set(c.conversationId, structuredClone(c));
    for (const e of seed.engagements) {
      const engagementId = `${this.options.accountId}${e.chatId}`;
      this.engagements.set(engagementId, { ...structuredClone(e), engagementId });
    }
  }

  reset(): void {
    this.consumers.clear();
    this.conversations.clear();
    this.engagements.clear();
    this.requests.length = 0;
    this.ignoreDeletionOf.clear();
  }

  statusOf(r: DeletionRequest, now: number): DeletionStatus {
    if (r.canceledAt !== undefined) return 'CANCELED';
    const age = now - r.createdAt;
    if (age < this.options.graceMs) return 'NOT_STARTED';
    if (age < this.options.graceMs + this.options.processingMs) return 'IN_PROGRESS';
    return 'DONE';
  }

  /** Carries out every deletion that is DONE at `now` and not yet applied. */
  settle(now: number): void {
    for (const r of this.requests) {
      if (r.appliedAt !== undefined || this.statusOf(r, now) !== 'DONE') continue;
      r.appliedAt = now;
      for (const id of r.ids) {
        if (this.ignoreDeletionOf.delete(id)) {
          r.ignored = [...(r.ignored ?? []), id];
          continue;
        }
        this.mask(r.kind, id);
      }
    }
  }

  /**
   * The first request, not cancelled, that already asked to delete one of `ids` of `kind` and deleted it
   * or still will: a new request for it would ask twice for the same record. One its deletion left as it
   * was (still there after DONE) does not cover it.
   */
  coveringRequest(kind: DeletionKind, ids: readonly string[], now: number): DeletionRequest | undefined {
    this.settle(now);
    const wanted = new Set(ids);
    return this.requests.find(
      (r) =>
        r.canceledAt === undefined &&
        r.kind === kind &&
        r.ids.some((id) => wanted.has(id) && !(r.ignored ?? []).includes(id)),
    );
  }

  /** The oldest start still kept at `now` (13 calendar months back): older records are gone. */
  retainedSince(now: number): number {
    return addUtcMonths(now, -this.options.retentionMonths);
  }

  /** Requests created in the calendar month (UTC) of `now`. */
  requestsThisMonth(now: number): number {
    const d = new Date(now);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const nextMonth = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return this.requests.filter((r) => r.createdAt >= monthStart && r.createdAt < nextMonth).length;
  }

  /** Records that still hold any of `values` (or, with no values, any personal data at all). */
  remaining(values: readonly string[], now: number): RemainingData[] {
    this.settle(now);
    const wanted = values.map((v) => v.toLowerCase());
    const holds = (v: string | undefined): boolean =>
      v !== undefined &&
      v.split(this.options.placeholder).join('').trim() !== '' &&
      (wanted.length === 0 || wanted.some((w) => v.toLowerCase().includes(w)));
    const out: RemainingData[] = [];
    const check = (
      kind: RemainingData['kind'],
      id: string,
      fields: Record<string, string | undefined>,
    ): void => {
      const hit = Object.entries(fields)
        .filter(([, v]) => holds(v))
        .map(([k]) => k);
      if (hit.length > 0) out.push({ kind, id, fields: hit });
    };
    for (const c of this.consumers.values())
      check('consumer', c.consumerId, {
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
      });
    for (const c of this.conversations.values()) {
      check('conversation', c.conversationId, {
        ...sdeFields(c.sdes),
        summary: c.summary,
        ...texts(c.messages.map((m) => m.text)),
      });
    }
    for (const e of this.engagements.values()) {
      check('engagement', e.engagementId, {
        visitorName: e.visitorName,
        ...sdeFields(e.sdes),
        ...texts(e.lines.map((l) => l.text)),
      });
    }
    return out;
  }

  private mask(kind: DeletionKind, id: string): void {
    const p = this.options.placeholder;
    const maskSdes = (s: Sdes): Sdes => Object.fromEntries(Object.keys(s).map((k) => [k, p]));
    if (kind === 'conversation') {
      const c = this.conversations.get(id);
      if (!c) return;
      for (const m of c.messages) m.text = p;
      c.sdes = maskSdes(c.sdes);
      if (c.summary !== undefined) c.summary = p;
    } else if (kind === 'consumer') {
      const c = this.consumers.get(id);
      if (c) this.consumers.set(id, { consumerId: id, firstName: p, lastName: p, email: p, phone: p });
    } else if (kind === 'engagement') {
      const e = this.engagements.get(id);
      if (!e) return;
      for (const l of e.lines) l.text = p;
      e.sdes = maskSdes(e.sdes);
      if (e.visitorName !== undefined) e.visitorName = p;
    }
  }
}

const sdeFields = (s: Sdes): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(s).map(([k, v]) => [`sdes.${k}`, v]));
const texts = (list: readonly string[]): Record<string, string> =>
  Object.fromEntries(list.map((t, i) => [`text[${i}]`, t]));
