import type { z } from 'zod';
import { addUtcMonths, alignTenMinutes, calendarWindows, earliestStart } from '../../domain/search-windows';
import type { StepProgress } from '../call-context';
import { searchEachWindow, type WindowSearch } from '../windowed-search';
import type { ConversationRecord, EngagementRecord } from './schemas';
import { ConversationSearchSchema, EngagementSearchSchema } from './schemas';
import type { LivePersonSession } from './session';

/** The platform's paging limit for both history APIs. */
const PAGE = 100;

/** How far back and in what slices the history APIs are searched, in calendar months. */
export interface HistorySearchLimits {
  /** Conversations and engagements are kept 13 months; search all of it. */
  readonly lookbackMonths: number;
  /** Messaging Interactions refuses a `start` interval over three (calendar) months. */
  readonly conversationWindowMonths: number;
  /** Engagement History refuses a `start` interval over one (calendar) month. */
  readonly engagementWindowMonths: number;
  /** The `source` query parameter Messaging Interactions requires (≤ 20 characters). */
  readonly source: string;
}

export const defaultHistorySearchLimits: HistorySearchLimits = {
  lookbackMonths: 13,
  conversationWindowMonths: 3,
  engagementWindowMonths: 1,
  source: 'LetheErasure',
};

/** What a search keeps of each record it finds (steps save only that), or undefined to drop it. */
export type Keep<R, T> = (record: R) => T | undefined;

/**
 * Searches Messaging Interactions and Engagement History window by window (calendar months, as the
 * platform counts them) and page by page. A window the platform refuses is split in halves and searched
 * again, down to a day; every finished page is saved in `progress`, so a retried attempt goes on from
 * the page where the last one stopped.
 */
export class HistorySearch {
  constructor(
    private readonly session: LivePersonSession,
    private readonly limits: HistorySearchLimits,
    private readonly now: () => number,
  ) {}

  /** Conversations whose engagement attributes of `sdeType` match `value`, across the retention period. */
  conversationsByAttribute<T>(
    progress: StepProgress,
    sdeType: 'personalInfo' | 'customerInfo',
    value: string,
    keep: Keep<ConversationRecord, T>,
  ): Promise<T[]> {
    return this.windowed(progress, 'searchConversations', this.limits.conversationWindowMonths, (w, p) =>
      this.conversationPages(
        p,
        'searchConversations',
        'conversations/search',
        {
          start: { from: w.from, to: w.to },
          sdeSearch: { [sdeType]: value },
          contentToRetrieve: ['consumerParticipants', 'sdes'],
        },
        keep,
      ),
    );
  }

  /** Every conversation of a consumer (open and closed): the search has no time window. */
  conversationsOfConsumer<T>(
    progress: StepProgress | undefined,
    consumerId: string,
    keep: Keep<ConversationRecord, T>,
  ): Promise<T[]> {
    return this.conversationPages(
      progress,
      'searchConversationsByConsumer',
      'conversations/consumer/search',
      {
        consumer: consumerId,
        status: ['OPEN', 'CLOSE'],
        contentToRetrieve: ['messageRecords', 'consumerParticipants', 'sdes', 'summary'],
      },
      keep,
    );
  }

  /** One conversation by id, with what shows personal data, or undefined when the search has none. */
  async conversation(conversationId: string): Promise<ConversationRecord | undefined> {
    const records = await this.pages(
      undefined,
      'getConversation',
      await this.messagingUrl('conversations/conversation/search'),
      { source: this.limits.source },
      { conversationId, contentToRetrieve: ['messageRecords', 'consumerParticipants', 'sdes', 'summary'] },
      ConversationSearchSchema,
      (p) => p.conversationHistoryRecords,
      (r) => r,
    );
    return records.find((r) => r.info.conversationId === conversationId);
  }

  /** Chat engagements whose attributes (`ea.<type>`) contain `value` as a phrase, across the retention period. */
  engagementsByAttribute<T>(
    progress: StepProgress,
    value: string,
    areas: readonly string[],
    keep: Keep<EngagementRecord, T>,
  ): Promise<T[]> {
    const phrase = `"${value.replace(/"/g, '')}"`;
    return this.windowed(progress, 'searchEngagements', this.limits.engagementWindowMonths, (w, p) =>
      this.engagementPages(
        p,
        { start: { from: w.from, to: w.to }, keyword: phrase, keyword_search_area: { types: areas } },
        keep,
      ),
    );
  }

  /**
   * One engagement by id. The platform ignores the time window when searching by id, but `start` is
   * still required: the last calendar month is sent.
   */
  async engagement(engagementId: string): Promise<EngagementRecord | undefined> {
    const { start, end } = this.range(this.limits.engagementWindowMonths, true);
    const records = await this.engagementPages(
      undefined,
      { start: { from: start, to: end }, engagementId },
      (r) => r,
    );
    return records.find((r) => r.info.engagementId === engagementId);
  }

  /**
   * The last `months` calendar months up to now, ending on a ten-minute mark (the platform rounds to
   * them). `asOneWindow`: the start a single window may have (a day later at some month ends).
   */
  private range(months: number, asOneWindow = false): { start: number; end: number } {
    const end = alignTenMinutes(this.now(), 'up');
    return { start: asOneWindow ? earliestStart(end, months) : addUtcMonths(end, -months), end };
  }

  /**
   * Runs `search` over the retention period in windows of `months` calendar months, newest first. The
   * period is fixed by the first attempt (saved), so a retried attempt walks the same windows.
   */
  private async windowed<T>(
    progress: StepProgress,
    operation: string,
    months: number,
    search: WindowSearch<T>,
  ): Promise<T[]> {
    const { start, end } = await progress.step('range', () => this.range(this.limits.lookbackMonths));
    return searchEachWindow(
      progress,
      { platform: 'liveperson', operation },
      calendarWindows(start, end, months),
      search,
    );
  }

  private async messagingUrl(path: string): Promise<string> {
    return `${await this.session.serviceUrl('msgHist')}/messaging_history/api/account/${encodeURIComponent(this.session.accountId)}/${path}`;
  }

  private async conversationPages<T>(
    progress: StepProgress | undefined,
    operation: string,
    path: string,
    body: object,
    keep: Keep<ConversationRecord, T>,
  ): Promise<T[]> {
    return this.pages(
      progress,
      operation,
      await this.messagingUrl(path),
      { source: this.limits.source },
      body,
      ConversationSearchSchema,
      (p) => p.conversationHistoryRecords,
      keep,
    );
  }

  private async engagementPages<T>(
    progress: StepProgress | undefined,
    body: object,
    keep: Keep<EngagementRecord, T>,
  ): Promise<T[]> {
    const url = `${await this.session.serviceUrl('engHistDomain')}/interaction_history/api/account/${encodeURIComponent(this.session.accountId)}/interactions/search`;
    return this.pages(
      progress,
      'searchEngagements',
      url,
      {},
      body,
      EngagementSearchSchema,
      (p) => p.interactionHistoryRecords,
      keep,
    );
  }

  /**
   * Every page of one search: offset paging at the platform's maximum page size until `count` is
   * reached. Each page is a step of `progress` (when given): what `keep` took of it is saved.
   */
  private async pages<P extends { _metadata: { count: number } }, R, T>(
    progress: StepProgress | undefined,
    operation: string,
    url: string,
    params: Record<string, string>,
    body: object,
    schema: z.ZodType<P>,
    records: (page: P) => R[],
    keep: Keep<R, T>,
  ): Promise<T[]> {
    const out: T[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const fetchPage = async (): Promise<{ kept: T[]; last: boolean }> => {
        const query = new URLSearchParams({ offset: String(offset), limit: String(PAGE), ...params });
        const page = await this.session.call({
          operation,
          method: 'POST',
          url: `${url}?${query}`,
          json: body,
          schema,
          idempotent: true,
        });
        const items = records(page);
        const kept = items.map(keep).filter((t): t is T => t !== undefined);
        return { kept, last: offset + PAGE >= page._metadata.count || items.length === 0 };
      };
      const { kept, last } = progress ? await progress.step(`p${offset}`, fetchPage) : await fetchPage();
      out.push(...kept);
      if (last) return out;
    }
  }
}
