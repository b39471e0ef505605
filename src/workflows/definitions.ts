import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Identifier } from '../domain/identifiers';
import type { ErasureProgress } from '../domain/progress';

/** The task queue erasure workers poll unless configured otherwise. */
export const DEFAULT_TASK_QUEUE = 'lethe-erasure';

/** Workflow id of the erasure of the subject whose keyed hash is `subjectRef`. */
export const erasureWorkflowId = (subjectRef: string): string => `erasure-${subjectRef}`;

/** Who asks to stop an erasure, and why: both go into the evidence. */
export interface CancelInput {
  readonly by: string;
  readonly reason: string;
}

/** Stops the erasure; requests still in their grace period are withdrawn at the platform. */
export const cancelSignal = defineSignal<[CancelInput]>('cancel');

/** Places (`on: true`) or releases (`on: false`) a legal hold. */
export interface LegalHoldInput {
  readonly on: boolean;
  readonly by: string;
  readonly reason: string;
}

/**
 * A legal hold stops deletion until released: nothing new is sent, and requests still in their grace
 * period are withdrawn. An update, not a signal, so a bad one (a release without a hold) is refused.
 */
export const legalHoldUpdate = defineUpdate<{ onHold: boolean }, [LegalHoldInput]>('legalHold');

export interface AddIdentifiersInput {
  readonly identifiers: Identifier[];
  readonly by: string;
}

/** Adds identifiers to a running erasure; resolution and discovery run again. Refused if any is invalid. */
export const addIdentifiersUpdate = defineUpdate<{ added: number }, [AddIdentifiersInput]>('addIdentifiers');

export interface RetryInput {
  readonly by: string;
}

/** After credentials are fixed: try the platform again now. Refused when nothing needs attention. */
export const retryUpdate = defineUpdate<{ retrying: boolean }, [RetryInput]>('retry');

/** A snapshot of the erasure: phase, per-platform counts, deadline, holds, next check, last error. */
export const progressQuery = defineQuery<ErasureProgress>('progress');
