import { type IdentifierKind, platformIdentifier, type ResolvedIdentifier } from '../../domain/identifiers';
import type { GdprSubject } from './schemas';

/** The GDPR subject search types Lethe uses, by identifier kind. */
export const searchTypeOf: Partial<Record<IdentifierKind, 'EMAIL' | 'PHONE' | 'ADDRESS' | 'NAME'>> = {
  email: 'EMAIL',
  phone: 'PHONE',
  address: 'ADDRESS',
  name: 'NAME',
};

/**
 * Search types whose hits are taken on their own. Names and postal addresses are shared (namesakes,
 * households): a subject found only through one is kept when it also shares an email, phone or
 * contact id with what is known, never on its own.
 */
export const trustedSearchTypes = new Set(['EMAIL', 'PHONE']);

/**
 * A subject search hit as identifiers, normalised where they can be; values in a format Lethe did not
 * expect are kept as Genesys wrote them (they are still the person's), never left out.
 */
export function identifiersOf(subject: GdprSubject, provenance: string): ResolvedIdentifier[] {
  const raw: Array<{ kind: IdentifierKind; value: string }> = [
    ...(subject.emailAddresses ?? []).map((value) => ({ kind: 'email' as const, value })),
    ...(subject.phoneNumbers ?? []).map((value) => ({ kind: 'phone' as const, value })),
    ...(subject.addresses ?? []).map((value) => ({ kind: 'address' as const, value })),
    ...(subject.externalContactId
      ? [{ kind: 'genesysExternalContactId' as const, value: subject.externalContactId }]
      : []),
    ...(subject.name ? [{ kind: 'name' as const, value: subject.name }] : []),
  ];
  return raw
    .map((r) => platformIdentifier(r.kind, r.value, provenance))
    .filter((i): i is ResolvedIdentifier => i !== undefined);
}

const STRONG: readonly IdentifierKind[] = ['email', 'phone', 'genesysExternalContactId'];
const key = (i: { kind: IdentifierKind; value: string }): string => `${i.kind}:${i.value}`;

/** Whether a hit shares an email, phone or contact id with what is already known of the person. */
export function corroborated(
  hit: readonly ResolvedIdentifier[],
  known: readonly ResolvedIdentifier[],
): boolean {
  const strong = new Set(known.filter((i) => STRONG.includes(i.kind)).map(key));
  return hit.some((i) => STRONG.includes(i.kind) && strong.has(key(i)));
}

/**
 * The GDPR subject a request names: every email, phone and address of the person (the fragmented
 * identity trap: a request for one email leaves the interactions of the others), a name if known, and
 * an external contact id. The API takes one contact id; other contacts are matched by their emails
 * and phones, which resolution has added.
 */
export function subjectOf(identifiers: readonly ResolvedIdentifier[]): GdprSubject {
  const of = (kind: IdentifierKind): string[] => [
    ...new Set(identifiers.filter((i) => i.kind === kind).map((i) => i.value)),
  ];
  const contact = of('genesysExternalContactId')[0];
  const name = of('name')[0];
  return {
    ...(name !== undefined ? { name } : {}),
    ...(contact !== undefined ? { externalContactId: contact } : {}),
    emailAddresses: of('email'),
    phoneNumbers: of('phone'),
    addresses: of('address'),
  };
}

/** Whether a subject names anyone: a request for an empty subject would be refused, or worse. */
export const namesSomeone = (s: GdprSubject): boolean =>
  Boolean(s.externalContactId) ||
  (s.emailAddresses ?? []).length > 0 ||
  (s.phoneNumbers ?? []).length > 0 ||
  (s.addresses ?? []).length > 0;
