import type { SubmissionSummary } from '../../src/domain/progress';
import type { PlatformResult } from '../../src/domain/result';

/** A request's ids as the result lists them (small subjects); a test that needs them fails without. */
export function idsOf(request: SubmissionSummary): readonly string[] {
  if (!request.ids) throw new Error(`request ${request.requestId} does not list its ids`);
  return request.ids;
}

/** The error a promise rejects with; fails the test when it resolves or rejects with a non-Error. */
export async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error('rejected with a non-Error');
  }
  throw new Error('expected the call to fail');
}

/** One platform's result with nothing in it, and `over` on top: fixtures name only what they test. */
export const platformResult = (over: Partial<PlatformResult> = {}): PlatformResult => ({
  verdict: 'erased',
  erased: {},
  requests: [],
  stillPresent: [],
  stillActive: [],
  failedBatches: [],
  held: [],
  retained: [],
  ...over,
});
