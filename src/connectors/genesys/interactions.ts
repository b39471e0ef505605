import type { ResolvedIdentifier } from '../../domain/identifiers';
import { searchWindows } from '../../domain/search-windows';
import type { StepProgress } from '../call-context';
import { searchEachWindow } from '../windowed-search';
import { type AnalyticsConversation, DetailsQueryResultSchema } from './schemas';
import type { GenesysSession } from './session';

const PAGE_SIZE = 100;

/** How far back to search interactions, in windows of what length, up to when. */
export interface SearchWindow {
  readonly end: number;
  readonly lookbackMs: number;
  readonly windowMs: number;
}

/**
 * Interactions in which someone other than an agent used one of the person's numbers, addresses or
 * contacts: one analytics details query per window (every identifier as an `or` predicate), paged,
 * and only the hits that hold an identifier exactly. Returns their ids. The search period is fixed by
 * the first attempt, a refused window is split, and each page is a step of `progress`.
 */
export async function findInteractions(
  session: GenesysSession,
  identifiers: readonly ResolvedIdentifier[],
  window: () => SearchWindow,
  progress: StepProgress,
): Promise<string[]> {
  const phones = identifiers.filter((i) => i.kind === 'phone').map((i) => i.value);
  const emails = identifiers.filter((i) => i.kind === 'email').map((i) => i.value);
  const contacts = identifiers.filter((i) => i.kind === 'genesysExternalContactId').map((i) => i.value);
  const predicates = [
    ...phones.flatMap((p) => ['ani', 'dnis'].map((dimension) => predicate(dimension, `tel:${p}`))),
    ...emails.flatMap((e) => ['addressFrom', 'addressTo'].map((dimension) => predicate(dimension, e))),
    ...contacts.map((c) => predicate('externalContactId', c)),
  ];
  if (predicates.length === 0) return [];
  const { end, lookbackMs, windowMs } = await progress.step('range', window);
  const ids = await searchEachWindow(
    progress,
    { platform: 'genesys', operation: 'queryConversationDetails' },
    searchWindows(end, lookbackMs, windowMs),
    async (w, pages) => {
      const found: string[] = [];
      for (let pageNumber = 1; ; pageNumber += 1) {
        const page = await pages.step(`p${pageNumber}`, async () => {
          const result = await session.call({
            operation: 'queryConversationDetails',
            method: 'POST',
            url: session.url('/api/v2/analytics/conversations/details/query'),
            json: {
              interval: `${new Date(w.from).toISOString()}/${new Date(w.to).toISOString()}`,
              order: 'asc',
              orderBy: 'conversationStart',
              paging: { pageSize: PAGE_SIZE, pageNumber },
              segmentFilters: [{ type: 'or', predicates }],
            },
            schema: DetailsQueryResultSchema,
            idempotent: true,
          });
          return {
            ids: result.conversations
              .filter((c) => customerHolds(c, phones, emails, contacts))
              .map((c) => c.conversationId),
            last: result.conversations.length < PAGE_SIZE,
          };
        });
        found.push(...page.ids);
        if (page.last) return found;
      }
    },
  );
  return [...new Set(ids)];
}

const predicate = (dimension: string, value: string) => ({
  type: 'dimension',
  dimension,
  operator: 'matches',
  value,
});

const telKey = (v: string): string => v.replace(/^tel:/, '').replace(/[^\d+]/g, '');

/** Whether a non-agent participant of the interaction holds one of the person's identifiers exactly. */
function customerHolds(
  c: AnalyticsConversation,
  phones: readonly string[],
  emails: readonly string[],
  contacts: readonly string[],
): boolean {
  const phoneSet = new Set(phones.map(telKey));
  const emailSet = new Set(emails.map((e) => e.toLowerCase()));
  const contactSet = new Set(contacts.map((id) => id.toLowerCase()));
  return c.participants
    .filter((p) => p.purpose !== 'agent')
    .some(
      (p) =>
        (p.externalContactId !== undefined && contactSet.has(p.externalContactId.toLowerCase())) ||
        p.sessions.some(
          (s) =>
            [s.ani, s.dnis].some((v) => v !== undefined && phoneSet.has(telKey(v))) ||
            [s.addressFrom, s.addressTo].some((v) => v !== undefined && emailSet.has(v.toLowerCase())),
        ),
    );
}
