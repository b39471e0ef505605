import {
  allReasons,
  identityFormats,
  isKetchStatus,
  ketchStatuses,
  reasonsFor,
  type StatusUpdate,
} from './contract';

type Fields = Record<string, unknown>;

export const isObject = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Pushes one breach naming every key of `fields` the protocol does not document at `at`. */
export function undocumented(fields: Fields, known: readonly string[], at: string, breaches: string[]): void {
  const extra = Object.keys(fields).filter((k) => !known.includes(k));
  if (extra.length > 0) breaches.push(`${at}: undocumented field(s) ${extra.join(', ')}`);
}

/**
 * The fields of a `DeleteResponse.response` and a `DeleteStatusEvent.event`: Delete.md's table, the
 * OpenAPI `DeleteResponse` (`context`, `outcome`) and README.md's "Response Augmentation" (`messages`).
 */
const STATUS_FIELDS = [
  'status',
  'reason',
  'expectedCompletionTimestamp',
  'requestID',
  'results',
  'documents',
  'claims',
  'redirectUrl',
  'subject',
  'identities',
  'context',
  'outcome',
  'messages',
];

// int64 UNIX seconds; a value this large is milliseconds (it would be the year 5138 in seconds).
const MAX_SECONDS = 1e11;

/**
 * Checks the status part of a response or event (`at` names it in breaches). Optional means absent:
 * a null is the wrong type. The update is given only when no rule is broken.
 */
export function checkStatusFields(value: unknown, at: string): { update?: StatusUpdate; breaches: string[] } {
  if (!isObject(value)) return { breaches: [`${at}: required, a JSON object`] };
  const b: string[] = [];
  undocumented(value, STATUS_FIELDS, at, b);
  const { status, reason } = value;
  if (status === undefined) b.push(`${at}.status: required`);
  else if (!isKetchStatus(status))
    b.push(`${at}.status: must be one of ${ketchStatuses.join(' | ')} (case-sensitive)`);
  if (reason !== undefined) {
    const allowed = isKetchStatus(status) ? reasonsFor(status) : allReasons;
    if (typeof reason !== 'string' || !allowed.includes(reason)) {
      const which = isKetchStatus(status) ? ` for status ${status}` : '';
      b.push(`${at}.reason: must be${which} one of ${allowed.join(' | ')}`);
    }
  }
  const ts = value.expectedCompletionTimestamp;
  if (ts !== undefined && !(Number.isSafeInteger(ts) && (ts as number) >= 0))
    b.push(`${at}.expectedCompletionTimestamp: must be a UNIX timestamp (integer seconds)`);
  else if (typeof ts === 'number' && ts >= MAX_SECONDS)
    b.push(`${at}.expectedCompletionTimestamp: must be UNIX seconds, not milliseconds`);
  mustBe(value, 'requestID', at, b, (v) => typeof v === 'string', 'a string');
  mustBe(value, 'redirectUrl', at, b, isAbsoluteUrl, 'an absolute URL');
  mustBe(value, 'claims', at, b, isObject, 'a JSON object');
  mustBe(value, 'outcome', at, b, isObject, 'a JSON object');
  mustBe(value, 'context', at, b, isContext, 'a map to strings, integers or booleans');
  mustBe(value, 'messages', at, b, Array.isArray, 'an array');
  mustBe(value, 'subject', at, b, isSubject, 'a map to strings (formData: a map to strings)');
  if (value.identities !== undefined) checkIdentities(value.identities, `${at}.identities`, b);
  for (const name of ['results', 'documents'])
    if (value[name] !== undefined) checkDocuments(value[name], `${at}.${name}`, b);
  if (b.length > 0 || !isKetchStatus(status)) return { breaches: b };
  return { update: updateOf(value, status), breaches: b };
}

function updateOf(value: Fields, status: StatusUpdate['status']): StatusUpdate {
  const { reason, requestID, expectedCompletionTimestamp: ts, claims, context, documents } = value;
  return {
    status,
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof requestID === 'string' ? { requestID } : {}),
    ...(typeof ts === 'number' ? { expectedCompletionTimestamp: ts } : {}),
    ...(isObject(claims) ? { claims } : {}),
    ...(isObject(context) ? { context } : {}),
    ...(Array.isArray(documents) ? { documents } : {}),
  };
}

function mustBe(
  value: Fields,
  name: string,
  at: string,
  breaches: string[],
  test: (v: unknown) => boolean,
  what: string,
): void {
  if (value[name] !== undefined && !test(value[name])) breaches.push(`${at}.${name}: must be ${what}`);
}

const isStringMap = (v: unknown): boolean =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');

// README, "Add context variables": a value is a string, an integer or a boolean.
const isContext = (v: unknown): boolean =>
  isObject(v) &&
  Object.values(v).every((x) => typeof x === 'string' || typeof x === 'boolean' || Number.isInteger(x));

// DataSubject: "additionalProperties: string"; `formData` is the one map (forwarder_gen.yaml).
const isSubject = (v: unknown): boolean =>
  isObject(v) &&
  Object.entries(v).every(([k, x]) => typeof x === 'string' || (k === 'formData' && isStringMap(x)));

function isAbsoluteUrl(v: unknown): boolean {
  return typeof v === 'string' && URL.canParse(v);
}

function checkIdentities(v: unknown, at: string, b: string[]): void {
  if (!Array.isArray(v)) {
    b.push(`${at}: must be an array of Identity`);
    return;
  }
  for (const [i, identity] of (v as unknown[]).entries()) {
    const here = `${at}[${i}]`;
    if (!isObject(identity)) {
      b.push(`${here}: must be an Identity object`);
      continue;
    }
    undocumented(identity, ['identitySpace', 'identityFormat', 'identityValue'], here, b);
    const { identitySpace, identityFormat, identityValue } = identity;
    if (typeof identitySpace !== 'string' || identitySpace === '')
      b.push(`${here}.identitySpace: required, a string`);
    if (typeof identityValue !== 'string' || identityValue === '')
      b.push(`${here}.identityValue: required, a string`);
    if (identityFormat !== undefined && !(identityFormats as readonly unknown[]).includes(identityFormat))
      b.push(`${here}.identityFormat: must be one of ${identityFormats.join(' | ')}`);
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * A Document is either callback-like (`url`, optional `headers`) or embedded (`data`, standard base64,
 * with `headers.Content-Type: application/json`, "the only supported content type").
 */
function checkDocuments(v: unknown, at: string, b: string[]): void {
  if (!Array.isArray(v)) {
    b.push(`${at}: must be an array of Document`);
    return;
  }
  for (const [i, doc] of (v as unknown[]).entries()) {
    const here = `${at}[${i}]`;
    if (!isObject(doc)) {
      b.push(`${here}: must be a Document object`);
      continue;
    }
    undocumented(doc, ['name', 'data', 'url', 'headers'], here, b);
    mustBe(doc, 'name', here, b, (x) => typeof x === 'string', 'a string');
    mustBe(doc, 'headers', here, b, isStringMap, 'a map to strings');
    if ((doc.data === undefined) === (doc.url === undefined)) {
      b.push(`${here}: must have either url or data`);
      continue;
    }
    mustBe(doc, 'url', here, b, isAbsoluteUrl, 'an absolute URL');
    if (doc.data !== undefined) checkEmbedded(doc, here, b);
  }
}

function checkEmbedded(doc: Fields, here: string, b: string[]): void {
  if (typeof doc.data !== 'string' || !BASE64.test(doc.data)) b.push(`${here}.data: must be standard base64`);
  const headers = isObject(doc.headers) ? doc.headers : {};
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  if (type !== 'application/json') b.push(`${here}.headers.Content-Type: required, application/json`);
  // JSON documents are merged as RFC 7396 patches (README, "JSON Data"): data that is not JSON cannot be.
  else if (typeof doc.data === 'string' && BASE64.test(doc.data) && !decodesToJson(doc.data))
    b.push(`${here}.data: must be JSON, as its Content-Type says`);
}

function decodesToJson(base64: string): boolean {
  try {
    JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
    return true;
  } catch {
    return false;
  }
}
