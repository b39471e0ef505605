import { ContractError, type SimRequest } from '../../kit/http';
import {
  type ProfileStatus,
  profileStatuses,
  type ReportStatus,
  reportStatuses,
  type StatusReport,
} from './contract';

const FIELDS = ['status', 'profileStatus', 'pollId', 'message', 'profiles'];

/**
 * The body of `PUT /v1/data-silo`: empty, or a JSON object of the documented optional fields only
 * (`status`, `profileStatus`, `pollId`, `message`, the deprecated `profiles: [{profileId}]`). Anything
 * else is a 400 that the journal records as a broken rule.
 */
export function parseReport(req: SimRequest): StatusReport {
  const body = req.body;
  if (body === undefined) return {};
  if (!(req.headers['content-type'] ?? '').includes('application/json'))
    throw new ContractError(400, 'a body must be sent as content-type: application/json');
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new ContractError(400, 'the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw new ContractError(400, `undocumented field(s): ${unknown.join(', ')}`);

  const status = oneOf<ReportStatus>(fields, 'status', reportStatuses);
  const profileStatus = oneOf<ProfileStatus>(fields, 'profileStatus', profileStatuses);
  const pollId = text(fields, 'pollId');
  const message = text(fields, 'message');
  const profiles = legacyProfiles(fields.profiles);
  return {
    ...(status !== undefined ? { status } : {}),
    ...(profileStatus !== undefined ? { profileStatus } : {}),
    ...(pollId !== undefined ? { pollId } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(profiles !== undefined ? { profiles } : {}),
  };
}

function oneOf<T extends string>(
  fields: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new ContractError(400, `${name} must be one of ${allowed.join(' | ')}`);
  return v as T;
}

// Optional means absent, not null: a null is the wrong type.
function text(fields: Record<string, unknown>, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new ContractError(400, `${name} must be a string`);
  return v;
}

/** `[{profileId}]` (deprecated, still accepted): the profile ids, in order. */
function legacyProfiles(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  const bad = new ContractError(400, 'profiles must be an array of {profileId: string}');
  if (!Array.isArray(v)) throw bad;
  return v.map((p: unknown) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) throw bad;
    const keys = Object.keys(p);
    const id = (p as Record<string, unknown>).profileId;
    if (keys.length !== 1 || typeof id !== 'string' || id === '') throw bad;
    return id;
  });
}
