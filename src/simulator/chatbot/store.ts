import type { ChatbotSimulatorOptions } from './options';
import type { Seed, SeedConversation } from './seed';

export interface TranscriptLine {
  readonly from: 'user' | 'bot' | 'agent';
  readonly text: string;
  readonly at: number;
}

/** One conversation of the Conversations log; times are epoch ms on the simulator clock. */
export interface StoredConversation {
  readonly id: string;
  readonly startedAt: number;
  endedAt: number | null;
  readonly channel: string;
  title: string;
  deleted: boolean;
  /** The chatter's UCI value; `null` once deleted. */
  uciValue: string | null;
  /** Whose it was, kept after a delete (the simulator's own bookkeeping, never answered). */
  readonly chatter: string;
  /** When it was seeded (simulator time): new data of the chatter since an earlier delete. */
  readonly seededAt: number;
  transcript: TranscriptLine[] | null;
  files: string[];
  readonly csatScore: number | null;
  csatComment: string | null;
  readonly conversationScore: number | null;
  readonly hasFileUpload: boolean;
  readonly hasHandover: boolean;
  readonly hasPush: boolean;
}

/** An accepted export: recorded only (no file is written). */
export interface ExportRequest {
  readonly seq: number;
  readonly uciValue: string;
  readonly acceptedAt: number;
}

/**
 * An accepted delete. The UCI value stays in this admin view so tests can see what was asked; the
 * platform itself keeps only a change-log entry.
 */
export interface DeleteRequest extends ExportRequest {
  /** When the platform carries it out. */
  readonly dueAt: number;
  appliedAt?: number;
  /** Conversations it erased. */
  readonly deletedIds: string[];
  /**
   * An earlier delete of the same chatter accepted after their last conversation ended (or was seeded):
   * it erases everything this one could, so this one adds nothing.
   */
  readonly overlaps?: number;
}

/** A conversation that still holds personal data, and in which fields. */
export interface RemainingData {
  readonly kind: 'conversation';
  readonly id: string;
  readonly fields: string[];
}

const MINUTE = 60_000;

/**
 * The bot's conversations and compliance requests. Deletion is lazy: `settle(now)` carries out every
 * delete due by `now`, as the platform would have at its due time, and every read settles first.
 */
export class ChatbotStore {
  readonly conversations = new Map<string, StoredConversation>();
  readonly deletes: DeleteRequest[] = [];
  readonly exports: ExportRequest[] = [];
  private generatedIds = 0;

  constructor(private readonly options: ChatbotSimulatorOptions) {}

  /** Adds the seed's conversations (an existing id is replaced) and returns their ids. */
  seed(seed: Seed, now: number): string[] {
    const ids: string[] = [];
    for (const chatter of seed.chatters) {
      for (const c of chatter.conversations) {
        const stored = this.toStored(chatter.uci_value, c, now);
        this.conversations.set(stored.id, stored);
        ids.push(stored.id);
      }
    }
    return ids;
  }

  reset(): void {
    this.conversations.clear();
    this.deletes.length = 0;
    this.exports.length = 0;
    this.generatedIds = 0;
  }

  acceptDelete(uciValue: string, now: number): DeleteRequest {
    let lastChange = Number.NEGATIVE_INFINITY;
    for (const c of this.conversations.values()) {
      if (c.chatter !== uciValue) continue;
      lastChange = Math.max(lastChange, c.seededAt, c.endedAt !== null && c.endedAt <= now ? c.endedAt : -1);
    }
    const covering = this.deletes.findLast((d) => d.uciValue === uciValue && d.acceptedAt >= lastChange);
    const request: DeleteRequest = {
      seq: this.deletes.length + 1,
      uciValue,
      acceptedAt: now,
      dueAt: now + this.options.deletionDelayMs,
      deletedIds: [],
      ...(covering ? { overlaps: covering.seq } : {}),
    };
    this.deletes.push(request);
    return request;
  }

  acceptExport(uciValue: string, now: number): ExportRequest {
    const request = { seq: this.exports.length + 1, uciValue, acceptedAt: now };
    this.exports.push(request);
    return request;
  }

  /** Carries out every delete due by `now`, in the order they were accepted. */
  settle(now: number): void {
    for (const d of this.deletes) {
      if (d.appliedAt !== undefined || d.dueAt > now) continue;
      d.appliedAt = d.dueAt;
      for (const c of this.conversations.values()) {
        if (c.deleted || c.uciValue !== d.uciValue) continue;
        // Still open when the delete ran: it stays, and a later delete catches it once ended.
        if (c.endedAt === null || c.endedAt > d.dueAt) continue;
        erase(c);
        d.deletedIds.push(c.id);
      }
    }
  }

  /** The chatter's conversations (by a UCI value not yet removed), oldest first. */
  conversationsOf(uciValue: string, now: number): StoredConversation[] {
    this.settle(now);
    return [...this.conversations.values()]
      .filter((c) => c.uciValue === uciValue)
      .sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  }

  conversation(id: string, now: number): StoredConversation | undefined {
    this.settle(now);
    return this.conversations.get(id);
  }

  /** Conversations that still hold any of `values` (case-insensitive), or any personal data with none. */
  remaining(values: readonly string[], now: number): RemainingData[] {
    this.settle(now);
    const wanted = values.map((v) => v.toLowerCase());
    const holds = (v: string | null): boolean =>
      v !== null && v !== '' && (wanted.length === 0 || wanted.some((w) => v.toLowerCase().includes(w)));
    const out: RemainingData[] = [];
    for (const c of this.conversations.values()) {
      const fields: Array<[string, string | null]> = [
        ['uci_value', c.uciValue],
        ...(c.transcript ?? []).map((l, i): [string, string] => [`transcript[${i}]`, l.text]),
        ['csat_comment', c.csatComment],
        ...c.files.map((f, i): [string, string] => [`files[${i}]`, f]),
      ];
      const hit = fields.filter(([, v]) => holds(v)).map(([k]) => k);
      if (hit.length > 0) out.push({ kind: 'conversation', id: c.id, fields: hit });
    }
    return out;
  }

  private toStored(uciValue: string, c: SeedConversation, now: number): StoredConversation {
    const startedAt = c.started_at ?? now - 10 * MINUTE;
    return {
      id: c.id ?? this.nextId(),
      startedAt,
      endedAt: c.ended_at === undefined ? startedAt + 5 * MINUTE : c.ended_at,
      channel: c.channel,
      title: c.title,
      deleted: false,
      uciValue,
      chatter: uciValue,
      seededAt: now,
      transcript: c.transcript.map((l, i) => ({
        from: l.from,
        text: l.text,
        at: l.at ?? startedAt + i * 1000,
      })),
      files: [...c.files],
      csatScore: c.csat_score,
      csatComment: c.csat_comment,
      conversationScore: c.conversation_score,
      hasFileUpload: c.has_file_upload ?? c.files.length > 0,
      hasHandover: c.has_handover,
      hasPush: c.has_push,
    };
  }

  private nextId(): string {
    do this.generatedIds += 1;
    while (this.conversations.has(`conv-${this.generatedIds}`));
    return `conv-${this.generatedIds}`;
  }
}

/**
 * What the platform's delete does to a conversation (documented): transcript, UCI data, uploaded files
 * and CSAT comment go; channel, flags, conversation score and CSAT score stay.
 */
function erase(c: StoredConversation): void {
  c.deleted = true;
  c.title = 'Deleted conversation';
  c.transcript = null;
  c.uciValue = null;
  c.files = [];
  c.csatComment = null;
}
