import { InvalidArgumentError } from 'commander';
import type { Identifier } from '../domain/identifiers';
import { identifierKinds } from '../domain/identifiers';
import { InputTooLargeError, readBounded, sizeText } from './bounded-read';
import { usageError } from './exit-codes';

/** Commander collector for repeatable flags (`--email a --email b`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `500ms`, `2s`, `1m` or plain milliseconds; at least 100 ms so a watch cannot hammer Temporal. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('must be a duration such as 500ms, 2s or 1m');
  const ms = Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm'];
  if (ms < 100) throw new InvalidArgumentError('must be at least 100ms');
  return ms;
}

export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return Number(value);
}

/** Identifier flags as an operator types them; values are checked by the request schema, not here. */
export interface IdentifierFlags {
  readonly email: string[];
  readonly phone: string[];
  readonly identifier: string[];
}

/** `--identifier kind=value`: the kind must be one Lethe knows; the error lists them. */
export function identifiersFrom(flags: IdentifierFlags): Identifier[] {
  const typed = flags.identifier.map((raw) => {
    const eq = raw.indexOf('=');
    const kind = eq > 0 ? raw.slice(0, eq) : '';
    if (!(identifierKinds as readonly string[]).includes(kind))
      throw usageError(
        // The typed text is not quoted: it may be the very data being erased.
        `--identifier must be <kind>=<value> with a kind among ${identifierKinds.join(', ')}`,
      );
    return { kind, value: raw.slice(eq + 1) } as Identifier;
  });
  return [
    ...flags.email.map((value): Identifier => ({ kind: 'email', value })),
    ...flags.phone.map((value): Identifier => ({ kind: 'phone', value })),
    ...typed,
  ];
}

/** Where a document came from, as a message names it. */
export const sourceName = (path: string): string => (path === '-' ? 'on standard input' : path);

/**
 * Reads at most `limit` bytes of text from a file, or from `stdin` for `-` when given. Too large, or
 * unreadable, is a usage error naming the file; the error never quotes the content.
 */
export function readText(
  path: string,
  what: string,
  limit: number,
  stdin?: (limit: number) => string,
): string {
  let text: string;
  try {
    text = path === '-' && stdin ? stdin(limit) : readBounded(path, limit);
  } catch (err) {
    if (err instanceof InputTooLargeError) throw tooLarge(path, what, limit);
    throw usageError(
      `cannot read ${what} ${sourceName(path)} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  // An injected reader may return more than it was asked for.
  if (Buffer.byteLength(text) > limit) throw tooLarge(path, what, limit);
  return text;
}

const tooLarge = (path: string, what: string, limit: number) =>
  usageError(`${what} ${sourceName(path)} is larger than ${sizeText(limit)}`);

/** Reads a JSON document (see readText). The error never quotes the content. */
export function readJson(
  path: string,
  what: string,
  limit: number,
  stdin: (limit: number) => string,
): unknown {
  const text = readText(path, what, limit, stdin);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw usageError(`${what} ${sourceName(path)} is not valid JSON`);
  }
}
