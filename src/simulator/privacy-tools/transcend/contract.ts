/**
 * Transcend's vocabulary, as its documents give it (notes/dsr-tool-contracts.md §1.1): request types of
 * the "new privacy request job" webhook, and the states `PUT /v1/data-silo` may report.
 */

/** The webhook's `type` enum (docs.transcend.io/docs/api-reference/webhook/new-privacy-request-job). */
export const requestTypes = [
  'ACCESS',
  'ERASURE',
  'RECTIFICATION',
  'RESTRICTION',
  'BUSINESS_PURPOSE',
  'PLACE_ON_LEGAL_HOLD',
  'REMOVE_FROM_LEGAL_HOLD',
  'AUTOMATED_DECISION_MAKING_OPT_OUT',
  'USE_OF_SENSITIVE_INFORMATION_OPT_OUT',
  'CONTACT_OPT_OUT',
  'SALE_OPT_OUT',
  'TRACKING_OPT_OUT',
  'CUSTOM_OPT_OUT',
  'AUTOMATED_DECISION_MAKING_OPT_IN',
  'USE_OF_SENSITIVE_INFORMATION_OPT_IN',
  'SALE_OPT_IN',
  'TRACKING_OPT_IN',
  'CONTACT_OPT_IN',
  'CUSTOM_OPT_IN',
] as const;
export type RequestType = (typeof requestTypes)[number];

/** `status`: the integration's state for the request. */
export const reportStatuses = [
  'READY',
  'RESOLVED',
  'SKIPPED',
  'SKIPPED_DUE_TO_EXCEPTION',
  'ACTION_REQUIRED',
  'WAITING',
] as const;
export type ReportStatus = (typeof reportStatuses)[number];

/** `profileStatus`: the state of the profile the nonce names. */
export const profileStatuses = [
  'RESOLVED',
  'SKIPPED',
  'SKIPPED_DUE_TO_EXCEPTION',
  'WAITING',
  'ERROR',
] as const;
export type ProfileStatus = (typeof profileStatuses)[number];

/** One accepted `PUT /v1/data-silo` body, as recorded (the fields Lethe sent, nothing added). */
export interface StatusReport {
  readonly status?: ReportStatus;
  readonly profileStatus?: ProfileStatus;
  readonly pollId?: string;
  readonly message?: string;
  /** The deprecated `profiles[].profileId`, when the legacy form was used. */
  readonly profiles?: readonly string[];
}

// READY/RESOLVED "also mark all specified profiles as resolved" (the PUT doc); a skipped silo is done
// with the request too, so Transcend stops waiting on it.
const finishingStatuses: ReadonlySet<string> = new Set([
  'READY',
  'RESOLVED',
  'SKIPPED',
  'SKIPPED_DUE_TO_EXCEPTION',
]);
const finishingProfileStatuses: ReadonlySet<string> = new Set([
  'RESOLVED',
  'SKIPPED',
  'SKIPPED_DUE_TO_EXCEPTION',
]);

/**
 * Whether a report resolves its profile: a finishing `status` or `profileStatus`, or neither given (the
 * PUT "confirms completion of an erasure", and an empty body is its documented current form). WAITING,
 * ACTION_REQUIRED and ERROR, with nothing finishing beside them, leave the profile open.
 */
export function resolvesProfile(report: StatusReport): boolean {
  if (report.status === undefined && report.profileStatus === undefined) return true;
  return (
    (report.status !== undefined && finishingStatuses.has(report.status)) ||
    (report.profileStatus !== undefined && finishingProfileStatuses.has(report.profileStatus))
  );
}
