import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities, type ErasureActivities } from '../activities';
import { ErasureClient } from '../client';
import { governorInputsOf } from '../config/governors';
import type { Secret } from '../config/secret';
import { buildConnectors, type PlatformSettings } from '../connectors/registry';
import { defaultRetryPolicy, type RetryPolicy, realSleep } from '../connectors/retry';
import { compressedClock, type PlatformClock, platformTimeAt } from '../domain/platform-clock';
import { type PlatformId, platformRegistry } from '../domain/platforms';
import { DAY_MS, type Timing } from '../domain/timing';
import { createLogger } from '../ops/logger';
import type { VirtualClock } from '../simulator/kit/clock';
import type { LocalPlatform, LocalSimulator, SimulatorClockOptions } from '../simulator/kit/local-platform';
import type { Warehouse } from '../warehouse/warehouse';
import { createLetheWorkers, runWorkersUntil } from '../worker';
import { governorWorkflowId } from '../workflows/definitions';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER, LOCAL_HMAC_KEY } from './local-keys';

export { LOCAL_HMAC_KEY };

export type ActivityName = keyof ErasureActivities;
type AnyActivity = (input: never) => Promise<unknown>;

export interface LocalStackOptions {
  readonly timing: Timing;
  /**
   * `follow`: the simulators' clocks are pinned and moved to each activity's scheduled time, so they
   * follow the time-skipping server (platform time = workflow time). `real` (dev server): the platforms'
   * clock of the compressed profile (DESIGN §12), running from the stack's start at the timing's rate, so
   * the platforms keep their documented durations while a day lasts `timing.dayMs`.
   */
  readonly clock: 'follow' | 'real';
  readonly taskQueue: string;
  /** The platforms to simulate and erase from. */
  readonly platforms: readonly PlatformId[];
  /** Overrides of a simulator's options, by platform (its folder's `local.ts` says which). */
  readonly simulators?: { readonly [P in PlatformId]?: unknown };
  /** A pre-built workflow bundle; default: bundle the workflows when the first worker starts. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Wraps each activity (tests use it to hold one back and observe a phase). */
  readonly wrapActivity?: (name: ActivityName, activity: AnyActivity) => AnyActivity;
  readonly logLevel?: string;
  /** Receives every log line of the activities (tests read them for personal data). */
  readonly logSink?: (line: string) => void;
  /** Send through the account's quota governor (the product's default) instead of per subject. */
  readonly governed?: boolean;
  /** The governors' idea of the monthly quota (default: the simulated account's), to exercise a surprise 429. */
  readonly governorMonthlyQuota?: number;
  /** Signals a governor run takes before it continues as new (tests make it small). */
  readonly governorMaxSignalsPerRun?: number;
  /**
   * `real` mode: the real instant the platforms' clock runs compressed from (default: the stack's
   * start), to put platform time where a test needs it (just before a month's end).
   */
  readonly platformClockEpochMs?: number;
  /** Timeout of one platform call (default 5 s). */
  readonly httpTimeoutMs?: number;
  /** A path appended to a platform's API base URL: a misconfigured base path, as an operator might make. */
  readonly apiBasePath?: Partial<Record<PlatformId, string>>;
  /** Warehouse tables to clean after the platforms (the demo's embedded DuckDB, tests' PostgreSQL). */
  readonly warehouse?: Warehouse;
  /** Downstream subscribers to announce each erasure's end to. */
  readonly webhooks?: { readonly urls: readonly string[]; readonly secret: Secret };
}

/** The embedded defaults wired together: simulators, real connectors over HTTP, activities, client. */
export interface LocalStack {
  /** Each platform's simulator, by platform. */
  readonly simulators: Partial<Record<PlatformId, LocalSimulator>>;
  /** The platforms' clock (`real` mode): what a worker, client or simulator of this stack is configured with. */
  readonly platformClock?: PlatformClock;
  readonly platforms: readonly PlatformId[];
  readonly client: ErasureClient;
  readonly taskQueue: string;
  /** Runs `fn` with a fresh worker on the stack's task queue (a worker runs only once). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A platform's local part, from its simulator folder (`src/simulator/<id>/local.ts`), by its id. */
export async function localPlatform(platform: PlatformId): Promise<LocalPlatform> {
  const loaded = (await import(/* @vite-ignore */ `../simulator/${platform}/local.js`)) as {
    local?: LocalPlatform;
  };
  if (!loaded.local) throw new Error(`src/simulator/${platform}/local.ts exports no local part`);
  return loaded.local;
}

/**
 * Starts a simulator for each platform and connects everything else of Lethe to them and to `env`, the
 * way a worker is wired (the composition root): what the demo, the end-to-end tests, the workflow tests
 * and the benchmarks run on.
 */
export async function startLocalStack(
  env: TestWorkflowEnvironment,
  options: LocalStackOptions,
): Promise<LocalStack> {
  const start = await env.currentTimeMs();
  const follow = options.clock === 'follow';
  const platformClock = follow
    ? undefined
    : compressedClock(options.platformClockEpochMs ?? Date.now(), options.timing.dayMs);
  const timeoutMs = options.httpTimeoutMs ?? 5_000;
  const simClock: SimulatorClockOptions = platformClock
    ? {
        clockRate: platformClock.rate,
        clockEpochMs: platformClock.epochMs,
        // On a fast clock an hour-long token would expire between two calls: give it a year.
        ...(platformClock.rate > 1 ? { tokenTtlMs: 365 * DAY_MS } : {}),
      }
    : { realNow: () => start };
  const { platforms } = options;
  const simulators: Partial<Record<PlatformId, LocalSimulator>> = {};
  const dispatcher = new Agent();
  const close = async (): Promise<void> => {
    await Promise.all(Object.values(simulators).map((s) => s.close()));
    await dispatcher.close();
  };
  try {
    for (const platform of platforms)
      simulators[platform] = await (await localPlatform(platform)).start(
        simClock,
        options.simulators?.[platform],
      );
  } catch (err) {
    await close();
    throw err;
  }
  const simulatorOf = (platform: PlatformId): LocalSimulator => simulators[platform] as LocalSimulator;
  /**
   * Retries wait on the platform's clock: pinned, it is moved on (no real wait); compressed, a platform
   * second lasts `1 / rate` real seconds.
   */
  const retryOn = (c: VirtualClock): RetryPolicy => ({
    ...defaultRetryPolicy,
    sleep: follow
      ? async (ms) => {
          c.advance(ms);
        }
      : realSleep(1 / (platformClock?.rate ?? 1)),
  });
  // The platforms' settings as an operator would configure them, pointing at the simulators, checked by
  // each platform's own schema; the connectors are then built as a worker builds them, on the
  // simulators' clocks.
  const settings: Record<string, unknown> = {};
  for (const platform of platforms) {
    const schema = platformRegistry.find((p) => p.id === platform)?.settings.schema;
    settings[platform] = schema?.parse(simulatorOf(platform).settings(options.apiBasePath?.[platform]));
  }
  const connectors = await buildConnectors(settings as PlatformSettings, {
    dispatcher,
    timeoutMs,
    clockOf: (platform) => {
      const c = simulatorOf(platform).clock;
      return { now: () => c.now(), retry: retryOn(c) };
    },
  });
  const real = createActivities({
    connectors,
    certificates: { signer: LOCAL_CERT_SIGNER, digestKey: LOCAL_HMAC_KEY },
    ...(options.webhooks ? { webhooks: { ...options.webhooks, dispatcher, timeoutMs: 5_000 } } : {}),
    ...(options.warehouse ? { warehouse: options.warehouse } : {}),
    platformTime: (t) => platformTimeAt(platformClock, t),
    logger: options.logSink
      ? createLogger(options.logLevel ?? 'info', { write: (line: string) => options.logSink?.(line) })
      : createLogger(options.logLevel ?? 'silent'),
  });
  const clocks = Object.values(simulators).map((s) => s.clock);
  const activities = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => {
      const followed: AnyActivity = async (input) => {
        if (options.clock === 'follow')
          for (const c of clocks) c.setAtLeast(activityInfo().currentAttemptScheduledTimestampMs);
        return (fn as AnyActivity)(input);
      };
      return [name, options.wrapActivity ? options.wrapActivity(name as ActivityName, followed) : followed];
    }),
  ) as unknown as ErasureActivities;
  // The governors' idea of each quota: the simulated account's, unless a test says otherwise.
  const monthlyQuota: Partial<Record<PlatformId, number>> = {};
  for (const platform of platforms) {
    const quota = simulatorOf(platform).monthlyQuota;
    if (quota !== undefined) monthlyQuota[platform] = options.governorMonthlyQuota ?? quota;
  }
  const governors = options.governed
    ? governorInputsOf(settings as PlatformSettings, options.timing, {
        monthlyQuota,
        ...(options.governorMaxSignalsPerRun !== undefined
          ? { maxSignalsPerRun: options.governorMaxSignalsPerRun }
          : {}),
        ...(platformClock ? { platformClock } : {}),
      })
    : {};
  const namespace = env.namespace ?? 'default';
  const client = new ErasureClient({
    client: env.client,
    taskQueue: options.taskQueue,
    subjectHmacKey: LOCAL_HMAC_KEY,
    configuredSystems: platforms,
    timing: options.timing,
    // A request's dates are judged by the server's clock, which the time-skipping server moves ahead.
    now: async () => new Date(await env.currentTimeMs()),
    ...(platformClock ? { platformClock } : {}),
    ...(Object.keys(governors).length > 0 ? { governors } : {}),
  });
  return {
    simulators,
    ...(platformClock ? { platformClock } : {}),
    platforms,
    client,
    taskQueue: options.taskQueue,
    async run(fn) {
      const workers = await createLetheWorkers({
        connection: env.nativeConnection,
        namespace,
        taskQueue: options.taskQueue,
        activities,
        dataConverter: LOCAL_DATA_CONVERTER,
        ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
      });
      return runWorkersUntil(workers, fn);
    },
    async close() {
      // A governor outlives its subjects by design; a stack's must not outlive the stack.
      for (const g of Object.values(governors))
        await env.client.workflow
          .getHandle(governorWorkflowId(g.platform, g.account))
          .terminate('local stack closed')
          .catch(() => undefined);
      await close();
    },
  };
}
