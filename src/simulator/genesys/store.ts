import { randomUUID } from 'node:crypto';
import type { GdprRequest, GdprSubject, ReplacementTerm } from './gdpr-request';
import type { GenesysSimulatorOptions } from './options';
import { emailKey, nameKey, phoneKey, type RequestRelation, relationOf } from './request-relations';
import type { ContactSeedData, ConversationSeedData, GenesysSeed } from './seed';
import { GenesysSeedSchema } from './seed';

export { phoneKey };

export interface Contact {
  readonly id: string;
  firstName: string;
  lastName: string;
  emails: string[];
  phones: string[];
  addresses: string[];
}

/** One media session of a participant: who called whom, or which addresses mailed. */
export interface Session {
  readonly mediaType: string;
  ani?: string;
  dnis?: string;
  addressFrom?: string;
  addressTo?: string;
}

export interface Participant {
  readonly participantId: string;
  readonly purpose: 'customer' | 'agent';
  participantName?: string;
  externalContactId?: string;
  readonly sessions: Session[];
}

export interface Recording {
  readonly id: string;
  legalHold: boolean;
  /** The customer's identifiers as seeded: only the admin API's report of what remains reads them. */
  readonly ownerValues: readonly string[];
  /** A GDPR request reached it under a legal hold: it is deleted the moment the hold is lifted. */
  deletionPending?: boolean;
}

export interface Conversation {
  readonly id: string;
  readonly start: number;
  end?: number;
  readonly participants: Participant[];
  readonly recordings: Recording[];
}

export type GdprStatus =
  | 'INITIATED'
  | 'SEARCHING'
  | 'UPDATING'
  | 'DELETING'
  | 'FINALIZING'
  | 'COMPLETED'
  | 'ERROR';

/** Phones compare by their digits (and a leading +): `tel:+44 7700-900123` is `+447700900123`. */

/**
 * The simulated org: external contacts, interactions with their recordings, and GDPR requests that
 * run on the virtual clock. A request is carried out lazily, at the instant it completes, whenever the
 * store is next read: what had not ended by then is left as it was (a partial completion).
 */
export class GenesysStore {
  readonly contacts = new Map<string, Contact>();
  readonly conversations = new Map<string, Conversation>();
  readonly requests: GdprRequest[] = [];

  constructor(private readonly options: GenesysSimulatorOptions) {}

  seed(raw: GenesysSeed): void {
    const seed = GenesysSeedSchema.parse(raw);
    for (const c of seed.contacts) this.contacts.set(c.id, contactOf(c));
    for (const c of seed.conversations) this.conversations.set(c.id, conversationOf(c));
  }

  reset(): void {
    this.contacts.clear();
    this.conversations.clear();
    this.requests.length = 0;
  }

  /** Lifts a recording's legal hold; a deletion pending on it is carried out now. */
  releaseRecording(id: string): boolean {
    for (const conv of this.conversations.values()) {
      const at = conv.recordings.findIndex((r) => r.id === id);
      const rec = conv.recordings[at];
      if (!rec) continue;
      rec.legalHold = false;
      if (rec.deletionPending) conv.recordings.splice(at, 1);
      return true;
    }
    return false;
  }

  /** Carries out every request whose completion time has come, oldest first. */
  settle(now: number): void {
    for (const r of this.requests) {
      const at = r.createdAt + this.options.completedAfterMs;
      if (r.outcome === undefined && at <= now) this.carryOut(r, at);
    }
  }

  statusOf(r: GdprRequest, now: number): GdprStatus {
    if (r.outcome) return r.outcome;
    const age = now - r.createdAt;
    if (age < this.options.searchingAfterMs) return 'INITIATED';
    if (age < this.options.erasingAfterMs) return 'SEARCHING';
    if (r.requestType === 'GDPR_DELETE') return 'DELETING';
    return r.requestType === 'GDPR_UPDATE' ? 'UPDATING' : 'FINALIZING';
  }

  /** How a new request relates to earlier ones (`repeatOf`, `overlaps`: ./request-relations.ts). */
  relationOf(candidate: Pick<GdprRequest, 'requestType' | 'subject' | 'name'>, now: number): RequestRelation {
    this.settle(now);
    return relationOf(this.requests, candidate);
  }

  create(request: Omit<GdprRequest, 'id'>): GdprRequest {
    const created = { ...request, id: randomUUID() };
    this.requests.push(created);
    return created;
  }

  /** Subjects the org knows by one search value: its contacts, and customers of interactions with none. */
  searchSubjects(searchType: string, value: string): GdprSubject[] {
    const found = new Map<string, GdprSubject>();
    for (const c of this.contacts.values()) {
      if (contactMatches(c, searchType, value)) found.set(`contact:${c.id}`, subjectOfContact(c));
    }
    for (const conv of this.conversations.values()) {
      const p = customerOf(conv);
      if (!p || p.externalContactId || !participantMatches(p, searchType, value)) continue;
      const subject = subjectOfParticipant(p);
      found.set(JSON.stringify(subject), subject);
    }
    return [...found.values()];
  }

  /** Interactions whose customer matches the subject (by phone, email or contact). */
  conversationsOf(subject: GdprSubject): Conversation[] {
    const contactIds = new Set(this.contactsOf(subject).map((c) => c.id));
    return [...this.conversations.values()].filter((conv) => {
      const p = customerOf(conv);
      return (
        p !== undefined &&
        (customerMatches(p, subject) ||
          (p.externalContactId !== undefined && contactIds.has(p.externalContactId)))
      );
    });
  }

  /** Contacts named by id, or sharing an email or phone with the subject. */
  contactsOf(subject: GdprSubject): Contact[] {
    const emails = new Set((subject.emailAddresses ?? []).map(emailKey));
    const phones = new Set((subject.phoneNumbers ?? []).map(phoneKey));
    return [...this.contacts.values()].filter(
      (c) =>
        c.id === subject.externalContactId ||
        c.emails.some((e) => emails.has(emailKey(e))) ||
        c.phones.some((p) => phones.has(phoneKey(p))),
    );
  }

  private carryOut(r: GdprRequest, at: number): void {
    if (r.requestType === 'GDPR_EXPORT') {
      r.outcome = 'COMPLETED';
      return;
    }
    let skipped = 0;
    for (const conv of this.conversationsOf(r.subject)) {
      // The GDPR API only processes interactions that have ended.
      if (conv.end === undefined || conv.end > at) {
        skipped += 1;
        continue;
      }
      const p = customerOf(conv);
      if (p && r.requestType === 'GDPR_DELETE') scrub(p);
      if (p && r.requestType === 'GDPR_UPDATE') replaceIn(p, r.replacementTerms);
      // Media goes with the interaction's personal data, except what a legal hold keeps: that stays
      // "deletion pending" until the hold is lifted (the metadata that linked it is gone by then).
      const kept = conv.recordings.filter((rec) => rec.legalHold);
      for (const rec of kept) rec.deletionPending = true;
      conv.recordings.splice(0, conv.recordings.length, ...kept);
    }
    for (const c of this.contactsOf(r.subject)) {
      if (r.requestType === 'GDPR_DELETE') this.contacts.delete(c.id);
      else replaceInContact(c, r.replacementTerms);
    }
    r.skippedOpen = skipped;
    r.outcome = skipped > 0 ? 'ERROR' : 'COMPLETED';
  }
}

export function customerOf(conv: Conversation): Participant | undefined {
  return conv.participants.find((p) => p.purpose === 'customer');
}

function contactOf(c: ContactSeedData): Contact {
  return { ...c, emails: [...c.emails], phones: [...c.phones], addresses: [...c.addresses] };
}

function conversationOf(c: ConversationSeedData): Conversation {
  const voice = c.mediaType === 'voice';
  const customer: Participant = {
    participantId: randomUUID(),
    purpose: 'customer',
    ...(c.customer.name !== undefined ? { participantName: c.customer.name } : {}),
    ...(c.customer.externalContactId !== undefined
      ? { externalContactId: c.customer.externalContactId }
      : {}),
    sessions: [
      {
        mediaType: c.mediaType,
        ...(c.customer.phone !== undefined ? { ani: `tel:${c.customer.phone}` } : {}),
        ...(c.customer.email !== undefined ? { addressFrom: c.customer.email } : {}),
        ...(voice ? { dnis: `tel:${c.orgAddress}` } : { addressTo: c.orgAddress }),
      },
    ],
  };
  const agent: Participant = {
    participantId: randomUUID(),
    purpose: 'agent',
    participantName: c.agentName,
    sessions: [{ mediaType: c.mediaType }],
  };
  return {
    id: c.id,
    start: c.start,
    ...(c.end !== undefined ? { end: c.end } : {}),
    participants: [customer, agent],
    recordings: c.recordings.map((r) => ({
      ...r,
      ownerValues: [c.customer.name, c.customer.phone, c.customer.email, c.customer.externalContactId].filter(
        (v): v is string => v !== undefined,
      ),
    })),
  };
}

const fullName = (c: Contact): string => `${c.firstName} ${c.lastName}`;

function contactMatches(c: Contact, searchType: string, value: string): boolean {
  switch (searchType) {
    case 'EMAIL':
      return c.emails.some((e) => emailKey(e) === emailKey(value));
    case 'PHONE':
      return c.phones.some((p) => phoneKey(p) === phoneKey(value));
    case 'NAME':
      return nameKey(fullName(c)) === nameKey(value);
    case 'ADDRESS':
      return c.addresses.some((a) => nameKey(a) === nameKey(value));
    default:
      return false;
  }
}

const phoneOf = (p: Participant): string | undefined =>
  p.sessions.map((s) => s.ani).find((a): a is string => a !== undefined);
const emailOf = (p: Participant): string | undefined =>
  p.sessions.map((s) => s.addressFrom).find((a): a is string => a !== undefined);

function participantMatches(p: Participant, searchType: string, value: string): boolean {
  const phone = phoneOf(p);
  const email = emailOf(p);
  if (searchType === 'PHONE') return phone !== undefined && phoneKey(phone) === phoneKey(value);
  if (searchType === 'EMAIL') return email !== undefined && emailKey(email) === emailKey(value);
  if (searchType === 'NAME')
    return p.participantName !== undefined && nameKey(p.participantName) === nameKey(value);
  return false;
}

function customerMatches(p: Participant, subject: GdprSubject): boolean {
  const phone = phoneOf(p);
  const email = emailOf(p);
  return (
    (phone !== undefined && (subject.phoneNumbers ?? []).some((v) => phoneKey(v) === phoneKey(phone))) ||
    (email !== undefined && (subject.emailAddresses ?? []).some((v) => emailKey(v) === emailKey(email))) ||
    (p.externalContactId !== undefined && p.externalContactId === subject.externalContactId)
  );
}

function subjectOfContact(c: Contact): GdprSubject {
  return {
    name: fullName(c).trim(),
    externalContactId: c.id,
    emailAddresses: [...c.emails],
    phoneNumbers: [...c.phones],
    addresses: [...c.addresses],
  };
}

function subjectOfParticipant(p: Participant): GdprSubject {
  const phone = phoneOf(p);
  const email = emailOf(p);
  return {
    ...(p.participantName !== undefined ? { name: p.participantName } : {}),
    emailAddresses: email !== undefined ? [email] : [],
    phoneNumbers: phone !== undefined ? [phoneKey(phone)] : [],
    addresses: [],
  };
}

/** GDPR_DELETE on an interaction: the customer's name, contact link, number and address are gone. */
function scrub(p: Participant): void {
  delete p.participantName;
  delete p.externalContactId;
  for (const s of p.sessions) {
    delete s.ani;
    delete s.addressFrom;
  }
}

function replaced(
  value: string | undefined,
  terms: readonly ReplacementTerm[],
  type: string,
): string | undefined {
  if (value === undefined) return value;
  const key = type === 'PHONE' ? phoneKey : type === 'EMAIL' ? emailKey : nameKey;
  const term = terms.find((t) => t.type === type && key(t.existingValue) === key(value));
  if (!term) return value;
  return type === 'PHONE' && value.startsWith('tel:') ? `tel:${term.updatedValue}` : term.updatedValue;
}

/** GDPR_UPDATE on an interaction: each value named by a replacement term becomes its replacement. */
function replaceIn(p: Participant, terms: readonly ReplacementTerm[]): void {
  const name = replaced(p.participantName, terms, 'NAME');
  if (name !== undefined) p.participantName = name;
  for (const s of p.sessions) {
    const ani = replaced(s.ani, terms, 'PHONE');
    if (ani !== undefined) s.ani = ani;
    const from = replaced(s.addressFrom, terms, 'EMAIL');
    if (from !== undefined) s.addressFrom = from;
  }
}

function replaceInContact(c: Contact, terms: readonly ReplacementTerm[]): void {
  c.emails = c.emails.map((e) => replaced(e, terms, 'EMAIL') ?? e);
  c.phones = c.phones.map((p) => replaced(p, terms, 'PHONE') ?? p);
  c.addresses = c.addresses.map((a) => replaced(a, terms, 'ADDRESS') ?? a);
  const name = replaced(fullName(c).trim(), terms, 'NAME');
  if (name !== undefined && name !== fullName(c).trim()) {
    c.firstName = name;
    c.lastName = '';
  }
}
