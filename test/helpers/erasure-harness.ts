import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { Agent } from 'undici';
import { inject } from 'vitest';
import { createActivities, type ErasureActivities } from '../../src/activities';
import { ErasureClient } from '../../src/client';
import { LivePersonConnector } from '../../src/connectors/liveperson/connector';
import type { Timing } from '../../src/domain/timing';
import { createLogger } from '../../src/logger';
import { Secret } from '../../src/secret';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import {
  type LivePersonSimulator,
  type StartOptions,
  startLivePersonSimulator,
} from '../../src/simulator/liveperson/server';
import { uniqueTaskQueue } from './temporal';

export const TEST_HMAC_KEY = new Secret('test-subject-hmac-key-0123456789abcdef');

type ActivityName = keyof ErasureActivities;

export interface ErasureHarness {
  readonly sim: LivePersonSimulator;
  readonly admin: LivePersonAdminClient;
  readonly client: ErasureClient;
  readonly taskQueue: string;
  /** Runs `fn` with a fresh worker polling the harness's task queue (a worker runs only once). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Holds an activity until the returned release function is called (to observe a phase). */
  gate(name: ActivityName): () => void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly timing: Timing;
  readonly simulator?: StartOptions;
  /**
   * `follow`: the simulator's clock is pinned and moved to each activity's scheduled time, so it follows
   * the time-skipping server. `real`: it runs on real time (dev server, compressed profile).
   */
  readonly clock: 'follow' | 'real';
}

/**
 * A LivePerson simulator, the real connector over HTTP, the real activities and a worker on a fresh
 * task queue of `env`. With the `follow` clock, every activity first moves the simulator's clock to the
 * time Temporal scheduled it, which on the time-skipping server is the skipped-to time.
 */
export async function startErasureHarness(
  env: TestWorkflowEnvironment,
  options: HarnessOptions,
): Promise<ErasureHarness> {
  const start = await env.currentTimeMs();
  const sim = await startLivePersonSimulator({
    ...(options.clock === 'follow' ? { realNow: () => start } : {}),
    ...options.simulator,
  });
  const dispatcher = new Agent();
  const clock = sim.context.clock;
  const connector = new LivePersonConnector({
    auth: {
      accountId: sim.context.options.accountId,
      domainApiUrl: sim.url,
      clientId: sim.context.options.clientId,
      clientSecret: new Secret(sim.context.options.clientSecret),
    },
    dispatcher,
    timeoutMs: 5_000,
    now: () => clock.now(),
  });
  const real = createActivities({ connectors: { liveperson: connector }, logger: createLogger('silent') });
  const gates = new Map<ActivityName, Promise<void>>();
  const activities = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [
      name,
      async (input: never) => {
        if (options.clock === 'follow') clock.setAtLeast(activityInfo().currentAttemptScheduledTimestampMs);
        await gates.get(name as ActivityName);
        return (fn as (i: never) => Promise<unknown>)(input);
      },
    ]),
  );
  const taskQueue = uniqueTaskQueue('erasure');
  const workflowBundle = { codePath: inject('workflowBundlePath') };
  const namespace = env.namespace ?? 'default';
  const client = new ErasureClient({
    client: env.client,
    taskQueue,
    subjectHmacKey: TEST_HMAC_KEY,
    configuredSystems: ['liveperson'],
    timing: options.timing,
  });
  return {
    sim,
    admin: new LivePersonAdminClient(sim.url),
    client,
    taskQueue,
    async run(fn) {
      const worker = await Worker.create({
        connection: env.nativeConnection,
        namespace,
        taskQueue,
        workflowBundle,
        activities,
      });
      return worker.runUntil(fn);
    },
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
    async close() {
      await sim.close();
      await dispatcher.close();
    },
  };
}
