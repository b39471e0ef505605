import { timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret';

/** Whether a header's value is the configured secret, compared in constant time. */
export function sameSecret(given: string | string[] | undefined, secret: Secret): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret.reveal());
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A body as JSON, or `undefined` when it is not JSON (the caller's schema then refuses it). */
export function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
