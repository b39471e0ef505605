import { textOf } from './comment-html';
import type { ZendeskStore } from './store';

/** A record that still holds some of the values asked about, and in which fields. */
export interface ZendeskRemaining {
  readonly kind: 'user' | 'deletedUser' | 'ticket' | 'deletedTicket' | 'comment' | 'messagingUser';
  readonly id: string;
  readonly fields: string[];
}

/**
 * Every place where any of `values` (a case-insensitive substring) still appears: users (active or
 * soft-deleted; a permanently deleted one holds nothing), tickets and their comments (until permanently
 * deleted), messaging users (until their deletion completed). For tests and the demo, not Zendesk's API.
 */
export function remaining(store: ZendeskStore, values: readonly string[]): ZendeskRemaining[] {
  const wanted = values.map((v) => v.toLowerCase());
  const hits = (fields: Array<[string, string | null | undefined]>): string[] =>
    fields
      .filter(([, v]) => v !== null && v !== undefined && wanted.some((w) => v.toLowerCase().includes(w)))
      .map(([k]) => k);
  const out: ZendeskRemaining[] = [];
  const add = (kind: ZendeskRemaining['kind'], id: string, fields: string[]): void => {
    if (fields.length > 0) out.push({ kind, id, fields });
  };
  for (const u of store.users.values()) {
    if (u.permanentlyDeletedAt !== undefined) continue;
    const fields = hits([
      ['name', u.name],
      ['email', u.email],
      ['phone', u.phone],
      ['external_id', u.externalId],
      ['notes', u.notes],
    ]);
    add(u.deletedAt === undefined ? 'user' : 'deletedUser', String(u.id), fields);
  }
  for (const t of store.tickets.values()) {
    const first = t.comments[0];
    const fields = hits([
      ['subject', t.subject],
      ['description', first ? textOf(first.htmlBody) : null],
    ]);
    add(t.deleted ? 'deletedTicket' : 'ticket', String(t.id), fields);
    for (const c of t.comments) {
      const commentFields = hits([
        ['body', textOf(c.htmlBody)],
        ...c.attachments.map((a, i): [string, string] => [`attachments[${i}].file_name`, a.fileName]),
      ]);
      add('comment', `${t.id}/${c.id}`, commentFields);
    }
  }
  for (const u of store.messaging.users.values()) {
    const fields = hits([
      ['externalId', u.externalId],
      ['profile.givenName', u.givenName],
      ['profile.surname', u.surname],
      ['profile.email', u.email],
      ['profile.avatarUrl', u.avatarUrl],
    ]);
    add('messagingUser', u.id, fields);
  }
  return out;
}
