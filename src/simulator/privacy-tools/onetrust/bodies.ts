import type { SimRequest } from '../../kit/http';
import {
  apiError,
  isUuid,
  MAX_COMMENT,
  resolvingStatuses,
  type SettableStatus,
  settableStatuses,
  type Where,
} from './contract';
import type { Attachment } from './store';

type Fields = Record<string, unknown>;

/** An accepted `UpdateSubtaskStatusRequest`. */
export interface StatusUpdate {
  readonly status: SettableStatus;
  readonly comment?: string;
  readonly resolutionId?: string;
}

/** An accepted `SubTaskCompleteV2Dto`. */
export interface Completion {
  readonly comment: string;
  readonly markAsComplete: boolean;
  readonly resolutionId?: string;
  readonly attachments?: readonly Attachment[];
}

/**
 * `PUT …/status`: `status` (required, one of the four), `comment` (≤ 1,500,000 characters) and a UUID
 * `resolutionId` only with COMPLETED or REJECTED. Every breach is a 400 the journal records.
 */
export function parseStatusUpdate(req: SimRequest, where: Where): StatusUpdate {
  const fields = jsonObject(req, where, ['status', 'comment', 'resolutionId']);
  const b: string[] = [];
  const { status } = fields;
  if (status === undefined) b.push('status: required');
  else if (!(settableStatuses as readonly unknown[]).includes(status))
    b.push(`status: must be one of ${settableStatuses.join(' | ')}`);
  const comment = text(fields, 'comment', 0, MAX_COMMENT, b);
  const resolutionId = uuid(fields, 'resolutionId', b);
  if (resolutionId !== undefined && typeof status === 'string' && !resolvingStatuses.has(status))
    b.push('resolutionId: can only be passed if the status is updated to COMPLETED or REJECTED');
  if (b.length > 0) throw apiError(400, b.join('; '), where);
  return {
    status: status as SettableStatus,
    ...(comment !== undefined ? { comment } : {}),
    ...(resolutionId !== undefined ? { resolutionId } : {}),
  };
}

/** `PUT …/complete`: `comment` (required, 1 to 1,500,000 characters), `markAsComplete`, `resolutionId`, `attachments`. */
export function parseCompletion(req: SimRequest, where: Where): Completion {
  const fields = jsonObject(req, where, ['comment', 'markAsComplete', 'resolutionId', 'attachments']);
  const b: string[] = [];
  const comment = text(fields, 'comment', 1, MAX_COMMENT, b);
  if (fields.comment === undefined || fields.comment === null) b.push('comment: required');
  const mark = fields.markAsComplete;
  if (mark !== undefined && mark !== null && typeof mark !== 'boolean')
    b.push('markAsComplete: must be a boolean');
  const resolutionId = uuid(fields, 'resolutionId', b);
  const attachments = attachmentsOf(fields.attachments, b);
  if (b.length > 0 || comment === undefined) throw apiError(400, b.join('; '), where);
  return {
    comment,
    markAsComplete: mark === true,
    ...(resolutionId !== undefined ? { resolutionId } : {}),
    ...(attachments !== undefined ? { attachments } : {}),
  };
}

/** The body as a JSON object of the documented fields only (`application/json`, the OAS's only type). */
function jsonObject(req: SimRequest, where: Where, known: readonly string[]): Fields {
  const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (media !== 'application/json') throw apiError(400, 'Content-Type must be application/json', where);
  const body = req.body;
  if (body === undefined) throw apiError(400, 'Required request body is missing', where);
  if (!isObject(body)) throw apiError(400, 'the body must be a JSON object', where);
  const extra = Object.keys(body).filter((k) => !known.includes(k));
  if (extra.length > 0) throw apiError(400, `undocumented field(s): ${extra.join(', ')}`, where);
  return body;
}

const isObject = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);

// Optional fields may be null: OneTrust's Java DTOs read a null as absent.
function text(
  fields: Fields,
  name: string,
  min: number,
  max: number,
  b: string[],
  at = '',
): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    b.push(`${at}${name}: must be a string`);
    return undefined;
  }
  // maxLength counts characters (code points); a string no longer in UTF-16 units cannot exceed it.
  const length = v.length <= max ? v.length : [...v].length;
  if (length < min || length > max) b.push(`${at}${name}: must be ${min} to ${max} characters long`);
  return v;
}

function uuid(fields: Fields, name: string, b: string[]): string | undefined {
  const v = fields[name];
  if (v === undefined || v === null) return undefined;
  if (!isUuid(v)) b.push(`${name}: must be a UUID`);
  return typeof v === 'string' ? v : undefined;
}

/** `AttachmentV2Dto[]`: `fileId` (UUID) and `fileName` (1–200) required; `statusId`, `resourcePath` (≤ 1000). */
function attachmentsOf(v: unknown, b: string[]): Attachment[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) {
    b.push('attachments: must be an array');
    return undefined;
  }
  return v.map((a: unknown, i) => {
    const at = `attachments[${i}]`;
    if (!isObject(a)) {
      b.push(`${at}: must be an object`);
      return { fileId: '', fileName: '' };
    }
    const extra = Object.keys(a).filter(
      (k) => !['fileId', 'fileName', 'statusId', 'resourcePath'].includes(k),
    );
    if (extra.length > 0) b.push(`${at}: undocumented field(s) ${extra.join(', ')}`);
    if (!isUuid(a.fileId)) b.push(`${at}.fileId: required, a UUID`);
    const fileName = text(a, 'fileName', 1, 200, b, `${at}.`);
    if (a.fileName === undefined || a.fileName === null) b.push(`${at}.fileName: required`);
    const resourcePath = text(a, 'resourcePath', 0, 1000, b, `${at}.`);
    const { statusId } = a;
    if (statusId !== undefined && statusId !== null && !Number.isSafeInteger(statusId))
      b.push(`${at}.statusId: must be an integer`);
    return {
      fileId: String(a.fileId),
      fileName: fileName ?? '',
      ...(typeof statusId === 'number' ? { statusId } : {}),
      ...(resourcePath !== undefined ? { resourcePath } : {}),
    };
  });
}
