import type { GdprRequest } from './gdpr-request';
import type { Contact, Conversation, GenesysStore } from './store';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A GDPRRequest as the API returns it. */
export function renderRequest(r: GdprRequest, store: GenesysStore, now: number, base: string): object {
  return {
    id: r.id,
    ...(r.name !== undefined ? { name: r.name } : {}),
    createdBy: { id: r.createdBy, selfUri: `/api/v2/users/${r.createdBy}` },
    replacementTerms: r.replacementTerms,
    requestType: r.requestType,
    createdDate: iso(r.createdAt),
    status: store.statusOf(r, now),
    subject: r.subject,
    selfUri: `${base}/api/v2/gdpr/requests/${r.id}`,
  };
}

/** An interaction as the analytics details endpoints return it (`conversationEnd` only once ended). */
export function renderConversation(c: Conversation): object {
  return {
    conversationId: c.id,
    conversationStart: iso(c.start),
    ...(c.end !== undefined ? { conversationEnd: iso(c.end) } : {}),
    participants: c.participants.map((p) => ({
      participantId: p.participantId,
      purpose: p.purpose,
      ...(p.participantName !== undefined ? { participantName: p.participantName } : {}),
      ...(p.externalContactId !== undefined ? { externalContactId: p.externalContactId } : {}),
      sessions: p.sessions.map((s) => ({ ...s, sessionId: `${p.participantId}-s` })),
    })),
  };
}

const PHONE_FIELDS = ['workPhone', 'cellPhone', 'homePhone', 'otherPhone'] as const;
const EMAIL_FIELDS = ['workEmail', 'personalEmail', 'otherEmail'] as const;

/** An ExternalContact: fixed email and phone fields, as Genesys has them. */
export function renderContact(c: Contact): object {
  const out: Record<string, unknown> = { id: c.id, firstName: c.firstName, lastName: c.lastName };
  c.emails.slice(0, EMAIL_FIELDS.length).forEach((e, i) => {
    out[EMAIL_FIELDS[i] as string] = e;
  });
  c.phones.slice(0, PHONE_FIELDS.length).forEach((p, i) => {
    out[PHONE_FIELDS[i] as string] = { display: p, e164: p };
  });
  if (c.addresses[0] !== undefined) out.address = { address1: c.addresses[0] };
  out.selfUri = `/api/v2/externalcontacts/contacts/${c.id}`;
  return out;
}

/** The paging envelope of Genesys list endpoints. */
export function page<T>(items: readonly T[], pageSize: number, pageNumber: number, uri: string): object {
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const entities = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    entities,
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: `${uri}?pageSize=${pageSize}&pageNumber=1`,
    selfUri: `${uri}?pageSize=${pageSize}&pageNumber=${pageNumber}`,
    lastUri: `${uri}?pageSize=${pageSize}&pageNumber=${pageCount}`,
    ...(pageNumber < pageCount
      ? { nextUri: `${uri}?pageSize=${pageSize}&pageNumber=${pageNumber + 1}` }
      : {}),
  };
}
