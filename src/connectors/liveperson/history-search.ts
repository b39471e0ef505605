import type { z } from 'zod';
import { searchWindows } from '../../domain/search-windows';
import type { ConversationRecord, EngagementRecord } from './schemas';
import { ConversationSearchSchema, EngagementSearchSchema } from './schemas';
import type { LivePersonSession } from './session';

/** The platform's paging limit for both history APIs. */
const PAGE = 100;
const DAY_MS = 86_400_000;

/** How far back and in what slices the history APIs are searched. */
export interface HistorySearchLimits {
  /** Conversations and engagements are kept 13 months; search all of it. */
  readonly lookbackDays: number;
  /** Messaging Interactions rejects a `start` interval over three months. */
  readonly conversationWindowDays: number;
  /** Engagement History rejects a `start` interval over one month. */
  readonly engagementWindowDays: number;
  /** The `source` query parameter Messaging Interactions requires (≤ 20 characters). */
  readonly source: string;
}

export const defaultHistorySearchLimits: HistorySearchLimits = {
  lookbackDays: 403,
  conversationWindowDays: 90,
  engagementWindowDays: 30,
  source: 'LetheErasure',
};

/** Searches Messaging Interactions and Engagement History, window by window and page by page. */
export class HistorySearch {
  constructor(
    private readonly session: LivePersonSession,
    private readonly limits: HistorySearchLimits,
    private readonly now: () => number,
  ) {}

  /** Conversations whose engagement attributes of `sdeType` match `value`, across the retention period. */
  async conversationsByAttribute(
    sdeType: 'personalInfo' | 'customerInfo',
    value: string,
  ): Promise<ConversationRecord[]> {
    const out: ConversationRecord[] = [];
    for (const w of searchWindows(
      this.now(),
      this.limits.lookbackDays * DAY_MS,
      this.limits.conversationWindowDays * DAY_MS,
    )) {
      out.push(
        ...(await this.conversationPages('searchConversations', 'conversations/search', {
          start: { from: w.from, to: w.to },
          sdeSearch: { [sdeType]: value },
          contentToRetrieve: ['consumerParticipants', 'sdes'],
        })),
      );
    }
    return out;
  }

  /** Every conversation of a consumer (open and closed), with transcripts to check for personal data. */
  conversationsOfConsumer(consumerId: string): Promise<ConversationRecord[]> {
    return this.conversationPages('searchConversationsByConsumer', 'conversations/consumer/search', {
      consumer: consumerId,
      status: ['OPEN', 'CLOSE'],
      contentToRetrieve: ['messageRecords', 'consumerParticipants', 'sdes', 'summary'],
    });
  }

  /** One conversation by id, or undefined once it is gone. */
  async conversation(conversationId: string): Promise<ConversationRecord | undefined> {
    const records = await this.conversationPages('getConversation', 'conversations/conversation/search', {
      conversationId,
      contentToRetrieve: ['messageRecords', 'consumerParticipants', 'sdes', 'summary'],
    });
    return records.find((r) => r.info.conversationId === conversationId);
  }

  /** Chat engagements whose attributes (`ea.<type>`) contain `value` as a phrase, across the retention period. */
  async engagementsByAttribute(value: string, areas: readonly string[]): Promise<EngagementRecord[]> {
    const out: EngagementRecord[] = [];
    const phrase = `"${value.replace(/"/g, '')}"`;
    for (const w of searchWindows(
      this.now(),
      this.limits.lookbackDays * DAY_MS,
      this.limits.engagementWindowDays * DAY_MS,
    )) {
      out.push(
        ...(await this.engagementPages({
          start: { from: w.from, to: w.to },
          keyword: phrase,
          keyword_search_area: { types: areas },
        })),
      );
    }
    return out;
  }

  /** One engagement by id (the time window is ignored by the platform when searching by id). */
  async engagement(engagementId: string): Promise<EngagementRecord | undefined> {
    const now = this.now();
    const records = await this.engagementPages({
      start: { from: now - this.limits.engagementWindowDays * DAY_MS, to: now },
      engagementId,
    });
    return records.find((r) => r.info.engagementId === engagementId);
  }

  private async conversationPages(
    operation: string,
    path: string,
    body: object,
  ): Promise<ConversationRecord[]> {
    const base = `${await this.session.serviceUrl('msgHist')}/messaging_history/api/account/${encodeURIComponent(this.session.accountId)}/${path}`;
    return this.pages(
      operation,
      base,
      { source: this.limits.source },
      body,
      ConversationSearchSchema,
      (p) => p.conversationHistoryRecords,
    );
  }

  private async engagementPages(body: object): Promise<EngagementRecord[]> {
    const base = `${await this.session.serviceUrl('engHistDomain')}/interaction_history/api/account/${encodeURIComponent(this.session.accountId)}/interactions/search`;
    return this.pages(
      'searchEngagements',
      base,
      {},
      body,
      EngagementSearchSchema,
      (p) => p.interactionHistoryRecords,
    );
  }

  /** Every page of one search: offset paging at the platform's maximum page size until `count` is reached. */
  private async pages<P extends { _metadata: { count: number } }, R>(
    operation: string,
    url: string,
    params: Record<string, string>,
    body: object,
    schema: z.ZodType<P>,
    records: (page: P) => R[],
  ): Promise<R[]> {
    const out: R[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE), ...params });
      const page = await this.session.call({
        operation,
        method: 'POST',
        url: `${url}?${query}`,
        json: body,
        schema,
      });
      const items = records(page);
      out.push(...items);
      if (offset + PAGE >= page._metadata.count || items.length === 0) return out;
    }
  }
}
