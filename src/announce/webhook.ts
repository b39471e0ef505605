import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { type Dispatcher, request } from 'undici';
import { serializeCertificate } from '../certificate/signing';
import type { Secret } from '../config/secret';
import type { SignedCertificate } from '../domain/certificate';
import type { CompletionEvent, DeliveryRecord } from '../domain/result';

export const SIGNATURE_HEADER = 'x-lethe-signature';
export const TIMESTAMP_HEADER = 'x-lethe-timestamp';

/** `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under the shared secret. */
export function webhookSignature(secret: Secret, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret.reveal()).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a subscriber does with a delivery: recompute the signature over the timestamp and the raw body,
 * compare in constant time, and refuse deliveries older than the tolerance (replays).
 */
export function verifyWebhookSignature(
  secret: Secret,
  timestamp: string,
  body: string,
  signature: string,
  options: { now?: number; toleranceMs?: number } = {},
): boolean {
  const at = Date.parse(timestamp);
  if (Number.isNaN(at) || Math.abs((options.now ?? Date.now()) - at) > (options.toleranceMs ?? 5 * 60_000))
    return false;
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** `sha256:<hex>` of the certificate file: subscribers can match the certificate they are sent later. */
export const certificateDigest = (signed: SignedCertificate): string =>
  `sha256:${createHash('sha256').update(serializeCertificate(signed)).digest('hex')}`;

/** A subscriber as records name it: host and path, never a query string (it may hold a token). */
export function subscriberName(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}`;
}

export interface WebhookSettings {
  readonly urls: readonly string[];
  readonly secret: Secret;
  readonly dispatcher: Dispatcher;
  readonly timeoutMs: number;
}

/** One delivery attempt of the event to one subscriber; never throws, records what happened. */
export async function deliver(
  settings: WebhookSettings,
  url: string,
  event: CompletionEvent,
): Promise<DeliveryRecord> {
  const body = JSON.stringify(event);
  const timestamp = new Date().toISOString();
  const at = timestamp;
  const subscriber = subscriberName(url);
  try {
    const res = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: webhookSignature(settings.secret, timestamp, body),
      },
      body,
      dispatcher: settings.dispatcher,
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    await res.body.dump();
    return {
      subscriber,
      at,
      status: res.statusCode,
      delivered: res.statusCode >= 200 && res.statusCode < 300,
    };
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'connection failed';
    return { subscriber, at, delivered: false, error: reason };
  }
}
