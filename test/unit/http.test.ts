/**
 * The HTTP layer (src/connectors/http.ts, src/connectors/errors.ts) against a real local server: every
 * outcome of callJson maps to its PlatformError class with the right type, status, platform and
 * operation; protocol errors never quote the response body; timeouts and refused connections are
 * transient; and parseRetryAfter reads seconds and HTTP dates.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AuthFailedError,
  NotFoundError,
  PlatformError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from '../../src/connectors/errors';
import { callJson, type HttpCall, type HttpOptions, parseRetryAfter } from '../../src/connectors/http';

const LEAKY_EMAIL = 'leaky.person@example.com';
const ItemSchema = z.object({ id: z.string(), count: z.number() });

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One route per outcome. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  switch (req.url) {
    case '/ok':
      return send(res, 200, JSON.stringify({ id: 'x1', count: 2, extra: true }));
    case '/echo':
      return send(
        res,
        200,
        JSON.stringify({
          method: req.method,
          contentType: req.headers['content-type'] ?? null,
          accept: req.headers.accept ?? null,
          custom: req.headers['x-custom'] ?? null,
          body: await readBody(req),
        }),
      );
    case '/not-json':
      return send(res, 200, `{"id": "${LEAKY_EMAIL}", oops`);
    case '/empty':
      return send(res, 200, '');
    case '/wrong-shape':
      return send(res, 200, JSON.stringify({ id: LEAKY_EMAIL, count: `${LEAKY_EMAIL} twice` }));
    case '/bad-request':
      return send(res, 400, JSON.stringify({ message: 'bad ids' }));
    case '/bad-request-error-field':
      return send(res, 422, JSON.stringify({ error: 'unprocessable' }));
    case '/bad-request-text':
      return send(res, 400, '  plain refusal  ', { 'content-type': 'text/plain' });
    case '/bad-request-long':
      return send(res, 400, 'x'.repeat(600), { 'content-type': 'text/plain' });
    case '/unauthorized':
      return send(res, 401, JSON.stringify({ error: 'invalid token' }));
    case '/forbidden':
      return send(res, 403, '');
    case '/throttled':
      return send(res, 429, '{}', { 'retry-after': '7' });
    case '/throttled-garbage-header':
      return send(res, 429, JSON.stringify({ message: 'monthly limit reached' }), {
        'retry-after': 'later 5',
      });
    case '/throttled-no-header':
      return send(res, 429, JSON.stringify({ message: 'monthly limit reached' }));
    case '/server-error':
      return send(res, 500, JSON.stringify({ message: 'boom' }));
    case '/unavailable':
      return send(res, 503, 'maintenance', { 'content-type': 'text/plain' });
    case '/request-timeout':
      return send(res, 408, '');
    case '/hang':
      return; // Never answers.
    default:
      return send(res, 404, JSON.stringify({ message: 'no such route' }));
  }
}

let server: Server;
let base: string;
let closedPortUrl: string;
let dispatcher: Agent;
let options: HttpOptions;

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => res.destroy(err as Error));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A port that was just free: nothing listens there, so connecting is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedPortUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/ok`;
  await new Promise<void>((resolve, reject) => probe.close((err) => (err ? reject(err) : resolve())));

  dispatcher = new Agent();
  options = { dispatcher, timeoutMs: 2000, defaultThrottleMs: 2500 };
});

afterAll(async () => {
  await dispatcher.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const call = (path: string, extra: Partial<HttpCall<unknown>> = {}): HttpCall<unknown> => ({
  platform: 'liveperson',
  operation: 'testOperation',
  method: 'GET',
  url: `${base}${path}`,
  schema: ItemSchema,
  ...extra,
});

/** Runs the call and returns what it threw (failing the test if it did not throw a PlatformError). */
async function failure(
  path: string,
  extra?: Partial<HttpCall<unknown>>,
  opts = options,
): Promise<PlatformError> {
  const err = await callJson(opts, call(path, extra)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlatformError);
  return err as PlatformError;
}

describe('callJson: success', () => {
  it('returns the body validated by the schema', async () => {
    await expect(callJson(options, call('/ok'))).resolves.toEqual({ id: 'x1', count: 2 });
  });

  it('sends JSON bodies as application/json with the caller headers', async () => {
    const Echo = z.object({
      method: z.string(),
      contentType: z.string().nullable(),
      accept: z.string().nullable(),
      custom: z.string().nullable(),
      body: z.string(),
    });
    const echoed = await callJson(options, {
      ...call('/echo'),
      method: 'POST',
      json: { ids: ['a', 'b'] },
      headers: { 'x-custom': 'yes' },
      schema: Echo,
    });
    expect(echoed).toEqual({
      method: 'POST',
      contentType: 'application/json',
      accept: 'application/json',
      custom: 'yes',
      body: '{"ids":["a","b"]}',
    });
  });

  it('sends form bodies url-encoded', async () => {
    const echoed = await callJson(options, {
      ...call('/echo'),
      method: 'POST',
      form: new URLSearchParams({ grant_type: 'client_credentials', scope: 'a b' }),
      schema: z.object({ contentType: z.string(), body: z.string() }),
    });
    expect(echoed).toEqual({
      contentType: 'application/x-www-form-urlencoded',
      body: 'grant_type=client_credentials&scope=a+b',
    });
  });
});

describe('callJson: protocol errors', () => {
  it('maps a 200 that is not JSON to ProtocolError without quoting the body', async () => {
    const err = await failure('/not-json');
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.type).toBe('ProtocolError');
    expect(err.status).toBe(200);
    expect(err.platform).toBe('liveperson');
    expect(err.operation).toBe('testOperation');
    expect(err.message).toContain('not JSON');
    expect(err.message).not.toContain(LEAKY_EMAIL);
    expect(err.message).not.toContain('leaky');
  });

  it('maps an empty 200 to ProtocolError', async () => {
    expect(await failure('/empty')).toBeInstanceOf(ProtocolError);
  });

  it('maps a 200 that breaks the schema to ProtocolError naming the path, not the value', async () => {
    const err = await failure('/wrong-shape');
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err.type).toBe('ProtocolError');
    expect(err.message).toContain('breaks the contract');
    expect(err.message).toContain('count');
    expect(err.message).not.toContain(LEAKY_EMAIL);
    expect(err.message).not.toContain('leaky');
  });
});

describe('callJson: refusals', () => {
  it('maps 400 to PlatformRejectedError with the platform message', async () => {
    const err = await failure('/bad-request');
    expect(err).toBeInstanceOf(PlatformRejectedError);
    expect(err.type).toBe('PlatformRejected');
    expect(err.status).toBe(400);
    expect(err.platform).toBe('liveperson');
    expect(err.operation).toBe('testOperation');
    expect((err as PlatformRejectedError).platformMessage).toBe('bad ids');
    expect(err.message).toBe('liveperson testOperation: rejected (HTTP 400): bad ids');
    expect(err.name).toBe('PlatformRejectedError');
  });

  it('maps 404 to NotFoundError (it proves nothing by itself) and 422 to PlatformRejectedError', async () => {
    const notFound = await failure('/nowhere');
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.type).toBe('UnexplainedNotFound');
    expect(notFound.status).toBe(404);
    expect(notFound.message).toMatch(/check the base URL, the region and the permissions/);
    const unprocessable = await failure('/bad-request-error-field');
    expect(unprocessable.status).toBe(422);
    expect((unprocessable as PlatformRejectedError).platformMessage).toBe('unprocessable');
  });

  it('keeps a plain-text explanation trimmed and shortens a long one', async () => {
    expect(((await failure('/bad-request-text')) as PlatformRejectedError).platformMessage).toBe(
      'plain refusal',
    );
    const long = (await failure('/bad-request-long')) as PlatformRejectedError;
    expect(long.platformMessage).toBe(`${'x'.repeat(500)}…`);
  });

  it.each([
    ['/unauthorized', 401],
    ['/forbidden', 403],
  ])('maps %s to AuthFailedError with status %d', async (path, status) => {
    const err = await failure(path);
    expect(err).toBeInstanceOf(AuthFailedError);
    expect(err.type).toBe('AuthFailed');
    expect(err.status).toBe(status);
    expect(err.platform).toBe('liveperson');
    expect(err.operation).toBe('testOperation');
    expect(err.message).toContain(`HTTP ${status}`);
  });
});

describe('callJson: throttling', () => {
  it('maps 429 with Retry-After to RateLimitedError carrying the delay', async () => {
    const err = await failure('/throttled');
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.type).toBe('RateLimited');
    expect(err.status).toBe(429);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('prefers Retry-After over the quota meaning of a 429', async () => {
    const err = await failure('/throttled', { on429: 'quota' });
    expect(err).toBeInstanceOf(RateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('maps 429 without Retry-After on a quota call to QuotaExhaustedError', async () => {
    const err = await failure('/throttled-no-header', { on429: 'quota' });
    expect(err).toBeInstanceOf(QuotaExhaustedError);
    expect(err.type).toBe('QuotaExhausted');
    expect(err.status).toBe(429);
    expect(err.operation).toBe('testOperation');
    expect(err.message).toContain('monthly limit reached');
  });

  it('maps 429 without Retry-After to RateLimitedError with the default throttle', async () => {
    const err = await failure('/throttled-no-header');
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err.type).toBe('RateLimited');
    expect((err as RateLimitedError).retryAfterMs).toBe(2500);
    const withoutDefault = await failure(
      '/throttled-no-header',
      { on429: 'throttle' },
      { dispatcher, timeoutMs: 2000 },
    );
    expect((withoutDefault as RateLimitedError).retryAfterMs).toBe(1000);
  });

  it('treats an unreadable Retry-After like a missing one', async () => {
    // 'later 5' is neither delay-seconds nor an HTTP date.
    const throttle = await failure('/throttled-garbage-header');
    expect(throttle).toBeInstanceOf(RateLimitedError);
    expect((throttle as RateLimitedError).retryAfterMs).toBe(2500);
    expect(await failure('/throttled-garbage-header', { on429: 'quota' })).toBeInstanceOf(
      QuotaExhaustedError,
    );
  });
});

describe('callJson: transient failures', () => {
  it.each([
    ['/server-error', 500],
    ['/unavailable', 503],
    ['/request-timeout', 408],
  ])('maps %s to PlatformUnavailableError with status %d', async (path, status) => {
    const err = await failure(path);
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err.type).toBe('PlatformUnavailable');
    expect(err.status).toBe(status);
    expect(err.platform).toBe('liveperson');
    expect(err.operation).toBe('testOperation');
    expect(err.message).toContain(`HTTP ${status}`);
  });

  it('maps a server that never answers to PlatformUnavailableError after the timeout', async () => {
    const err = await failure('/hang', {}, { dispatcher, timeoutMs: 200 });
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err.type).toBe('PlatformUnavailable');
    expect(err.message).toContain('timed out');
    expect(err.message).toContain('200 ms');
    expect(err.status).toBeUndefined();
    expect(err.cause).toBeDefined();
  });

  it('maps a refused connection to PlatformUnavailableError', async () => {
    const err = await failure('', { url: closedPortUrl });
    expect(err).toBeInstanceOf(PlatformUnavailableError);
    expect(err.type).toBe('PlatformUnavailable');
    expect(err.message).toContain('connection failed');
    expect(err.message).not.toContain('timed out');
    expect(err.status).toBeUndefined();
    expect(err.platform).toBe('liveperson');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it('reads delay seconds', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1500);
    expect(parseRetryAfter(['3', '9'], now)).toBe(3000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('returns undefined when absent or empty', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('   ', now)).toBeUndefined();
    expect(parseRetryAfter([], now)).toBeUndefined();
  });

  it.each(['garbage', 'soon', '0x10', '1e3'])('returns undefined for garbage %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each(['-1', 'later 5', 'retry 2'])('returns undefined, not 0 ms, for the unreadable %j', (value) => {
    // Neither delay-seconds nor an HTTP date: a 0 ms delay would retry a throttled platform at once.
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});
