import { identifierKey, type ResolvedIdentifier } from '../../domain/identifiers';
import type { PlatformRecord } from '../../domain/platforms';
import type { StepProgress } from '../call-context';
import { searchableKinds, userMatches } from './identity';
import type { ZendeskReads } from './reads';
import type { ZendeskComment, ZendeskTicket, ZendeskUser } from './schemas';

/** Ticket statuses of a ticket still being worked on (§3.3): its conversation is open. */
const WORKING = new Set(['new', 'open', 'pending', 'hold']);
export const isWorking = (t: Pick<ZendeskTicket, 'status'>): boolean => WORKING.has(t.status);

/** Which of the person's tickets are kept and redacted rather than deleted (configuration). */
export interface TicketPolicy {
  readonly action: 'delete' | 'redact';
  readonly keepTagged: readonly string[];
}

export const isKept = (ticket: Pick<ZendeskTicket, 'tags'>, policy: TicketPolicy): boolean =>
  policy.action === 'redact' || (ticket.tags ?? []).some((tag) => policy.keepTagged.includes(tag));

/**
 * Whether a user cannot be deleted yet: Zendesk refuses to delete the requester of a ticket that is not
 * closed (§6). A ticket Lethe deletes first stops counting once deleted; one it keeps counts until closed.
 */
export const userBlockedBy = (requested: readonly ZendeskTicket[], policy: TicketPolicy): boolean =>
  requested.some((t) => t.status !== 'closed' && (isWorking(t) || isKept(t, policy)));

/** A comment record's id: the ticket and the comment. */
export const commentRef = (ticketId: number, commentId: number): string => `${ticketId}/${commentId}`;
export function parseCommentRef(ref: string): { ticketId: number; commentId: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(ref);
  return m ? { ticketId: Number(m[1]), commentId: Number(m[2]) } : undefined;
}

/**
 * A user found, the identifiers (keys) that led to them, and those of them a household shares: a phone
 * several users have, or one Zendesk marks shared (§2.4), ties to nobody in particular.
 */
export interface FoundUser {
  readonly user: ZendeskUser;
  readonly leads: string[];
  readonly sharedLeads: string[];
}

/** Whether something besides a shared identifier leads to the user: only then is it the person's. */
export const ownUser = (f: FoundUser): boolean => f.leads.some((l) => !f.sharedLeads.includes(l));

/**
 * The Support end users the identifiers name, each matched exactly (`userMatches`). Agents and admins
 * are staff accounts, never erased as a data subject's.
 */
export async function findUsers(
  reads: ZendeskReads,
  identifiers: readonly ResolvedIdentifier[],
  progress: StepProgress,
): Promise<FoundUser[]> {
  const found = new Map<number, FoundUser>();
  for (const [i, id] of identifiers.entries()) {
    if (!searchableKinds.has(id.kind)) continue;
    const users = await progress.step(`users${i}`, async () => {
      if (id.kind === 'zendeskUserId') {
        const user = await reads.user(id.value);
        return user ? [user] : [];
      }
      return id.kind === 'customerId' ? reads.usersWithExternalId(id.value) : reads.searchUsers(id.value);
    });
    const matched = users.filter((u) => userMatches(u, id) && (u.role ?? 'end-user') === 'end-user');
    const shared =
      id.kind === 'phone' && (matched.length > 1 || matched.some((u) => u.shared_phone_number === true));
    for (const user of matched) {
      const entry = found.get(user.id) ?? { user, leads: [], sharedLeads: [] };
      entry.leads.push(identifierKey(id));
      if (shared) entry.sharedLeads.push(identifierKey(id));
      found.set(user.id, entry);
    }
  }
  return [...found.values()];
}

/**
 * Everything of one user's: the tickets they requested (deleted, or their comments redacted when kept),
 * their comments on the tickets they are CC'd on (other people's tickets: never deleted) and the user.
 */
export async function recordsOfUser(
  reads: ZendeskReads,
  { user, leads }: FoundUser,
  policy: TicketPolicy,
  progress: StepProgress,
): Promise<{ records: PlatformRecord[]; talking: boolean }> {
  const requested = await progress.step(`requested:${user.id}`, () => reads.ticketsOf(user.id, 'requested'));
  const ccd = await progress.step(`ccd:${user.id}`, () => reads.ticketsOf(user.id, 'ccd'));
  const records: PlatformRecord[] = [];
  const redactOn: ZendeskTicket[] = [];
  for (const ticket of requested) {
    if (isKept(ticket, policy)) redactOn.push(ticket);
    else records.push({ kind: 'ticket', id: String(ticket.id), active: isWorking(ticket), leads });
  }
  const requestedIds = new Set(requested.map((t) => t.id));
  redactOn.push(...ccd.filter((t) => !requestedIds.has(t.id)));
  for (const ticket of redactOn) {
    const comments = await progress.step(`comments:${ticket.id}`, async () =>
      ((await reads.comments(ticket.id)) ?? []).filter((c) => c.author_id === user.id).map((c) => c.id),
    );
    for (const commentId of comments)
      records.push({
        kind: 'ticketComment',
        id: commentRef(ticket.id, commentId),
        active: isWorking(ticket),
        leads,
      });
  }
  records.push({ kind: 'endUser', id: String(user.id), active: userBlockedBy(requested, policy), leads });
  return { records, talking: requested.some(isWorking) };
}

/**
 * The person's messaging users (Sunshine Conversations): by the external ids known of them (the
 * company's customer id, as Zendesk users and messaging users share it) and by messaging user id.
 */
export async function messagingUsers(
  reads: ZendeskReads,
  identifiers: readonly ResolvedIdentifier[],
  users: readonly FoundUser[],
  progress: StepProgress,
): Promise<Array<{ id: string; leads: string[] }>> {
  if (!reads.hasMessaging) return [];
  const lookups = new Map<string, string[]>();
  const add = (value: string, leads: readonly string[]): void => {
    lookups.set(value, [...new Set([...(lookups.get(value) ?? []), ...leads])]);
  };
  for (const id of identifiers)
    if (id.kind === 'customerId' || id.kind === 'zendeskMessagingUserId') add(id.value, [identifierKey(id)]);
  for (const { user, leads } of users.filter(ownUser)) if (user.external_id) add(user.external_id, leads);
  const found = new Map<string, string[]>();
  for (const [i, [value, leads]] of [...lookups].entries()) {
    const hit = await progress.step(
      `messaging${i}`,
      async () => (await reads.messagingUser(value))?.id ?? null,
    );
    if (hit !== null) found.set(hit, [...new Set([...(found.get(hit) ?? []), ...leads])]);
  }
  return [...found].map(([id, leads]) => ({ id, leads }));
}

/**
 * Whether a comment still shows the person's words or files after a redaction (§11 R15): an attachment
 * (inline images included, when read with them) not replaced by `redacted.txt`, text that is not only
 * placeholders, or an image or link left in its HTML.
 */
export function commentShowsData(
  comment: ZendeskComment,
  showsText: (text: string | null | undefined) => boolean,
): boolean {
  const files = (comment.attachments ?? []).some((a) => a.file_name !== 'redacted.txt');
  const html = comment.html_body ?? '';
  const links = /<img\b/i.test(html) || /\bhref\s*=\s*"(?!▇*")/i.test(html);
  return files || links || showsText(comment.plain_body ?? comment.body);
}
