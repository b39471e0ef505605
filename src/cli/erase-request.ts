import { InvalidRequestError } from '../client/errors';
import { platformIds } from '../domain/platforms';
import {
  checkRequestDates,
  type ErasureRequest,
  ErasureRequestSchema,
  type FieldIssue,
  fieldIssues,
  REQUEST_BOUNDS,
} from '../domain/request';
import { usageError } from './exit-codes';
import { type IdentifierFlags, identifiersFrom, sourceName } from './flags';

/**
 * The most `lethe erase --file` reads: four times the largest request, room for a pretty-printed file
 * and the whitespace the schema trims; anything larger is refused before it is parsed.
 */
export const MAX_REQUEST_FILE_BYTES = 4 * REQUEST_BOUNDS.maxBytes;

/** The request flags of `lethe erase`, as commander parses them. */
export interface EraseFlags extends IdentifierFlags {
  readonly requestId?: string;
  readonly subjectKey?: string;
  readonly requestedBy?: string;
  readonly reason?: string;
  readonly system: string[];
  readonly receivedAt?: string;
  readonly deadline?: string;
  readonly dryRun?: boolean;
}

/** The flag an operator types for each request field, so an error names what to fix. */
const FLAG_OF_FIELD: Record<string, string> = {
  requestId: '--request-id',
  subjectKey: '--subject-key',
  requestedBy: '--requested-by',
  reason: '--reason',
  receivedAt: '--received-at',
  'options.deadline': '--deadline',
  'options.dryRun': '--dry-run',
  identifiers: '--email/--phone/--identifier',
  systems: '--system',
};

/** Each issue with the flag that sets its field, where there is one. */
const withFlags = (issues: readonly FieldIssue[]): FieldIssue[] =>
  issues.map((i) => {
    const flag = FLAG_OF_FIELD[i.field] ?? FLAG_OF_FIELD[i.field.split('.')[0] ?? ''];
    return flag ? { ...i, field: `${i.field} (${flag})` } : i;
  });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The request `lethe erase` sends: the file's (if any), with the flags over it and their identifiers
 * added to its. Checked here, before anything connects: a bad request names its fields (and the flag
 * that sets each) and starts nothing.
 */
export function eraseRequest(flags: EraseFlags, file?: { path: string; json: unknown }): ErasureRequest {
  if (flags.system.some((s) => !(platformIds as readonly string[]).includes(s)))
    throw usageError(`--system must be one of ${platformIds.join(', ')}`);
  const where = file ? `request ${sourceName(file.path)}` : 'request';
  const base = file?.json ?? {};
  if (!isObject(base)) throw usageError(`${where} must be a JSON object`);
  if (base.identifiers !== undefined && !Array.isArray(base.identifiers))
    throw usageError(`${where}: identifiers must be a list`);
  // Spread, a string would become {0: …, 1: …}: options must be an object, or absent.
  if (base.options !== undefined && !isObject(base.options))
    throw usageError(`${where}: options must be an object`);
  const options = {
    ...(base.options as Record<string, unknown> | undefined),
    ...(flags.deadline !== undefined ? { deadline: flags.deadline } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
  };
  const request = {
    ...base,
    ...(flags.requestId !== undefined ? { requestId: flags.requestId } : {}),
    ...(flags.subjectKey !== undefined ? { subjectKey: flags.subjectKey } : {}),
    ...(flags.requestedBy !== undefined ? { requestedBy: flags.requestedBy } : {}),
    ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
    ...(flags.system.length > 0 ? { systems: flags.system } : {}),
    ...(flags.receivedAt !== undefined ? { receivedAt: flags.receivedAt } : {}),
    identifiers: [...((base.identifiers as unknown[] | undefined) ?? []), ...identifiersFrom(flags)],
    ...(base.options !== undefined || Object.keys(options).length > 0 ? { options } : {}),
  };
  const checked = ErasureRequestSchema.safeParse(request);
  if (!checked.success) throw new InvalidRequestError(withFlags(fieldIssues(checked.error)));
  return request as ErasureRequest;
}

/** The request's dates against this clock (a receipt in the future, a deadline out of bounds). */
export function checkEraseDates(request: ErasureRequest, now: Date): void {
  const issues = checkRequestDates(request, now);
  if (issues.length > 0) throw new InvalidRequestError(withFlags(issues));
}
