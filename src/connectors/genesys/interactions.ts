import { identifierKey, type ResolvedIdentifier } from '../../domain/identifiers';
import { searchWindows } from '../../domain/search-windows';
import type { StepProgress } from '../call-context';
import { searchEachWindow } from '../windowed-search';
import { type AnalyticsConversation, DetailsQueryResultSchema } from './schemas';
import type { GenesysSession } from './session';

const PAGE_SIZE = 100;

/** An interaction found, and the identifiers (keys) its customer side holds. */
export interface InteractionHit {
  readonly id: string;
  readonly leads: string[];
}

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
 * the first attempt, a refused window is split, and each page is a step of `progress`. Each hit names
 * the identifiers that matched it.
 */
export async function findInteractions(
  session: GenesysSession,
  identifiers: readonly ResolvedIdentifier[],
  window: () => SearchWindow,
  progress: StepProgress,
): Promise<InteractionHit[]> {
  const phones = identifiers.filter((i) => i.kind === 'phone').map((i) => i.value);
  const emails = identifiers.filter((i) => i.kind === 'email').map((i) => i.value);
  const contacts = identifiers.filter((i) => i.kind === 'genesysExternalContactId').map((i) => i.value);
  const holds = matcher(identifiers);
  const predicates = [
    ...phones.flatMap((p) => ['ani', 'dnis'].map((dimension) => predicate(dimension, `tel:${p}`))),
    ...emails.flatMap((e) => ['addressFrom', 'addressTo'].map((dimension) => predicate(dimension, e))),
    ...contacts.map((c) => predicate('externalContactId', c)),
  ];
  if (predicates.length === 0) return [];
  const { end, lookbackMs, windowMs } = await progress.step('range', window);
  const hits = await searchEachWindow(
    progress,
    { platform: 'genesys', operation: 'queryConversationDetails' },
    searchWindows(end, lookbackMs, windowMs),
    async (w, pages) => {
      const found: InteractionHit[] = [];
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
          const hits = result.conversations
            .map((c) => ({ id: c.conversationId, leads: holds(c) }))
            .filter((h) => h.leads.length > 0);
          return {
            ids: hits.map((h) => h.id),
            leads: hits.map((h) => h.leads),
            last: result.conversations.length < PAGE_SIZE,
          };
        });
        // A page saved by an attempt before leads were kept has none: its hits are found all the same.
        found.push(...page.ids.map((id, i) => ({ id, leads: page.leads?.[i] ?? [] })));
        if (page.last) return found;
      }
    },
  );
  const byId = new Map<string, Set<string>>();
  for (const hit of hits) byId.set(hit.id, new Set([...(byId.get(hit.id) ?? []), ...hit.leads]));
  return [...byId].map(([id, leads]) => ({ id, leads: [...leads] }));
}

const predicate = (dimension: string, value: string) => ({
  type: 'dimension',
  dimension,
  operator: 'matches',
  value,
});

const telKey = (v: string): string => v.replace(/^tel:/, '').replace(/[^\d+]/g, '');

/**
 * The identifiers (keys) a non-agent participant of an interaction holds exactly: none means the
 * interaction is someone else's (the analytics predicates match more loosely).
 */
function matcher(identifiers: readonly ResolvedIdentifier[]): (c: AnalyticsConversation) => string[] {
  const byPhone = new Map<string, string>();
  const byEmail = new Map<string, string>();
  const byContact = new Map<string, string>();
  for (const id of identifiers) {
    if (id.kind === 'phone') byPhone.set(telKey(id.value), identifierKey(id));
    else if (id.kind === 'email') byEmail.set(id.value.toLowerCase(), identifierKey(id));
    else if (id.kind === 'genesysExternalContactId') byContact.set(id.value.toLowerCase(), identifierKey(id));
  }
  return (c) => {
    const leads = new Set<string>();
    const note = (map: Map<string, string>, value: string | undefined): void => {
      const key = value === undefined ? undefined : map.get(value);
      if (key !== undefined) leads.add(key);
    };
    for (const p of c.participants) {
      if (p.purpose === 'agent') continue;
      note(byContact, p.externalContactId?.toLowerCase());
      for (const session of p.sessions) {
        for (const v of [session.ani, session.dnis]) note(byPhone, v === undefined ? undefined : telKey(v));
        for (const v of [session.addressFrom, session.addressTo]) note(byEmail, v?.toLowerCase());
      }
    }
    return [...leads];
  };
}
