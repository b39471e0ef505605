import { ContractError } from '../../kit/http';

/**
 * The Ketch Forwarder vocabulary (`dsr/v1`) as ketch-com/ketch-forwarder documents it: `api/dsr/v1/
 * {Delete,Status,README}.md`, `api/runtime/v1/{Metadata,Error}.md` and `openapi/components/schemas`
 * (notes/dsr-tool-contracts.md §1.3).
 */

export const API_VERSION = 'dsr/v1';

/** `DSRRequestStatus.yaml` and Status.md's table; case-sensitive. */
export const ketchStatuses = [
  'unknown',
  'pending',
  'in_progress',
  'completed',
  'cancelled',
  'denied',
] as const;
export type KetchStatus = (typeof ketchStatuses)[number];

/** "Once the status is set to `completed`, `cancelled` or `denied`, then no further events will be accepted." */
export const finalStatuses: ReadonlySet<string> = new Set<KetchStatus>(['completed', 'cancelled', 'denied']);

// Status.md: `unknown` is "the reason for the status is unknown/other" for any status; `other` is its
// spelling in the OpenAPI enum and in Delete.md's example (`in_progress` / `other`).
const anyStatusReasons = ['unknown', 'other'] as const;

/** Status.md's reason table: the reasons each status may carry beyond `unknown`/`other`. */
const reasonsOf: Readonly<Record<KetchStatus, readonly string[]>> = {
  unknown: [],
  pending: ['need_user_verification'],
  in_progress: [],
  completed: ['requested', 'no_match', 'insufficient_identification', 'executed'],
  cancelled: [],
  denied: [
    'no_match',
    'insufficient_identification',
    'insufficient_verification',
    'claim_not_covered',
    'outside_jurisdiction',
    'too_many_requests',
    'suspected_fraud',
  ],
};

/** The reasons documented for `status`, in the table's order. */
export function reasonsFor(status: KetchStatus): readonly string[] {
  return [...anyStatusReasons, ...reasonsOf[status]];
}

/** Every documented reason, whatever its status. */
export const allReasons: readonly string[] = [...new Set(ketchStatuses.flatMap((s) => reasonsFor(s)))];

export const isKetchStatus = (v: unknown): v is KetchStatus =>
  typeof v === 'string' && (ketchStatuses as readonly string[]).includes(v);

/** Identity formats (README.md#Identity, `Identity.yaml`): `raw` is the default. */
export const identityFormats = ['raw', 'md5', 'sha1'] as const;

/** Error.md's `error.status` codes. */
export const errorStatuses = [
  'conflict',
  'internal',
  'unavailable',
  'invalid',
  'not_found',
  'timeout',
  'canceled',
  'forbidden',
  'configuration',
  'unimplemented',
] as const;

/** The `Metadata` every message carries: the request's uid and the tenant it came from. */
export interface KetchMetadata {
  readonly uid: string;
  readonly tenant: string;
}

/** A status as a `DeleteResponse` or `DeleteStatusEvent` reported it (the fields the simulator keeps). */
export interface StatusUpdate {
  readonly status: KetchStatus;
  readonly reason?: string;
  readonly requestID?: string;
  readonly expectedCompletionTimestamp?: number;
  readonly claims?: Record<string, unknown>;
  /** Context variables the executor set (README, "Response Augmentation"). */
  readonly context?: Record<string, unknown>;
  /** Internal documents the executor added (README, "Document"). */
  readonly documents?: readonly unknown[];
}

const errorStatusOf: Readonly<Record<number, (typeof errorStatuses)[number]>> = {
  400: 'invalid',
  401: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  500: 'internal',
};

/**
 * A refusal of Ketch's, answered as Error.md's `Error` object; journaled as a broken rule unless
 * `violation` is false.
 */
export function ketchError(
  code: number,
  message: string,
  metadata: Partial<KetchMetadata>,
  violation = true,
): ContractError {
  const body = {
    apiVersion: API_VERSION,
    kind: 'Error',
    metadata,
    error: { code, status: errorStatusOf[code] ?? 'internal', message },
  };
  return new ContractError(code, message, violation, { body });
}
