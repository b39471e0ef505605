import type { SubmissionSummary } from '../../src/domain/progress';

/** A request's ids as the result lists them (small subjects); a test that needs them fails without. */
export function idsOf(request: SubmissionSummary): readonly string[] {
  if (!request.ids) throw new Error(`request ${request.requestId} does not list its ids`);
  return request.ids;
}
