/**
 * Identifiers someone typed into free text (a chat message, a note): what a person wrote, not what a
 * platform links to them, so the expansion policy holds what they reach for an operator by default
 * (src/domain/expansion.ts). Only two kinds are read, each only in a form that cannot be mistaken for
 * something else: an email address, and a phone written in international form (`+` and 7 to 15
 * digits). A local number ("07700 900123") is not read: an order or account number looks the same.
 */
import { IdentifierSchema } from './identifiers';

/** An identifier read from text: only these two kinds are. */
export interface TypedIdentifier {
  readonly kind: 'email' | 'phone';
  readonly value: string;
}

/** Text longer than this is read up to here: a message is never this long; a hostile one may be. */
export const FREE_TEXT_MAX = 20_000;

// Candidates only: every match is validated by the identifier schema before it is kept.
const EMAIL_CANDIDATE = /[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g;
// A plus sign not glued to a word, then digits with the separators people type between them.
const PHONE_CANDIDATE = /(?<![\w+])\+\d(?:[\s.()-]{0,2}\d){6,14}(?!\d)/g;

/** The emails and international phones in a text, normalised like a requested identifier, each once. */
export function identifiersInText(text: string): TypedIdentifier[] {
  const read = text.slice(0, FREE_TEXT_MAX);
  const found = new Map<string, TypedIdentifier>();
  const keep = (kind: 'email' | 'phone', candidate: string): void => {
    // Sentence punctuation after an address is not part of it ("write to a@b.org.").
    const parsed = IdentifierSchema.safeParse({ kind, value: candidate.replace(/[.-]+$/, '') });
    if (parsed.success) found.set(`${kind}:${parsed.data.value}`, { kind, value: parsed.data.value });
  };
  for (const m of read.matchAll(EMAIL_CANDIDATE)) keep('email', m[0]);
  for (const m of read.matchAll(PHONE_CANDIDATE)) keep('phone', m[0]);
  return [...found.values()];
}
