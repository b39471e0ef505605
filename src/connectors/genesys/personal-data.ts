import type { z } from 'zod';
import type { RequestStatus } from '../../domain/progress';
import { showsPersonalData } from '../masking';
import type { AnalyticsConversation, ExternalContactSchema, GdprRequestSchema } from './schemas';

/** How Lethe erases on Genesys: delete the subject's data, or replace its identifiers with a term. */
export type GenesysMode = 'delete' | 'update';

/**
 * Whether anyone but an agent still shows a name, number, address or contact link in the interaction.
 * `masked`: what erased values read as (the replacement term, alone, repeated or joined: a first and
 * last name replaced read "[erased] [erased]").
 */
export function customerData(
  c: AnalyticsConversation,
  mode: GenesysMode,
  masked: readonly string[],
): boolean {
  const erased = (v: string | undefined): boolean => !showsPersonalData(v, masked);
  return c.participants
    .filter((p) => p.purpose !== 'agent')
    .some(
      (p) =>
        !erased(p.participantName) ||
        // An update keeps the contact link; the contact's own fields are what it replaces.
        (mode === 'delete' && !erased(p.externalContactId)) ||
        p.sessions.some((s) => !erased(s.ani) || !erased(s.addressFrom)),
    );
}

type GdprStatus = z.output<typeof GdprRequestSchema>['status'];

/** Genesys' request status in Lethe's terms: ERROR ends a request (e.g. a partial completion). */
export function statusOf(status: GdprStatus): RequestStatus {
  switch (status) {
    case 'INITIATED':
      return 'NOT_STARTED';
    case 'COMPLETED':
      return 'DONE';
    case 'ERROR':
      return 'FAILED';
    default:
      return 'IN_PROGRESS';
  }
}

/** A recording is addressed through its interaction: `<conversation id>/<recording id>`. */
export const recordingRef = (conversationId: string, recordingId: string): string =>
  `${conversationId}/${recordingId}`;

export function parseRecordingRef(ref: string): { conversationId: string; recordingId: string } {
  const at = ref.indexOf('/');
  if (at <= 0) throw new RangeError('a recording reference is <conversation id>/<recording id>');
  return { conversationId: ref.slice(0, at), recordingId: ref.slice(at + 1) };
}

export function contactSubject(c: z.output<typeof ExternalContactSchema>) {
  return {
    name: [c.firstName, c.lastName].filter(Boolean).join(' ') || undefined,
    externalContactId: c.id,
    emailAddresses: [c.workEmail, c.personalEmail, c.otherEmail].filter((v): v is string => Boolean(v)),
    phoneNumbers: [c.workPhone, c.cellPhone, c.homePhone, c.otherPhone]
      // A number without its E.164 form is kept as displayed, never dropped.
      .map((p) => p?.e164 ?? p?.display)
      .filter((v): v is string => Boolean(v)),
  };
}

export function contactValues(c: z.output<typeof ExternalContactSchema>): string[] {
  const s = contactSubject(c);
  return [...s.emailAddresses, ...s.phoneNumbers];
}
