/** The errors the typed client throws, each naming what went wrong and never a personal value. */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { z } from 'zod';
import { describeIssues, type FieldIssue, fieldIssues } from '../domain/request';

/** Thrown when an erasure request is invalid; nothing was started. Names each field, never its value. */
export class InvalidRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid erasure request: ${describeIssues(issues)}`);
    this.name = 'InvalidRequestError';
  }
}

/** No erasure has this workflow id (or it was deleted by retention). */
export class ErasureNotFoundError extends Error {
  constructor(readonly workflowId: string) {
    super(`no erasure ${workflowId}`);
    this.name = 'ErasureNotFoundError';
  }
}

/** The erasure refused an operator's request (e.g. a release without a hold); its state is unchanged. */
export class RequestRefusedError extends Error {
  constructor(
    readonly workflowId: string,
    reason: string,
  ) {
    super(`${workflowId} refused: ${reason}`);
    this.name = 'RequestRefusedError';
  }
}

/** The certificate cannot be fetched: the erasure is still running, was a dry run, or ended without one. */
export class CertificateUnavailableError extends Error {
  constructor(
    readonly workflowId: string,
    readonly why: 'running' | 'dry_run' | 'ended_without_certificate',
  ) {
    super(
      {
        running: `${workflowId} is still running: its certificate is issued when it ends`,
        dry_run: `${workflowId} was a dry run: nothing was erased, so nothing is certified`,
        ended_without_certificate: `${workflowId} ended without a certificate (it failed or was terminated)`,
      }[why],
    );
    this.name = 'CertificateUnavailableError';
  }
}

/** No worker answered a query in time: none polls the erasures' task queue, or all are busy or down. */
export class NoWorkerError extends Error {
  constructor(
    readonly workflowId: string,
    readonly taskQueue: string,
  ) {
    super(
      `no worker answered for ${workflowId} in time: is a Lethe worker running on task queue ${taskQueue}?`,
    );
    this.name = 'NoWorkerError';
  }
}

/** The gRPC status code of a call's failure, on the error or on its cause (the SDK wraps some). */
export function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** Turns Temporal's not-found into ours, which names the erasure. */
export async function found<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw new ErasureNotFoundError(workflowId);
    throw err;
  }
}

/** An operator's input as the workflow will check it: refused here first, naming the fields. */
export function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidRequestError(fieldIssues(parsed.error));
  return parsed.data;
}
