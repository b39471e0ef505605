import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities, type ErasureActivities } from '../activities';
import { ErasureClient } from '../client';
import { governorInputsOf } from '../config/governors';
import type { Secret } from '../config/secret';
import { ChatbotSchema } from '../connectors/chatbot/platform';
import { GenesysSchema } from '../connectors/genesys/platform';
import { LivePersonSchema } from '../connectors/liveperson/platform';
import { buildConnectors, type PlatformSettings } from '../connectors/registry';
import { defaultRetryPolicy, type RetryPolicy, realSleep } from '../connectors/retry';
import { compressedClock, type PlatformClock, platformTimeAt } from '../domain/platform-clock';
import type { PlatformId } from '../domain/platforms';
import { DAY_MS, type Timing } from '../domain/timing';
import { createLogger } from '../ops/logger';
import { ChatbotAdminClient } from '../simulator/chatbot/admin-client';
import type { ChatbotSimulatorOptions } from '../simulator/chatbot/options';
import { type ChatbotSimulator, startChatbotSimulator } from '../simulator/chatbot/server';
import { GenesysAdminClient } from '../simulator/genesys/admin-client';
import type { GenesysSimulatorOptions } from '../simulator/genesys/options';
import { type GenesysSimulator, startGenesysSimulator } from '../simulator/genesys/server';
import type { VirtualClock } from '../simulator/kit/clock';
import { LivePersonAdminClient } from '../simulator/liveperson/admin-client';
import {
  type LivePersonSimulator,
  type StartOptions,
  startLivePersonSimulator,
} from '../simulator/liveperson/server';
import type { Warehouse } from '../warehouse/warehouse';
import { createLetheWorkers, runWorkersUntil } from '../worker';
import { governorWorkflowId } from '../workflows/definitions';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER, LOCAL_HMAC_KEY } from './local-keys';

export { LOCAL_HMAC_KEY };

export type ActivityName = keyof ErasureActivities;
type AnyActivity = (input: never) => Promise<unknown>;

export interface LocalStackOptions {
  readonly timing: Timing;
  readonly simulator?: StartOptions;
  /**
   * `follow`: the simulators' clocks are pinned and moved to each activity's scheduled time, so they
   * follow the time-skipping server (platform time = workflow time). `real` (dev server): the platforms'
   * clock of the compressed profile (DESIGN §12), running from the stack's start at the timing's rate, so
   * the platforms keep their documented durations while a day lasts `timing.dayMs`.
   */
  readonly clock: 'follow' | 'real';
  readonly taskQueue: string;
  /** A pre-built workflow bundle; default: bundle the workflows when the first worker starts. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Wraps each activity (tests use it to hold one back and observe a phase). */
  readonly wrapActivity?: (name: ActivityName, activity: AnyActivity) => AnyActivity;
  readonly logLevel?: string;
  /** Receives every log line of the activities (tests read them for personal data). */
  readonly logSink?: (line: string) => void;
  /** Send through the account's quota governor (the product's default) instead of per subject. */
  readonly governed?: boolean;
  /** The governor's idea of the monthly quota (default: the simulator's), to exercise a surprise 429. */
  readonly governorMonthlyQuota?: number;
  /** Signals a governor run takes before it continues as new (tests make it small). */
  readonly governorMaxSignalsPerRun?: number;
  /** Platforms to simulate and erase from (default: LivePerson only). */
  readonly platforms?: readonly PlatformId[];
  /**
   * `real` mode: the real instant the platforms' clock runs compressed from (default: the stack's
   * start), to put platform time where a test needs it (just before a month's end).
   */
  readonly platformClockEpochMs?: number;
  /** Timeout of one platform call (default 5 s). */
  readonly httpTimeoutMs?: number;
  /** A path appended to a platform's API base URL: a misconfigured base path, as an operator might make. */
  readonly apiBasePath?: Partial<Record<PlatformId, string>>;
  /** Overrides of the Genesys and chatbot simulators' options (the rate limit, durations). */
  readonly genesys?: Partial<GenesysSimulatorOptions>;
  readonly chatbot?: Partial<ChatbotSimulatorOptions>;
  /** Warehouse tables to clean after the platforms (the demo's embedded DuckDB, tests' PostgreSQL). */
  readonly warehouse?: Warehouse;
  /** Downstream subscribers to announce each erasure's end to. */
  readonly webhooks?: { readonly urls: readonly string[]; readonly secret: Secret };
}

/** The embedded defaults wired together: simulators, real connectors over HTTP, activities, client. */
export interface LocalStack {
  /** LivePerson's simulator (always running; in scope only when `platforms` names it). */
  readonly sim: LivePersonSimulator;
  /** The platforms' clock (`real` mode): what a worker, client or simulator of this stack is configured with. */
  readonly platformClock?: PlatformClock;
  readonly admin: LivePersonAdminClient;
  readonly genesys?: { readonly sim: GenesysSimulator; readonly admin: GenesysAdminClient };
  readonly chatbot?: { readonly sim: ChatbotSimulator; readonly admin: ChatbotAdminClient };
  readonly platforms: readonly PlatformId[];
  readonly client: ErasureClient;
  readonly taskQueue: string;
  /** Runs `fn` with a fresh worker on the stack's task queue (a worker runs only once). */
  run<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Starts a LivePerson simulator and connects everything else of Lethe to it and to `env`: what the demo,
 * the end-to-end tests, the workflow tests and the benchmarks run on.
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
  const base = (platform: PlatformId, url: string): string =>
    `${url}${options.apiBasePath?.[platform] ?? ''}`;
  const timeoutMs = options.httpTimeoutMs ?? 5_000;
  const simClock = platformClock
    ? {
        clockRate: platformClock.rate,
        clockEpochMs: platformClock.epochMs,
        // On a fast clock an hour-long token would expire between two calls: give it a year.
        ...(platformClock.rate > 1 ? { tokenTtlMs: 365 * DAY_MS } : {}),
      }
    : { realNow: () => start };
  const sim = await startLivePersonSimulator({ ...simClock, ...options.simulator });
  const dispatcher = new Agent();
  const clock = sim.context.clock;
  const platforms = options.platforms ?? ['liveperson'];
  const genesysSim = platforms.includes('genesys')
    ? await startGenesysSimulator({ ...simClock, ...options.genesys })
    : undefined;
  const chatbotSim = platforms.includes('chatbot')
    ? await startChatbotSimulator({ ...simClock, ...options.chatbot })
    : undefined;
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
  const clocks: VirtualClock[] = [clock];
  if (genesysSim) clocks.push(genesysSim.context.clock);
  if (chatbotSim) clocks.push(chatbotSim.context.clock);
  // The platforms' settings as an operator would configure them, pointing at the simulators; the
  // connectors are then built as a worker builds them (buildConnectors), on the simulators' clocks.
  const settings: PlatformSettings = {
    ...(platforms.includes('liveperson')
      ? {
          liveperson: LivePersonSchema.parse({
            accountId: sim.context.options.accountId,
            domainApiUrl: base('liveperson', sim.url),
            clientId: sim.context.options.clientId,
            clientSecret: sim.context.options.clientSecret,
          }),
        }
      : {}),
    ...(genesysSim
      ? {
          genesys: GenesysSchema.parse({
            apiUrl: base('genesys', genesysSim.url),
            loginUrl: genesysSim.url,
            clientId: genesysSim.context.options.clientId,
            clientSecret: genesysSim.context.options.clientSecret,
            ratePerMinute: genesysSim.context.options.ratePerMinute,
          }),
        }
      : {}),
    ...(chatbotSim
      ? {
          chatbot: ChatbotSchema.parse({
            baseUrl: base('chatbot', chatbotSim.url),
            apiToken: chatbotSim.context.options.apiToken,
            uciKey: chatbotSim.context.options.uciKey,
          }),
        }
      : {}),
  };
  const clockOf = (platform: PlatformId): VirtualClock =>
    platform === 'genesys' && genesysSim
      ? genesysSim.context.clock
      : platform === 'chatbot' && chatbotSim
        ? chatbotSim.context.clock
        : clock;
  const connectors = await buildConnectors(settings, {
    dispatcher,
    timeoutMs,
    clockOf: (platform) => {
      const c = clockOf(platform);
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
    ...(options.governed
      ? {
          governors: governorInputsOf(settings, options.timing, {
            monthlyQuota: { liveperson: options.governorMonthlyQuota ?? sim.context.options.monthlyQuota },
            ...(options.governorMaxSignalsPerRun !== undefined
              ? { maxSignalsPerRun: options.governorMaxSignalsPerRun }
              : {}),
            ...(platformClock ? { platformClock } : {}),
          }),
        }
      : {}),
  });
  return {
    sim,
    ...(platformClock ? { platformClock } : {}),
    admin: new LivePersonAdminClient(sim.url),
    ...(genesysSim ? { genesys: { sim: genesysSim, admin: new GenesysAdminClient(genesysSim.url) } } : {}),
    ...(chatbotSim ? { chatbot: { sim: chatbotSim, admin: new ChatbotAdminClient(chatbotSim.url) } } : {}),
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
      if (options.governed) {
        // A governor outlives its subjects by design; a test stack's must not outlive the stack.
        const id = governorWorkflowId('liveperson', sim.context.options.accountId);
        await env.client.workflow
          .getHandle(id)
          .terminate('local stack closed')
          .catch(() => undefined);
      }
      await sim.close();
      await genesysSim?.close();
      await chatbotSim?.close();
      await dispatcher.close();
    },
  };
}
