import type { GdprRequest, GdprSubject } from './gdpr-request';

/** Subject values as the org compares them: digits of a phone, emails and names case- and space-blind. */
export const phoneKey = (v: string): string => v.replace(/^tel:/, '').replace(/[^\d+]/g, '');
export const emailKey = (v: string): string => v.trim().toLowerCase();
export const nameKey = (v: string): string => v.trim().replace(/\s+/g, ' ').toLowerCase();

/** A subject as one comparable string: each list normalised and sorted, so order and spelling do not count. */
const subjectKey = (s: GdprSubject): string =>
  JSON.stringify([
    s.name === undefined ? null : nameKey(s.name),
    s.userId ?? null,
    s.externalContactId ?? null,
    s.externalId ?? null,
    (s.addresses ?? []).map(nameKey).sort(),
    (s.phoneNumbers ?? []).map(phoneKey).sort(),
    (s.emailAddresses ?? []).map(emailKey).sort(),
  ]);

/** How a new request relates to earlier ones (journal notes for the soak's duplicate count). */
export interface RequestRelation {
  readonly repeatOf?: string;
  readonly overlaps?: string;
}

/**
 * `repeatOf` an earlier request of the same name (a client's label for one request: the same request
 * made again), else `overlaps` one of the same type for the same subject that is pending or COMPLETED
 * (it will do, or did, all the new one asks). After an ERROR (interactions left as they were) asking
 * again is the contract working.
 */
export function relationOf(
  requests: readonly GdprRequest[],
  candidate: Pick<GdprRequest, 'requestType' | 'subject' | 'name'>,
): RequestRelation {
  const named = requests.find((r) => candidate.name !== undefined && r.name === candidate.name);
  if (named) return { repeatOf: named.id };
  const key = subjectKey(candidate.subject);
  const same = requests.find(
    (r) => r.requestType === candidate.requestType && r.outcome !== 'ERROR' && subjectKey(r.subject) === key,
  );
  return same ? { overlaps: same.id } : {};
}
