import { ContractError } from '../../kit/http';

/**
 * Ethyca Fides' side of a custom SaaS connector with `async_config.strategy: callback`, as ethyca/fides
 * has it (notes/dsr-tool-contracts.md §1.2): `src/fides/api/v1/endpoints/privacy_request_endpoints.py`
 * (`request_task_async_callback`), `src/fides/api/schemas/privacy_request.py`
 * (`RequestTaskCallbackRequest`, `PrivacyRequestStatus`), `src/fides/api/oauth/utils.py`
 * (`verify_request_task_callback`), `src/fides/api/schemas/oauth.py` (`OAuth2ClientCredentialsBearer`),
 * `src/fides/api/service/connectors/query_configs/saas_query_config.py` (`reply_to`, `reply_to_token`).
 */

/** The calls Lethe's connector config makes (its YAML: `deploy/fides/`); one place, for a test to compare. */
export const connectorContract = {
  read: { method: 'GET', path: '/intake/fides/person', identityQueryParam: 'email' },
  erasure: { method: 'POST', path: '/intake/fides/erasure', personIdField: 'person_id' },
  /** Header names of `saas_async_callback_config.yml`; values `<reply_to>` and `<reply_to_token>`. */
  replyToHeader: 'reply-to',
  replyTokenHeader: 'reply-to-token',
} as const;

/** `V1_URL_PREFIX + REQUEST_TASK_CALLBACK`: the callback route, and the path `<reply_to>` carries. */
export const CALLBACK_PATH = '/api/v1/request-task/callback';

/** `PrivacyRequestStatus` (schemas/privacy_request.py); the simulator reaches the ones it uses. */
export const privacyRequestStatuses = [
  'identity_unverified',
  'requires_input',
  'pending',
  'approved',
  'denied',
  'in_processing',
  'complete',
  'paused',
  'awaiting_email_send',
  'requires_manual_finalization',
  'canceled',
  'error',
] as const;
export type PrivacyRequestStatus = (typeof privacyRequestStatuses)[number];

/** `ExecutionLogStatus`, the statuses of a request task (models/privacy_request; the admin UI's enum). */
export const taskStatuses = [
  'in_processing',
  'pending',
  'complete',
  'error',
  'paused',
  'awaiting_processing',
  'retrying',
  'skipped',
] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** The request statuses a callback is taken in (`request_task_async_callback`); any other is a 400. */
export const callbackRequestStatuses: ReadonlySet<PrivacyRequestStatus> = new Set([
  'in_processing',
  'approved',
]);

/** The answer of an accepted callback. */
export const TASK_QUEUED = { task_queued: true } as const;

/**
 * A refusal in FastAPI's shape, `{"detail": …}`; journaled as a broken rule unless `violation` is false.
 * `InvalidAuthorizationSchemeError` (401) also sends `WWW-Authenticate: Bearer`.
 */
export function fidesError(status: number, detail: unknown, violation = true): ContractError {
  const message = typeof detail === 'string' ? detail : JSON.stringify(detail);
  const headers: Record<string, string> | undefined =
    status === 401 ? { 'WWW-Authenticate': 'Bearer' } : undefined;
  return new ContractError(status, message, violation, { body: { detail }, ...(headers ? { headers } : {}) });
}
