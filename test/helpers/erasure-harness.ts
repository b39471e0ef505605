import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import type { Timing } from '../../src/domain/timing';
import { type ActivityName, type LocalStack, startLocalStack } from '../../src/local/stack';
import type { StartOptions } from '../../src/simulator/liveperson/server';
import { uniqueTaskQueue } from './temporal';

export interface ErasureHarness extends LocalStack {
  /** Holds an activity until the returned release function is called (to observe a phase). */
  gate(name: ActivityName): () => void;
}

export interface HarnessOptions {
  readonly timing: Timing;
  readonly simulator?: StartOptions;
  readonly clock: 'follow' | 'real';
}

/** The local stack on a fresh task queue of `env`, with the test run's workflow bundle and activity gates. */
export async function startErasureHarness(
  env: TestWorkflowEnvironment,
  options: HarnessOptions,
): Promise<ErasureHarness> {
  const gates = new Map<ActivityName, Promise<void>>();
  const stack = await startLocalStack(env, {
    ...options,
    taskQueue: uniqueTaskQueue('erasure'),
    workflowBundle: { codePath: inject('workflowBundlePath') },
    wrapActivity: (name, activity) => async (input) => {
      await gates.get(name);
      return activity(input);
    },
  });
  return {
    ...stack,
    gate(name) {
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
  };
}
