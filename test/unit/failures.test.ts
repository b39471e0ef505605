/**
 * toActivityFailure (src/activities/failures.ts): connector errors become ApplicationFailures with the
 * same stable `type`; refusals, auth failures and spent quotas are not retried, protocol errors only
 * stop after PROTOCOL_ERROR_ATTEMPTS, throttles carry the platform's delay, anything else passes through.
 */
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { PROTOCOL_ERROR_ATTEMPTS, toActivityFailure } from '../../src/activities/failures';
import {
  AuthFailedError,
  type PlatformError,
  PlatformRejectedError,
  PlatformUnavailableError,
  ProtocolError,
  QuotaExhaustedError,
  RateLimitedError,
} from '../../src/connectors/errors';
import { nonRetryableErrorTypes } from '../../src/domain/error-types';

const ctx = { platform: 'liveperson', operation: 'createDeletionRequest', status: 429 };

/** Converts and checks the result is an ApplicationFailure. */
function convert(err: PlatformError, attempt = 1): ApplicationFailure {
  const failure = toActivityFailure(err, attempt);
  expect(failure).toBeInstanceOf(ApplicationFailure);
  return failure as ApplicationFailure;
}

const cases: ReadonlyArray<readonly [PlatformError, boolean]> = [
  [new PlatformRejectedError(ctx, 'bad ids'), true],
  [new AuthFailedError(ctx, 'HTTP 401'), true],
  [new QuotaExhaustedError(ctx, 'quota exhausted'), true],
  [new RateLimitedError(ctx, 7000), false],
  [new PlatformUnavailableError(ctx, 'HTTP 503'), false],
  [new ProtocolError(ctx, 'response is not JSON'), false],
];

describe('toActivityFailure', () => {
  it.each(cases)('maps %s to an ApplicationFailure of the same type', (err, nonRetryable) => {
    const failure = convert(err);
    expect(failure.type).toBe(err.type);
    expect(failure.nonRetryable).toBe(nonRetryable);
    expect(failure.message).toBe(err.message);
    expect(failure.cause).toBe(err);
    expect(failure.details).toEqual([
      { platform: 'liveperson', operation: 'createDeletionRequest', status: 429 },
    ]);
  });

  it('agrees with the list of non-retryable types', () => {
    for (const [err] of cases) {
      expect(convert(err).nonRetryable).toBe((nonRetryableErrorTypes as string[]).includes(err.type));
    }
  });

  it('retries a protocol error until PROTOCOL_ERROR_ATTEMPTS, then stops', () => {
    const err = new ProtocolError(ctx, 'response breaks the contract');
    for (let attempt = 1; attempt < PROTOCOL_ERROR_ATTEMPTS; attempt++) {
      expect(convert(err, attempt).nonRetryable).toBe(false);
    }
    expect(convert(err, PROTOCOL_ERROR_ATTEMPTS).nonRetryable).toBe(true);
    expect(convert(err, PROTOCOL_ERROR_ATTEMPTS + 3).nonRetryable).toBe(true);
  });

  it('never gives up on transient failures however many attempts', () => {
    expect(convert(new PlatformUnavailableError(ctx, 'HTTP 503'), 100).nonRetryable).toBe(false);
    expect(convert(new RateLimitedError(ctx, 10), 100).nonRetryable).toBe(false);
  });

  it("carries the platform's delay as nextRetryDelay for a throttle, and only then", () => {
    expect(convert(new RateLimitedError(ctx, 7000)).nextRetryDelay).toBe(7000);
    expect(convert(new PlatformUnavailableError(ctx, 'HTTP 503')).nextRetryDelay).toBeUndefined();
    expect(convert(new QuotaExhaustedError(ctx, 'quota')).nextRetryDelay).toBeUndefined();
  });

  it('reports a missing status as null', () => {
    const failure = convert(
      new PlatformUnavailableError({ platform: 'liveperson', operation: 'op' }, 'timed out'),
    );
    expect(failure.details).toEqual([{ platform: 'liveperson', operation: 'op', status: null }]);
  });

  it('passes any other error through unchanged', () => {
    const plain = new Error('bug');
    expect(toActivityFailure(plain, 1)).toBe(plain);
    const already = ApplicationFailure.nonRetryable('already converted', 'InvalidRequest');
    expect(toActivityFailure(already, 1)).toBe(already);
    const odd = { not: 'an error' };
    expect(toActivityFailure(odd, 1)).toBe(odd);
    expect(toActivityFailure('text', 1)).toBe('text');
  });
});
