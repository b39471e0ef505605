import type { DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
  type WorkerPlugin,
} from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities, type ErasureActivities } from './activities';
import { CertificateSigner } from './certificate/signing';
import { letheDataConverter } from './codec/data-converter';
import { type Config, ConfigError, ENVIRONMENT, keyringOf, loadConfig, platformClockOf } from './config';
import { createConnectors } from './connectors/registry';
import { platformTimeAt } from './domain/platform-clock';
import { combinedStatus, WorkerHealth } from './ops/health';
import { type HealthServer, startHealthServer } from './ops/health-server';
import { createLogger, type Logger } from './ops/logger';
import { runAsProcess } from './ops/process-lifecycle';
import { handleShutdownSignals, SHUTDOWN_FORCE_MARGIN_MS } from './ops/shutdown';
import { formatBindAddress, installWorkerRuntime } from './ops/telemetry';
import { tracingFromConfig } from './ops/tracing';
import { openWarehouse, type Warehouse } from './warehouse/warehouse';
import { workflowBundleOptions } from './workflow-bundle';
import { governorTaskQueue } from './workflows/definitions';

export interface ErasureWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activities: ErasureActivities;
  /** A pre-built workflow bundle (tests, production images); default: bundle `./workflows` at start. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Encrypts payloads and failure messages (src/codec); the client and the bundle use the same. */
  readonly dataConverter: DataConverter;
  /** SDK plugins, e.g. OpenTelemetry (src/ops/tracing.ts); a given `workflowBundle` must be built with them. */
  readonly plugins?: WorkerPlugin[];
  /**
   * After shutdown starts, how long in-flight activities may run before they are cancelled (default 0);
   * the worker gives up `SHUTDOWN_FORCE_MARGIN_MS` later.
   */
  readonly shutdownGraceMs?: number;
  /** The worker's cache and slots (`worker.maxCachedWorkflows`, …): what bounds its memory. */
  readonly limits?: {
    readonly maxCachedWorkflows: number;
    readonly maxConcurrentWorkflowTasks: number;
    readonly maxConcurrentActivities: number;
  };
}

/**
 * The governors' worker: one governor per platform account, so a small cache; a few slots of its own,
 * which thousands of erasure tasks cannot take (issue 14: a governor behind them stalled every erasure).
 */
export const GOVERNOR_WORKER_LIMITS = {
  maxCachedWorkflows: 50,
  maxConcurrentWorkflowTasks: 4,
  maxConcurrentActivities: 8,
} as const;

/** The two workers of a Lethe worker process: erasures on the task queue, governors on theirs. */
export interface LetheWorkers {
  readonly erasure: Worker;
  readonly governor: Worker;
}

/**
 * Creates both workers of a process from one workflow bundle (bundled here once when none is given):
 * the erasures' on `taskQueue`, the governors' on `governorTaskQueue(taskQueue)` with their own limits.
 */
export async function createLetheWorkers(options: ErasureWorkerOptions): Promise<LetheWorkers> {
  const workflowBundle = await bundleOf(options);
  const erasure = await createErasureWorker({ ...options, workflowBundle });
  const governor = await createErasureWorker({
    ...options,
    workflowBundle,
    taskQueue: governorTaskQueue(options.taskQueue),
    limits: GOVERNOR_WORKER_LIMITS,
  });
  return { erasure, governor };
}

/**
 * How long a worker that stopped on its own (SIGINT, SIGTERM) waits for `fn` and the other worker to
 * finish before `runWorkersUntil` gives up on them. Without it, a stop signal reaching both workers
 * failed the run whenever the erasures' worker finished shutting down before the governors' worker did.
 */
const STOPPED_WORKER_WAITS_MS = 30_000;

/** Runs both workers until `fn` settles, then shuts both down (as `Worker.runUntil`). */
export function runWorkersUntil<T>(workers: LetheWorkers, fn: () => Promise<T>): Promise<T> {
  const options = { promiseCompletionTimeout: STOPPED_WORKER_WAITS_MS };
  return workers.erasure.runUntil(() => workers.governor.runUntil(fn, options), options);
}

/** Runs both workers until both are shut down; one failing shuts the other down. */
export async function runWorkers(workers: LetheWorkers): Promise<void> {
  const all = [workers.erasure, workers.governor];
  await Promise.all(
    all.map((w) =>
      w.run().catch((err: unknown) => {
        for (const other of all) if (other !== w && other.getState() === 'RUNNING') other.shutdown();
        throw err;
      }),
    ),
  );
}

/** The given bundle, else the workflows bundled now the way every Lethe bundle is (src/workflow-bundle.ts). */
async function bundleOf(
  options: ErasureWorkerOptions,
): Promise<NonNullable<WorkerOptions['workflowBundle']>> {
  return options.workflowBundle ?? bundleLetheWorkflows(options);
}

/** Lethe's workflows bundled now, for a worker whose payloads go through `dataConverter`. */
export async function bundleLetheWorkflows(
  options: Pick<ErasureWorkerOptions, 'dataConverter' | 'plugins'>,
): Promise<NonNullable<WorkerOptions['workflowBundle']>> {
  const { code } = await bundleWorkflowCode(
    workflowBundleOptions({
      // The process's runtime logger, at its level: not webpack's report on a terminal at INFO.
      logger: Runtime.instance().logger,
      ...(options.dataConverter.failureConverterPath
        ? { failureConverterPath: options.dataConverter.failureConverterPath }
        : {}),
      ...(options.dataConverter.payloadConverterPath
        ? { payloadConverterPath: options.dataConverter.payloadConverterPath }
        : {}),
      ...(options.plugins ? { plugins: options.plugins } : {}),
    }),
  );
  return { code };
}

/** Creates one worker that runs erasure workflows and their activities (and governors, when polled). */
export async function createErasureWorker(options: ErasureWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: await bundleOf(options),
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.limits
      ? {
          maxCachedWorkflows: options.limits.maxCachedWorkflows,
          maxConcurrentWorkflowTaskExecutions: options.limits.maxConcurrentWorkflowTasks,
          maxConcurrentActivityTaskExecutions: options.limits.maxConcurrentActivities,
        }
      : {}),
    ...(options.shutdownGraceMs !== undefined
      ? {
          shutdownGraceTime: options.shutdownGraceMs,
          shutdownForceTime: options.shutdownGraceMs + SHUTDOWN_FORCE_MARGIN_MS,
        }
      : {}),
  });
}

/**
 * Runs a worker against the configured Temporal server until SIGTERM or SIGINT, then drains: readiness
 * drops first, the worker stops polling, in-flight activities get `LETHE_SHUTDOWN_GRACE_MS` to finish,
 * and everything is closed. Resolves after a clean shutdown; a second signal exits at once.
 */
export async function run(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const cert = config.certificate;
  // Every erasure ends with signed proof: a worker that cannot sign must not take erasures.
  if (!cert)
    throw new ConfigError([
      `certificate.signingKey (${ENVIRONMENT.certSigningKey}): is required to run a worker`,
    ]);
  const ops = config.worker;
  // Before any connection: the runtime is a singleton that serves the metrics.
  installWorkerRuntime({
    logger,
    logLevel: config.logLevel,
    ...(ops.metricsAddress ? { metrics: { address: ops.metricsAddress, prefix: ops.metricPrefix } } : {}),
  });
  if (ops.metricsAddress)
    logger.info({ metricsUrl: `http://${formatBindAddress(ops.metricsAddress)}/metrics` }, 'metrics served');
  const tracing = tracingFromConfig(ops);
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const health = new WorkerHealth();
  let workers: LetheWorkers | undefined;
  let drainStartedAt: number | undefined;
  const all = (): Worker[] => (workers ? [workers.erasure, workers.governor] : []);
  const shutdownAll = (): void => {
    for (const w of all()) if (w.getState() === 'RUNNING') w.shutdown();
  };
  const signals = handleShutdownSignals({
    logger,
    drain: (signal) => {
      drainStartedAt = Date.now();
      health.beginShutdown(); // not ready before the pollers stop: the platform routes elsewhere first
      const inFlightActivities = all().reduce((n, w) => n + w.getStatus().numInFlightActivities, 0);
      logger.info({ signal, inFlightActivities, graceMs: ops.shutdownGraceMs }, 'shutting down');
      shutdownAll();
    },
  });
  let healthServer: HealthServer | undefined;
  let connection: NativeConnection | undefined;
  let warehouse: Warehouse | undefined;
  try {
    healthServer = ops.healthAddress ? await startHealthServer(health, ops.healthAddress) : undefined;
    if (healthServer) logger.info({ healthUrl: healthServer.url }, 'health endpoints served');
    connection = await NativeConnection.connect({
      address: config.temporal.address,
      ...config.temporal.connection,
    });
    warehouse = config.warehouse ? await openWarehouse(config.warehouse) : undefined;
    workers = await createLetheWorkers({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: await activitiesOf(config, cert, logger, dispatcher, warehouse),
      dataConverter: letheDataConverter(keyringOf(config)),
      shutdownGraceMs: ops.shutdownGraceMs,
      limits: {
        maxCachedWorkflows: ops.maxCachedWorkflows,
        maxConcurrentWorkflowTasks: ops.maxConcurrentWorkflowTasks,
        maxConcurrentActivities: ops.maxConcurrentActivities,
      },
      ...(tracing ? { plugins: [tracing.plugin] } : {}),
    });
    health.attach(combinedStatus(all()));
    const running = runWorkers(workers); // RUNNING from here (no plugin wraps the run asynchronously)
    // Asked to stop while starting (connecting, bundling): drain at once, before any task is taken.
    if (signals.requested) shutdownAll();
    else
      logger.info(
        {
          taskQueue: config.temporal.taskQueue,
          governorTaskQueue: governorTaskQueue(config.temporal.taskQueue),
          namespace: config.temporal.namespace,
          tracing: ops.tracing,
        },
        'worker started',
      );
    await running;
    logger.info(
      drainStartedAt === undefined ? {} : { drainMs: Date.now() - drainStartedAt },
      'worker stopped',
    );
  } finally {
    signals.dispose();
    // Each closed whatever another's fate: a connection that fails to close must not keep the
    // warehouse open or lose the last spans.
    const closed = await Promise.allSettled([
      connection?.close(),
      dispatcher.close(),
      warehouse?.close(),
      tracing?.shutdown(),
      healthServer?.close(),
    ]);
    for (const c of closed)
      if (c.status === 'rejected')
        logger.warn(
          { error: c.reason instanceof Error ? c.reason.message : String(c.reason) },
          'close failed',
        );
  }
}

async function activitiesOf(
  config: Config,
  cert: NonNullable<Config['certificate']>,
  logger: Logger,
  dispatcher: Agent,
  warehouse: Warehouse | undefined,
): Promise<ErasureActivities> {
  const clock = platformClockOf(config);
  return createActivities({
    connectors: await createConnectors(config, dispatcher),
    platformTime: (t) => platformTimeAt(clock, t),
    logger,
    certificates: {
      signer: new CertificateSigner(cert.signingKey, cert.keyId),
      digestKey: config.subjectHmacKey,
    },
    ...(config.webhooks
      ? { webhooks: { ...config.webhooks, dispatcher, timeoutMs: config.httpTimeoutMs } }
      : {}),
    ...(warehouse ? { warehouse } : {}),
  });
}

if (require.main === module) runAsProcess('worker', () => run());
