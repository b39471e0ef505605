/**
 * Connector errors (src/connectors/errors.ts): each PlatformError subclass carries its stable `type`,
 * its class name, and the context (platform, operation, optional status) in fields and message.
 */
import { describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  PlatformError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from '../../src/connectors/errors';
import { errorTypes } from '../../src/domain/error-types';

const ctx = { platform: 'liveperson', operation: 'createDeletionRequest', status: 400 };

describe('PlatformError subclasses', () => {
  it.each([
    ['PlatformRejectedError', new PlatformRejectedError(ctx, 'bad ids'), errorTypes.rejected],
    ['AuthFailedError', new AuthFailedError(ctx, 'HTTP 401'), errorTypes.authFailed],
    ['QuotaExhaustedError', new QuotaExhaustedError(ctx, 'quota'), errorTypes.quotaExhausted],
    ['RateLimitedError', new RateLimitedError(ctx, 7000), errorTypes.rateLimited],
    ['PlatformUnavailableError', new PlatformUnavailableError(ctx, 'HTTP 503'), errorTypes.unavailable],
    ['ProtocolError', new ProtocolError(ctx, 'response is not JSON'), errorTypes.protocol],
  ] as const)('%s has its type, name and context', (name, err, type) => {
    expect(err).toBeInstanceOf(PlatformError);
    expect(err).toBeInstanceOf(Error);
    expect(err.type).toBe(type);
    expect(err.name).toBe(name);
    expect(err.platform).toBe('liveperson');
    expect(err.operation).toBe('createDeletionRequest');
    expect(err.status).toBe(400);
    expect(err.message.startsWith('liveperson createDeletionRequest: ')).toBe(true);
  });

  it('leaves status out when there was no response', () => {
    const err = new PlatformUnavailableError(
      { platform: 'liveperson', operation: 'op' },
      'connection failed',
    );
    expect(err.status).toBeUndefined();
  });

  it('keeps the cause', () => {
    const cause = new Error('ECONNRESET');
    expect(new PlatformUnavailableError(ctx, 'connection failed', { cause }).cause).toBe(cause);
  });

  it('formats rejections and throttles for operators', () => {
    const rejected = new PlatformRejectedError(ctx, 'bad ids');
    expect(rejected.message).toBe('liveperson createDeletionRequest: rejected (HTTP 400): bad ids');
    expect(rejected.platformMessage).toBe('bad ids');
    expect(new PlatformRejectedError({ platform: 'p', operation: 'o' }, 'm').message).toBe(
      'p o: rejected (HTTP ?): m',
    );
    const limited = new RateLimitedError(ctx, 7000);
    expect(limited.retryAfterMs).toBe(7000);
    expect(limited.message).toBe('liveperson createDeletionRequest: rate limited; retry after 7000 ms');
  });
});
