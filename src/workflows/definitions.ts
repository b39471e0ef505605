import { defineQuery, defineSignal } from '@temporalio/workflow';
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

/** A snapshot of the erasure: phase, per-platform counts, next check, last error. */
export const progressQuery = defineQuery<ErasureProgress>('progress');
