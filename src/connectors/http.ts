import { type Dispatcher, request } from 'undici';
import type { z } from 'zod';
import {
  AuthFailedError,
  NotFoundError,
  type PlatformErrorContext,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from './errors';

/** One HTTP call to a platform, described once so the error mapping is the same for every connector. */
export interface HttpCall<T> {
  readonly platform: string;
  /** A name for the call in errors and logs, e.g. `createDeletionRequest`. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  readonly url: string;
  readonly headers?: Record<string, string>;
  /** A JSON body (serialised here) or a form body (already encoded). */
  readonly json?: unknown;
  readonly form?: URLSearchParams;
  readonly schema: z.ZodType<T>;
  /** What a 429 without Retry-After means on this call: a short throttle (default) or a spent period quota. */
  readonly on429?: 'throttle' | 'quota';
  /**
   * A read (or a write the platform treats as one, like a search by POST): repeating it changes nothing,
   * so its transient failures are retried inside the call (`./retry`). Creates are never marked so.
   */
  readonly idempotent?: boolean;
}

/** Shared options of the HTTP layer. */
export interface HttpOptions {
  readonly dispatcher: Dispatcher;
  /** Whole-call timeout; a timeout is a transient failure. */
  readonly timeoutMs: number;
  /** Delay to use for a 429 throttle that gives no Retry-After. LivePerson asks for at least 1 s. */
  readonly defaultThrottleMs?: number;
}

const MAX_MESSAGE = 500;

/**
 * Sends one call and returns its validated JSON body, or throws the error class DESIGN §3 maps the
 * outcome to: 5xx/timeouts → unavailable, 429 → throttled or quota, 401/403 → auth, 404 → not found
 * (which proves nothing by itself), other 4xx → rejected, a body that breaks the contract → protocol error.
 */
export async function callJson<T>(options: HttpOptions, call: HttpCall<T>): Promise<T> {
  const context: PlatformErrorContext = { platform: call.platform, operation: call.operation };
  const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
  let body: string | undefined;
  if (call.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.json);
  } else if (call.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = call.form.toString();
  }

  let response: Dispatcher.ResponseData;
  let text: string;
  try {
    response = await request(call.url, {
      method: call.method,
      headers,
      body,
      dispatcher: options.dispatcher,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.body.text();
  } catch (cause) {
    const reason =
      cause instanceof Error && cause.name === 'TimeoutError'
        ? `timed out after ${options.timeoutMs} ms`
        : 'connection failed';
    throw new PlatformUnavailableError(context, reason, { cause });
  }

  const status = response.statusCode;
  const at = { ...context, status };
  // 204 No Content (a soft delete, say): the answer is the status; the schema says it takes none.
  if (status === 204 && text === '') return validated(at, undefined, call.schema);
  if (status >= 200 && status < 300) return parseBody(at, text, call.schema);
  const message = platformMessage(text);
  if (status === 401 || status === 403) throw new AuthFailedError(at, `HTTP ${status}: ${message}`);
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    if (retryAfterMs !== undefined) throw new RateLimitedError(at, retryAfterMs);
    if (call.on429 === 'quota') throw new QuotaExhaustedError(at, `quota exhausted: ${message}`);
    throw new RateLimitedError(at, options.defaultThrottleMs ?? 1000);
  }
  if (status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    throw new PlatformUnavailableError(at, `HTTP ${status}: ${message}`, {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  if (status === 404) throw new NotFoundError(at);
  throw new PlatformRejectedError(at, message);
}

function parseBody<T>(context: PlatformErrorContext, text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError(context, 'response is not JSON', { cause });
  }
  return validated(context, json, schema);
}

function validated<T>(context: PlatformErrorContext, json: unknown, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // Paths only: values in a platform response may be personal data.
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).slice(0, 5);
    throw new ProtocolError(context, `response breaks the contract (${where.join('; ')})`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** The platform's explanation from an error body: a message/error field if JSON, else the text, shortened. */
function platformMessage(text: string): string {
  let message = text.trim();
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === 'object') {
      const o = json as Record<string, unknown>;
      const field = o.message ?? o.error ?? o.errorMessage;
      if (typeof field === 'string') message = field;
    }
  } catch {
    // Not JSON: keep the text.
  }
  if (message.length === 0) return 'no message';
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/** An HTTP date in the forms RFC 9110 allows: IMF-fixdate, RFC 850 and asctime. */
const HTTP_DATE = [
  /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]+, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable (never a guessed 0). */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (v === undefined || v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!HTTP_DATE.some((form) => form.test(v))) return undefined;
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
