import { API_VERSION, errorStatuses, type KetchMetadata, type StatusUpdate } from './contract';
import { checkStatusFields, isObject, undocumented } from './status-fields';

/** What the executor answered one POST of a `DeleteRequest` with. */
export interface ExecutorAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
}

/** The result of checking a message: its status when it kept every rule, and the rules it broke. */
export interface Checked {
  readonly update?: StatusUpdate;
  readonly breaches: string[];
}

/**
 * A `DeleteStatusEvent` (Delete.md, "Event"): the envelope, with the request's uid and tenant, and a
 * documented `event`.
 */
export function checkStatusEvent(body: unknown, meta: KetchMetadata): Checked {
  const envelope = checkEnvelope(body, 'DeleteStatusEvent', 'event', meta, [API_VERSION]);
  const fields = checkStatusFields(envelope.payload, 'event');
  const breaches = [...envelope.breaches, ...fields.breaches];
  return { breaches, ...(breaches.length === 0 && fields.update ? { update: fields.update } : {}) };
}

/**
 * A 200 answer: "a `DeleteResponse` JSON object" whose `Content-Type` "MUST be `application/json`",
 * echoing the request's uid and tenant.
 */
export function checkDeleteResponse(
  answer: ExecutorAnswer,
  meta: KetchMetadata,
): Checked & { json?: unknown } {
  const typeBreaches = jsonContentType(answer);
  const json = parseJson(answer.text);
  if (json === undefined) return { breaches: [...typeBreaches, '(body): must be a JSON DeleteResponse'] };
  const envelope = checkEnvelope(json, 'DeleteResponse', 'response', meta, [API_VERSION]);
  const fields = checkStatusFields(envelope.payload, 'response');
  const breaches = [...typeBreaches, ...envelope.breaches, ...fields.breaches];
  return { json, breaches, ...(breaches.length === 0 && fields.update ? { update: fields.update } : {}) };
}

/**
 * Any other answer. An error status "MUST be returned ... with an `Error` JSON object" (Error.md); any
 * other status breaks "a successful response MUST include the `200 OK` response status code".
 */
export function checkOtherAnswer(answer: ExecutorAnswer, meta: KetchMetadata): string[] {
  if (answer.status < 400)
    return [`HTTP ${answer.status}: must be 200 with a DeleteResponse, or an error status with an Error`];
  const json = parseJson(answer.text);
  if (json === undefined) return [...jsonContentType(answer), '(body): must be a JSON Error object'];
  // Error.md's table says `dsr/v1`, its example `v1`: either is the protocol's.
  const envelope = checkEnvelope(json, 'Error', 'error', meta, [API_VERSION, 'v1']);
  const b = [...jsonContentType(answer), ...envelope.breaches];
  const error = envelope.payload;
  if (!isObject(error)) return [...b, 'error: required, a JSON object'];
  undocumented(error, ['code', 'status', 'message'], 'error', b);
  if (error.code !== answer.status) b.push(`error.code: must be the HTTP status ${answer.status}`);
  if (!(errorStatuses as readonly unknown[]).includes(error.status))
    b.push(`error.status: must be one of ${errorStatuses.join(' | ')}`);
  if (typeof error.message !== 'string' || error.message === '') b.push('error.message: required, a string');
  return b;
}

/**
 * `{apiVersion, kind, metadata: {uid, tenant}, <payloadKey>}` and nothing else; `metadata` names the
 * request (Metadata.md: uid "uniquely identifies the request", tenant is "where the request originated").
 */
function checkEnvelope(
  body: unknown,
  kind: string,
  payloadKey: string,
  meta: KetchMetadata,
  apiVersions: readonly string[],
): { payload?: unknown; breaches: string[] } {
  if (!isObject(body)) return { breaches: [`(body): must be a JSON ${kind} object`] };
  const b: string[] = [];
  undocumented(body, ['apiVersion', 'kind', 'metadata', payloadKey], '(body)', b);
  if (!apiVersions.includes(body.apiVersion as string)) b.push(`apiVersion: must be ${API_VERSION}`);
  if (body.kind !== kind) b.push(`kind: must be ${kind}`);
  const metadata = body.metadata;
  if (!isObject(metadata)) b.push('metadata: required, a Metadata object');
  else {
    undocumented(metadata, ['uid', 'tenant'], 'metadata', b);
    if (metadata.uid !== meta.uid) b.push(`metadata.uid: must be the request's uid ${meta.uid}`);
    if (metadata.tenant !== meta.tenant) b.push(`metadata.tenant: must be the tenant ${meta.tenant}`);
  }
  return { payload: body[payloadKey], breaches: b };
}

function jsonContentType(answer: ExecutorAnswer): string[] {
  const media = (answer.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  return media === 'application/json'
    ? []
    : [`Content-Type: must be application/json, not ${answer.contentType}`];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
