import {
  type IdentifierKind,
  identifierKey,
  platformIdentifier,
  type ResolvedIdentifier,
} from '../../domain/identifiers';
import type { ZendeskUser } from './schemas';

/** Identifier kinds Zendesk finds users by (docs/zendesk-api.md §2.1). */
export const searchableKinds: ReadonlySet<IdentifierKind> = new Set([
  'email',
  'phone',
  'customerId',
  'zendeskUserId',
]);

const digits = (phone: string): string => phone.replace(/\D/g, '');
const same = (a: string | null | undefined, b: string): boolean =>
  typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether a user found through `id` is that identifier's: its primary email, its phone (as digits), its
 * external id (case-insensitive, as Zendesk compares them) or its id. The search matches any part of any
 * property (§11 R4): a hit on a name or a note, or on part of another person's address, is not the person.
 */
export function userMatches(user: ZendeskUser, id: { kind: IdentifierKind; value: string }): boolean {
  switch (id.kind) {
    case 'email':
      return same(user.email, id.value);
    case 'phone':
      return (
        typeof user.phone === 'string' && digits(user.phone) !== '' && digits(user.phone) === digits(id.value)
      );
    case 'customerId':
      return same(user.external_id, id.value);
    case 'zendeskUserId':
      return String(user.id) === id.value;
    default:
      return false;
  }
}

/**
 * A user's identifiers (its id, email, phone, external id), tied to the identifier it was found by:
 * `own`, or `shared` when only a phone several users have led to it.
 */
export function identifiersOfUser(
  user: ZendeskUser,
  foundBy: ResolvedIdentifier,
  link: 'own' | 'shared',
): ResolvedIdentifier[] {
  const provenance = `zendesk:${foundBy.kind}`;
  const raw: Array<[IdentifierKind, string | null | undefined]> = [
    ['zendeskUserId', String(user.id)],
    ['email', user.email],
    ['phone', user.phone],
    ['customerId', user.external_id],
  ];
  return raw
    .filter((r): r is [IdentifierKind, string] => typeof r[1] === 'string' && r[1].trim() !== '')
    .map(([kind, value]) => platformIdentifier(kind, value, provenance))
    .filter((i): i is ResolvedIdentifier => i !== undefined)
    .map((i) => ({ ...i, via: identifierKey(foundBy), link }));
}
