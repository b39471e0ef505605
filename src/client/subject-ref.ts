import { createHmac } from 'node:crypto';
import type { Secret } from '../config/secret';

/**
 * The keyed hash that stands for a subject everywhere outside encrypted payloads (workflow ids,
 * evidence): HMAC-SHA256 of the caller's subject key, hex. Without the key it cannot be reversed or
 * confirmed by guessing. The key is trimmed only: callers send their canonical subject key.
 */
export function subjectRef(subjectKey: string, key: Secret): string {
  return createHmac('sha256', key.reveal()).update(subjectKey.trim(), 'utf8').digest('hex');
}
