import { ContractError } from '../../kit/http';

/**
 * OneTrust's vocabulary for subtasks, as the "Privacy Automation – Data Subject Request (DSR) Automation"
 * OpenAPI gives it (api-evangelist/onetrust `openapi/onetrust-subtasks-api-openapi.yml`; the same at
 * developer.onetrust.com/onetrust/reference/updatesubtaskstatususingput and …/completesubtaskusingput;
 * notes/dsr-tool-contracts.md §1.4).
 */

/** `UpdateSubtaskStatusRequest.status`: the statuses an API caller may set. */
export const settableStatuses = ['IN_PROGRESS', 'FAILED', 'COMPLETED', 'REJECTED'] as const;
export type SettableStatus = (typeof settableStatuses)[number];

/** A subtask's status: `SubTaskV2Dto.status`, plus REJECTED (settable, and a v3 list filter). */
export type SubtaskStatus =
  | 'OPEN'
  | 'ASSIGNED'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'FAILED'
  | 'READY_FOR_REVIEW'
  | 'PROCESSING'
  | 'NOT_RUN'
  | 'REJECTED';

/** Resolved either way: no further update is taken. FAILED is not closed (a system subtask is reprocessed). */
export const closedStatuses: ReadonlySet<SubtaskStatus> = new Set<SubtaskStatus>(['COMPLETED', 'REJECTED']);

/** "The Resolution ID can only be passed if the subtask status is updated to COMPLETED or REJECTED." */
export const resolvingStatuses: ReadonlySet<string> = new Set<SettableStatus>(['COMPLETED', 'REJECTED']);

/** `maxLength` of every comment field (`UpdateSubtaskStatusRequest`, `SubTaskCompleteV2Dto`). */
export const MAX_COMMENT = 1_500_000;

/** The scopes either subtask write operation accepts (its `security`: any one of them). */
export const writeScopes: readonly string[] = ['DSAR', 'DSAR_WRITE'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

const reasons: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Where a refusal happened: the call's path and the simulator's time. */
export interface Where {
  readonly path: string;
  readonly now: number;
}

/**
 * A refusal of the subtask API. OneTrust documents no error body; its operation ids (`…UsingPUT`) are
 * springfox's, so the body is Spring Boot's default error (`timestamp`, `status`, `error`, `message`,
 * `path`). Journaled as a broken rule unless `violation` is false.
 */
export function apiError(
  status: number,
  message: string,
  where: Where,
  violation = true,
  headers?: Record<string, string>,
): ContractError {
  const body = {
    timestamp: new Date(where.now).toISOString(),
    status,
    error: reasons[status] ?? 'Error',
    message,
    path: where.path,
  };
  return new ContractError(status, message, violation, { body, ...(headers ? { headers } : {}) });
}

/** An OAuth 2.0 error (RFC 6749 §5.2 / RFC 6750 §3): the token endpoint's and a refused bearer token's. */
export function oauthError(
  status: number,
  error: string,
  description: string,
  violation = true,
  headers?: Record<string, string>,
): ContractError {
  return new ContractError(status, `${error}: ${description}`, violation, {
    body: { error, error_description: description },
    ...(headers ? { headers } : {}),
  });
}
