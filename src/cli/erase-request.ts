import { InvalidRequestError } from '../client-errors';
import { platformIds } from '../domain/platforms';
import { type ErasureRequest, ErasureRequestSchema, fieldIssues } from '../domain/request';
import { usageError } from './exit-codes';
import { type IdentifierFlags, identifiersFrom } from './flags';

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
  identifiers: '--email/--phone/--identifier',
  systems: '--system',
};

/**
 * The request `lethe erase` sends: the file's (if any), with the flags over it and their identifiers
 * added to its. Checked here, before anything connects: a bad request names its fields (and the flag
 * that sets each) and starts nothing.
 */
export function eraseRequest(flags: EraseFlags, file?: { path: string; json: unknown }): ErasureRequest {
  if (flags.system.some((s) => !(platformIds as readonly string[]).includes(s)))
    throw usageError(`--system must be one of ${platformIds.join(', ')}`);
  const base = file?.json ?? {};
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw usageError(`request ${file?.path} must be a JSON object`);
  const fromFile = base as Partial<Record<keyof ErasureRequest, unknown>> & {
    identifiers?: unknown;
    options?: Record<string, unknown>;
  };
  if (fromFile.identifiers !== undefined && !Array.isArray(fromFile.identifiers))
    throw usageError(`request ${file?.path}: identifiers must be a list`);
  const options = {
    ...fromFile.options,
    ...(flags.deadline !== undefined ? { deadline: flags.deadline } : {}),
    ...(flags.dryRun ? { dryRun: true } : {}),
  };
  const request = {
    ...fromFile,
    ...(flags.requestId !== undefined ? { requestId: flags.requestId } : {}),
    ...(flags.subjectKey !== undefined ? { subjectKey: flags.subjectKey } : {}),
    ...(flags.requestedBy !== undefined ? { requestedBy: flags.requestedBy } : {}),
    ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
    ...(flags.system.length > 0 ? { systems: flags.system } : {}),
    ...(flags.receivedAt !== undefined ? { receivedAt: flags.receivedAt } : {}),
    identifiers: [...((fromFile.identifiers as unknown[] | undefined) ?? []), ...identifiersFrom(flags)],
    ...(Object.keys(options).length > 0 ? { options } : {}),
  };
  const checked = ErasureRequestSchema.safeParse(request);
  if (!checked.success)
    throw new InvalidRequestError(
      fieldIssues(checked.error).map((i) => {
        const flag = FLAG_OF_FIELD[i.field] ?? FLAG_OF_FIELD[i.field.split('.')[0] ?? ''];
        return flag ? { ...i, field: `${i.field} (${flag})` } : i;
      }),
    );
  return request as ErasureRequest;
}
