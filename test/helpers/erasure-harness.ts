import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { Timing } from '../../src/domain/timing';
import {
  type ActivityName,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../src/local/stack';
import { type PlatformViews, type StackChoices, stackChoices, withViews } from './stack-views';
import { uniqueTaskQueue } from './temporal';

/** One activity attempt as the worker started it: which, which attempt, and what the last one saved. */
export interface ActivityAttempt {
  readonly name: ActivityName;
  readonly attempt: number;
  readonly heartbeatDetails: unknown;
}

export interface ErasureHarness extends LocalStack, PlatformViews {
  /** Every activity attempt started so far, in order. */
  readonly attempts: readonly ActivityAttempt[];
  /** Holds an activity until the returned release function is called (to observe a phase). */
  gate(name: ActivityName): () => void;
  /**
   * Lets the next `times` calls of an activity do their work, then fail as if the worker died before
   * reporting the result: the platform has acted, Temporal has not heard of it.
   */
  failAfter(name: ActivityName, times: number): void;
}

export interface HarnessOptions extends StackChoices {
  readonly timing: Timing;
  readonly clock: 'follow' | 'real';
  readonly governed?: boolean;
  readonly governorMonthlyQuota?: number;
  readonly governorMaxSignalsPerRun?: number;
  readonly platformClockEpochMs?: number;
  readonly apiBasePath?: LocalStackOptions['apiBasePath'];
  readonly httpTimeoutMs?: number;
  readonly webhooks?: LocalStackOptions['webhooks'];
  readonly warehouse?: LocalStackOptions['warehouse'];
  readonly logSink?: LocalStackOptions['logSink'];
}

/** The local stack on a fresh task queue of `env`, with the test run's workflow bundle and activity gates. */
export async function startErasureHarness(
  env: TestWorkflowEnvironment,
  options: HarnessOptions,
): Promise<ErasureHarness> {
  const gates = new Map<ActivityName, Promise<void>>();
  const lostResults = new Map<ActivityName, number>();
  const attempts: ActivityAttempt[] = [];
  const { simulator: _lp, genesys: _g, chatbot: _c, zendesk: _z, platforms: _p, ...rest } = options;
  const stack = await startLocalStack(env, {
    ...rest,
    ...stackChoices(options),
    taskQueue: uniqueTaskQueue('erasure'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    wrapActivity: (name, activity) => async (input) => {
      const { attempt, heartbeatDetails } = activityInfo();
      attempts.push({ name, attempt, heartbeatDetails });
      await gates.get(name);
      const result = await activity(input);
      const lose = lostResults.get(name) ?? 0;
      if (lose > 0) {
        lostResults.set(name, lose - 1);
        throw new Error('simulated worker loss after the platform answered');
      }
      return result;
    },
  });
  return withViews({
    ...stack,
    attempts,
    failAfter(name: ActivityName, times: number) {
      lostResults.set(name, times);
    },
    gate(name: ActivityName) {
      let release = (): void => undefined;
      gates.set(
        name,
        new Promise<void>((resolve) => {
          release = resolve;
        }),
      );
      return () => {
        gates.delete(name);
        release();
      };
    },
  });
}
