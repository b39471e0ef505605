/** Finding erasures by their search attributes alone: the query, and a row per erasure (nothing decrypted). */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { z } from 'zod';
import { type PlatformId, platformIds } from '../domain/platforms';
import { type Phase, phases } from '../domain/progress';
import { fieldIssues } from '../domain/request';
import {
  LetheDeadline,
  LetheNeedsAttention,
  LethePlatforms,
  LetheStatus,
} from '../workflows/search-attributes';
import { InvalidRequestError } from './errors';

/** Which erasures `list` returns; every condition must hold. */
export interface ErasureListFilter {
  /** The erasure's phase (LetheStatus). Naming one includes finished erasures. */
  readonly status?: Phase;
  /** Running past the deadline (or in the `overdue` phase). */
  readonly overdue?: boolean;
  /** A platform refuses the credentials: an operator must act. */
  readonly needsAttention?: boolean;
  readonly platform?: PlatformId;
  /** Include finished erasures (default: running only, unless a status is named). */
  readonly includeClosed?: boolean;
}

/** One erasure as the search attributes describe it: no personal data, nothing decrypted. */
export interface ErasureSummary {
  readonly workflowId: string;
  /** Temporal's view: RUNNING, COMPLETED, FAILED, TERMINATED, … */
  readonly execution: string;
  readonly status?: Phase;
  readonly deadline?: string;
  readonly platforms: readonly PlatformId[];
  readonly needsAttention: boolean;
  readonly startedAt: string;
  readonly closedAt?: string;
}

/**
 * The visibility query for a filter. Dates are compared as Temporal stores them (RFC 3339); `now` is a
 * parameter so the query is a pure function of its inputs.
 */
export function listQuery(filter: ErasureListFilter, now: Date): string {
  const checked = ListFilterSchema.safeParse(filter);
  if (!checked.success) throw new InvalidRequestError(fieldIssues(checked.error));
  const f = checked.data;
  const terms = [`WorkflowType = 'erasure'`];
  if (!f.includeClosed && f.status === undefined) terms.push(`ExecutionStatus = 'Running'`);
  if (f.status !== undefined) terms.push(`${LetheStatus.name} = '${f.status}'`);
  if (f.platform !== undefined) terms.push(`${LethePlatforms.name} = '${f.platform}'`);
  if (f.needsAttention) terms.push(`${LetheNeedsAttention.name} = true`);
  if (f.overdue)
    terms.push(
      `(${LetheStatus.name} = 'overdue' OR (ExecutionStatus = 'Running' AND ${LetheDeadline.name} < '${now.toISOString()}'))`,
    );
  return terms.join(' AND ');
}

// Values go into a query string: only the enumerated ones are accepted.
const ListFilterSchema = z.object({
  status: z.enum(phases).optional(),
  overdue: z.boolean().optional(),
  needsAttention: z.boolean().optional(),
  platform: z.enum(platformIds).optional(),
  includeClosed: z.boolean().optional(),
});

/** Phases an erasure ends in: once its workflow completed, the phase says how. */
const ENDED: readonly Phase[] = ['completed', 'incomplete', 'cancelled', 'planned', 'failed'];

/**
 * An erasure's state in one word, as `status`, `watch` and `list` say it. Temporal's execution status
 * alone misleads: a cancelled, incomplete or planned erasure is a workflow that COMPLETED. While it runs
 * and once it completed, its phase says it; Temporal's cancellation is a cancellation; an erasure that
 * Temporal ended otherwise (terminated, failed, timed out) is said as Temporal ended it, since its last
 * phase never finished.
 */
export function erasureStatus(execution: string, phase: Phase | undefined): string {
  if (execution === 'RUNNING') return phase ?? 'running';
  if (execution === 'COMPLETED') return phase && ENDED.includes(phase) ? phase : 'ended';
  if (execution === 'CANCELLED') return 'cancelled';
  return execution.toLowerCase();
}

/** One row of `list` from what visibility returns. */
export function summaryOf(info: WorkflowExecutionInfo): ErasureSummary {
  const sa = info.typedSearchAttributes;
  const status = sa.get(LetheStatus);
  const deadline = sa.get(LetheDeadline);
  return {
    workflowId: info.workflowId,
    execution: info.status.name,
    ...(status !== undefined && (phases as readonly string[]).includes(status)
      ? { status: status as Phase }
      : {}),
    ...(deadline ? { deadline: deadline.toISOString() } : {}),
    platforms: (sa.get(LethePlatforms) ?? []) as PlatformId[],
    needsAttention: sa.get(LetheNeedsAttention) ?? false,
    startedAt: info.startTime.toISOString(),
    ...(info.closeTime ? { closedAt: info.closeTime.toISOString() } : {}),
  };
}
