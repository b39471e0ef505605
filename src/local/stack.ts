import { activityInfo } from '@temporalio/activity';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities, type ErasureActivities } from '../activities';
import { ErasureClient } from '../client';
import { ChatbotConnector } from '../connectors/chatbot/connector';
import { GenesysConnector } from '../connectors/genesys/connector';
import { LivePersonConnector } from '../connectors/liveperson/connector';
import type { Connector } from '../connectors/types';
import { governorInputFor } from '../domain/governance';
import type { PlatformId } from '../domain/platforms';
import type { GovernorInput } from '../domain/request';
import { standardTiming, type Timing } from '../domain/timing';
import { createLogger } from '../logger';
import { Secret } from '../secret';
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
import { createErasureWorker } from '../worker';
import { governorWorkflowId } from '../workflows/definitions';
import { LOCAL_CERT_SIGNER, LOCAL_DATA_CONVERTER, LOCAL_HMAC_KEY } from './local-keys';

/** The local governor: on the stack's timing, or on the platform's fast clock when one is set. */
function governorFor(sim: LivePersonSimulator, options: LocalStackOptions): GovernorInput | undefined {
  const monthlyQuota = options.governorMonthlyQuota ?? sim.context.options.monthlyQuota;
  const account = sim.context.options.accountId;
  if (!options.clockRate) return governorInputFor('liveperson', account, options.timing, { monthlyQuota });
  const onPlatform = governorInputFor('liveperson', account, standardTiming, { monthlyQuota });
  if (!onPlatform) return undefined;
  return {
    ...onPlatform,
    tickMs: 1000,
    callTimeoutMs: options.timing.callTimeoutMs,
    attentionRetryMs: options.timing.attentionRetryMs,
    platformClock: { epochMs: sim.context.clock.epochMs, rate: options.clockRate },
  };
}

export { LOCAL_HMAC_KEY };

export type ActivityName = keyof ErasureActivities;
type AnyActivity = (input: never) => Promise<unknown>;

export interface LocalStackOptions {
  readonly timing: Timing;
  readonly simulator?: StartOptions;
  /**
   * `follow`: the simulator's clock is pinned and moved to each activity's scheduled time, so it follows
   * the time-skipping server. `real`: it runs on real time (dev server, compressed profile).
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
  /**
   * Platform milliseconds per real millisecond: the simulator's clock runs this much faster, and the
   * governor counts months on it. With `timing` a day of `86 400 000 / clockRate` ms, erasures cross
   * calendar months in seconds while the platform keeps its documented durations.
   */
  readonly clockRate?: number;
  /** Platforms to simulate and erase from (default: LivePerson only). */
  readonly platforms?: readonly PlatformId[];
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
  const sim = await startLivePersonSimulator({
    ...(options.clock === 'follow' ? { realNow: () => start } : {}),
    // On a fast clock an hour-long token would expire between two calls: give it a year.
    ...(options.clockRate ? { clockRate: options.clockRate, tokenTtlMs: 365 * 86_400_000 } : {}),
    ...options.simulator,
  });
  const dispatcher = new Agent();
  const clock = sim.context.clock;
  const platforms = options.platforms ?? ['liveperson'];
  const pinned = options.clock === 'follow' ? { realNow: () => start } : {};
  const rate = options.clockRate ? { clockRate: options.clockRate } : {};
  // On a compressed clock the platforms' own durations shrink with the day (a GDPR request runs a day).
  const day = options.clock === 'real' && !options.clockRate ? options.timing.dayMs : undefined;
  const genesysSim = platforms.includes('genesys')
    ? await startGenesysSimulator({
        ...pinned,
        ...rate,
        ...(options.clockRate ? { tokenTtlMs: 365 * 86_400_000 } : {}),
        ...(day ? { searchingAfterMs: day / 24, erasingAfterMs: day / 12, completedAfterMs: day } : {}),
        ...options.genesys,
      })
    : undefined;
  const chatbotSim = platforms.includes('chatbot')
    ? await startChatbotSimulator({
        ...pinned,
        ...rate,
        ...(day ? { deletionDelayMs: day } : {}),
        ...options.chatbot,
      })
    : undefined;
  const clocks: VirtualClock[] = [clock];
  const connectors: Partial<Record<PlatformId, Connector>> = {};
  if (genesysSim) {
    clocks.push(genesysSim.context.clock);
    const o = genesysSim.context.options;
    connectors.genesys = new GenesysConnector({
      auth: {
        apiUrl: genesysSim.url,
        loginUrl: genesysSim.url,
        clientId: o.clientId,
        clientSecret: new Secret(o.clientSecret),
      },
      dispatcher,
      timeoutMs: 5_000,
      now: () => genesysSim.context.clock.now(),
      // A rate limit is waited out on the platform's clock: pinned, it is moved; fast, it runs ahead.
      throttle: {
        perMinute: o.ratePerMinute,
        sleep: async (ms) => {
          if (options.clock === 'follow') genesysSim.context.clock.advance(ms);
          else await new Promise((resolve) => setTimeout(resolve, ms / (options.clockRate ?? 1)));
        },
      },
    });
  }
  if (chatbotSim) {
    clocks.push(chatbotSim.context.clock);
    const o = chatbotSim.context.options;
    connectors.chatbot = new ChatbotConnector({
      baseUrl: chatbotSim.url,
      apiToken: new Secret(o.apiToken),
      uciKey: o.uciKey,
      dispatcher,
      timeoutMs: 5_000,
    });
  }
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
  if (platforms.includes('liveperson')) connectors.liveperson = connector;
  const real = createActivities({
    connectors,
    certificates: { signer: LOCAL_CERT_SIGNER, digestKey: LOCAL_HMAC_KEY },
    ...(options.webhooks ? { webhooks: { ...options.webhooks, dispatcher, timeoutMs: 5_000 } } : {}),
    ...(options.warehouse ? { warehouse: options.warehouse } : {}),
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
    ...(options.governed
      ? {
          governors: { liveperson: governorFor(sim, options) },
        }
      : {}),
  });
  return {
    sim,
    admin: new LivePersonAdminClient(sim.url),
    ...(genesysSim ? { genesys: { sim: genesysSim, admin: new GenesysAdminClient(genesysSim.url) } } : {}),
    ...(chatbotSim ? { chatbot: { sim: chatbotSim, admin: new ChatbotAdminClient(chatbotSim.url) } } : {}),
    platforms,
    client,
    taskQueue: options.taskQueue,
    async run(fn) {
      const worker = await createErasureWorker({
        connection: env.nativeConnection,
        namespace,
        taskQueue: options.taskQueue,
        activities,
        dataConverter: LOCAL_DATA_CONVERTER,
        ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
      });
      return worker.runUntil(fn);
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
