import type { TaskAction } from './store';

/** One item of FastAPI's 422 `detail` (pydantic v2's error shape). */
export interface ValidationIssue {
  readonly type: string;
  readonly loc: ReadonlyArray<string | number>;
  readonly msg: string;
  readonly input: unknown;
}

/** A `RequestTaskCallbackRequest` as pydantic (lax mode) validated it. */
export interface CallbackData {
  readonly access_results?: Array<Record<string, unknown>>;
  readonly rows_masked?: number;
}

type Fields = Record<string, unknown>;

/** Stands for a body that was not sent as JSON (FastAPI hands pydantic its bytes). */
export const NOT_JSON = '<a body that is not application/json>';
const isObject = (v: unknown): v is Fields => v !== null && typeof v === 'object' && !Array.isArray(v);
const INT_STRING = /^\s*[+-]?\d+\s*$/;

/**
 * Validates a callback body as FastAPI does with `data: RequestTaskCallbackRequest` (`FidesSchema`:
 * extra fields ignored; `access_results: Optional[List[Row]]`, `Row = Dict[str, Any]`;
 * `rows_masked: Optional[int]`, pydantic's lax int). `issues` non-empty means a 422.
 */
export function validateCallback(body: unknown): { data?: CallbackData; issues: ValidationIssue[] } {
  if (body === undefined) return { issues: [issue('missing', [], 'Field required', null)] };
  if (!isObject(body)) {
    const msg = 'Input should be a valid dictionary or object to extract fields from';
    return { issues: [issue('model_attributes_type', [], msg, body)] };
  }
  const issues: ValidationIssue[] = [];
  const rows = body.access_results;
  let accessResults: Array<Record<string, unknown>> | undefined;
  if (Array.isArray(rows)) {
    rows.forEach((row: unknown, i) => {
      if (!isObject(row))
        issues.push(issue('dict_type', ['access_results', i], 'Input should be a valid dictionary', row));
    });
    accessResults = rows as Array<Record<string, unknown>>;
  } else if (rows !== undefined && rows !== null) {
    issues.push(issue('list_type', ['access_results'], 'Input should be a valid list', rows));
  }
  const rowsMasked = laxInt(body.rows_masked, issues);
  if (issues.length > 0) return { issues };
  return {
    data: {
      ...(accessResults !== undefined ? { access_results: accessResults } : {}),
      ...(rowsMasked !== undefined ? { rows_masked: rowsMasked } : {}),
    },
    issues,
  };
}

/** Pydantic v2's lax int: integers, integral floats, booleans and integer strings pass; null is None. */
function laxInt(v: unknown, issues: ValidationIssue[]): number | undefined {
  const loc = ['rows_masked'];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v;
    const msg = 'Input should be a valid integer, got a number with a fractional part';
    issues.push(issue('int_from_float', loc, msg, v));
    return undefined;
  }
  if (typeof v === 'string') {
    if (INT_STRING.test(v)) return Number.parseInt(v, 10);
    const msg = 'Input should be a valid integer, unable to parse string as an integer';
    issues.push(issue('int_parsing', loc, msg, v));
    return undefined;
  }
  issues.push(issue('int_type', loc, 'Input should be a valid integer', v));
  return undefined;
}

function issue(
  type: string,
  at: ReadonlyArray<string | number>,
  msg: string,
  input: unknown,
): ValidationIssue {
  return { type, loc: ['body', ...at], msg, input };
}

/**
 * What Fides takes but Lethe's connector contract does not allow (journaled, answered as Fides does):
 * fields beyond the two, nulls, a `rows_masked` that is not a JSON integer ≥ 0, the other task's
 * field, a missing result, and access rows that are not `{id, email}` of this request's subject.
 */
export function contractBreaches(body: Fields, action: TaskAction, email: string): string[] {
  const b: string[] = [];
  const extra = Object.keys(body).filter((k) => k !== 'access_results' && k !== 'rows_masked');
  if (extra.length > 0)
    b.push(`callback body: undocumented field(s) ${extra.join(', ')} (Fides ignores them)`);
  for (const k of ['access_results', 'rows_masked'])
    if (body[k] === null) b.push(`callback body: ${k} is null (send it, or leave it out)`);
  const masked = body.rows_masked;
  if (masked !== undefined && masked !== null && !(Number.isSafeInteger(masked) && (masked as number) >= 0))
    b.push('callback body: rows_masked must be a JSON integer ≥ 0 (Fides coerced or took it as sent)');
  if (action === 'access') {
    if (masked !== undefined) b.push('access callback: rows_masked is ignored on an access task');
    if (!Array.isArray(body.access_results))
      b.push('access callback: access_results is missing (Fides records no rows, so nothing is erased)');
    else
      (body.access_results as unknown[]).forEach((row, i) => {
        if (!isObject(row)) return;
        if (typeof row.id !== 'string' || row.id === '')
          b.push(`access_results[${i}].id: required, a string`);
        if (row.email !== email) b.push(`access_results[${i}].email: must be the request's email`);
      });
  } else {
    if (body.access_results !== undefined)
      b.push('erasure callback: access_results is ignored on an erasure task');
    if (masked === undefined) b.push('erasure callback: rows_masked is missing');
  }
  return b;
}
