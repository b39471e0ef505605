import {
  ActivityFailure,
  type ActivityOptions,
  ApplicationFailure,
  condition,
  proxyActivities,
  workflowInfo,
} from '@temporalio/workflow';
import type { ErasureActivities } from '../activities';
import { activitySummary } from '../domain/activity-summary';
import type { ErasureState } from '../domain/erasure-state';
import { attentionErrorTypes } from '../domain/error-types';
import type { PlatformId } from '../domain/platforms';
import type { Timing } from '../domain/timing';
import { platformCallOptions } from './activity-options';

/**
 * How long a platform call may go without a heartbeat before Temporal retries it elsewhere: its worker
 * died. A tenth of the call's timeout, between 5 s and a minute (calls say they are alive every second).
 */
export const heartbeatTimeoutFor = (callTimeoutMs: number): number =>
  Math.min(callTimeoutMs, Math.max(5_000, Math.min(60_000, Math.round(callTimeoutMs / 10))));

/** The activities as a workflow calls them, each attempt allowed `callTimeoutMs`. */
/** The call-site form every proxied activity has (SDK 1.24, experimental): options for this call only. */
interface ExecuteWithOptions {
  executeWithOptions(options: ActivityOptions, args: unknown[]): Promise<unknown>;
}

export const activitiesFor = (callTimeoutMs: number) =>
  summarised({ ...platformCallOptions(callTimeoutMs), heartbeatTimeout: heartbeatTimeoutFor(callTimeoutMs) });

/**
 * The activities under `options`, each call carrying a one-line summary the Web UI shows beside it
 * (src/domain/activity-summary.ts; user metadata, which replay ignores).
 */
export function summarised(options: ActivityOptions) {
  const proxied = proxyActivities<ErasureActivities>(options);
  return new Proxy(proxied, {
    get(target, name, receiver) {
      const activity: unknown = Reflect.get(target, name, receiver);
      const withOptions = (activity as Partial<ExecuteWithOptions> | undefined)?.executeWithOptions;
      if (typeof name !== 'string' || typeof withOptions !== 'function') return activity;
      return (...args: unknown[]) => {
        const summary = activitySummary(name, args[0]);
        return withOptions.call(activity, summary ? { ...options, summary } : options, args);
      };
    },
  });
}

export type Activities = ReturnType<typeof activitiesFor>;

/** Workflow time. The sandbox makes `Date` deterministic: it reads the current workflow task's time. */
export const now = (): number => new Date().getTime();

/** Continue as new well before the server's limits (4,096 events, 4 MiB suggested; 51,200 / 50 MiB fatal). */
const SOFT_EVENT_LIMIT = 3_000;
const SOFT_SIZE_LIMIT = 3 * 1024 * 1024;

/**
 * Whether this run should hand over to a fresh one: the server suggests it, or the history is past our
 * own softer limits (a wave of verifications adds hundreds of events between two checks of this).
 */
export function needsFreshRun(): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested || info.historyLength > SOFT_EVENT_LIMIT || info.historySize > SOFT_SIZE_LIMIT
  );
}

/** Thrown inside the workflow to unwind to its end when a cancel arrives during a wait. */
export class StopRequested extends Error {}

/** The ApplicationFailure type behind an activity failure, if any. */
export function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure)
    return err.cause.type ?? undefined;
  return undefined;
}

export function failureMessage(err: unknown): string {
  if (err instanceof ActivityFailure && err.cause) return err.cause.message;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Runs one platform call. When the platform refuses the credentials (401/403), or answers 404 where a
 * 404 proves nothing (a wrong base URL, region or permission reads the same as a missing record), the
 * erasure needs attention: it waits for an operator's retry or the slow timer, then calls again, until
 * it succeeds or is cancelled. Every other failure is the caller's to handle.
 */
export async function callPlatform<T>(
  state: ErasureState,
  platform: PlatformId,
  timing: Pick<Timing, 'attentionRetryMs'>,
  publish: () => void,
  call: () => Promise<T>,
): Promise<T> {
  for (;;) {
    try {
      const result = await call();
      if (state.attention.current?.platform === platform) {
        state.attention.clear();
        publish();
      }
      return result;
    } catch (err) {
      const type = failureType(err);
      if (type === undefined || !attentionErrorTypes.includes(type)) throw err;
      state.attention.flag({ platform, type, message: failureMessage(err) }, now());
      state.noteError({ platform, type, message: failureMessage(err) }, now());
      publish();
      await condition(
        () => state.attention.retryRequested || state.cancelRequested !== undefined,
        timing.attentionRetryMs,
      );
      if (state.cancelRequested) throw new StopRequested();
    }
  }
}
