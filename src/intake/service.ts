import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { CertificateSigner } from '../certificate/signing';
import { ErasureClient } from '../client';
import { letheDataConverter } from '../codec/data-converter';
import { type Config, ConfigError, ENVIRONMENT, keyringOf, loadConfig, timingOf } from '../config';
import { createLogger, type Logger } from '../ops/logger';
import { runAsProcess } from '../ops/process-lifecycle';
import { handleShutdownSignals } from '../ops/shutdown';
import { bundleLetheWorkflows } from '../worker';
import { createUpstreamActivities } from './activities';
import type { IntakeAdapter } from './adapter';
import { FidesAdapter } from './fides/adapter';
import { KetchAdapter } from './ketch/adapter';
import { LetheApi } from './lethe-api/api';
import { OneTrustAdapter } from './onetrust/adapter';
import { startPuller } from './puller';
import { type IntakeServer, startIntakeServer } from './server';
import { TranscendAdapter } from './transcend/adapter';

/** The privacy tools a configuration serves, each by its adapter. */
export function adaptersOf(config: Config): IntakeAdapter[] {
  const { transcend: t, ketch: k, onetrust: o, fides: f } = config.intake;
  const adapters: IntakeAdapter[] = [];
  if (t)
    adapters.push(
      new TranscendAdapter({
        sombraUrl: t.sombraUrl,
        apiKey: t.apiKey,
        ...(t.sombraApiKey ? { sombraApiKey: t.sombraApiKey } : {}),
        audience: t.audience,
        identifierKinds: t.identifierKinds,
        ...(t.pullDataSiloId ? { pull: { dataSiloId: t.pullDataSiloId, everyMs: t.pullEveryMs } } : {}),
      }),
    );
  if (k)
    adapters.push(
      new KetchAdapter({
        headerName: k.headerName,
        headerValue: k.headerValue,
        identityKinds: k.identityKinds,
      }),
    );
  if (o)
    adapters.push(
      new OneTrustAdapter({
        hostUrl: o.hostUrl,
        clientId: o.clientId,
        clientSecret: o.clientSecret,
        headerName: o.headerName,
        headerValue: o.headerValue,
        identifierKinds: o.identifierKinds,
      }),
    );
  if (f) adapters.push(new FidesAdapter({ fidesUrl: f.url, connectorKey: f.connectorKey }));
  return adapters;
}

/**
 * Lethe's own status API, when callers are configured: it signs with the certificate's key, so a
 * deployment that serves it must have one.
 */
export function apiOf(config: Config, client: ErasureClient): LetheApi | undefined {
  const keys = config.intake.apiKeys;
  if (!keys) return undefined;
  const cert = config.certificate;
  if (!cert)
    throw new ConfigError([
      `certificate.signingKey (${ENVIRONMENT.certSigningKey}): is required to sign the status API's answers`,
    ]);
  return new LetheApi(client, new CertificateSigner(cert.signingKey, cert.keyId), keys);
}

/** Between two looks at an erasure: an hour, or the same share of a compressed day. */
export const pollMsOf = (config: Config): number =>
  config.intake.pollMs ?? Math.max(1, Math.round(timingOf(config).dayMs / 24));

export interface IntakeParts {
  readonly client: ErasureClient;
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly dataConverter: DataConverter;
  readonly adapters: readonly IntakeAdapter[];
  /** Lethe's own signed status API, when callers are configured. */
  readonly api?: LetheApi;
  readonly taskQueue: string;
  readonly pollMs: number;
  readonly retryInitialMs?: number;
  readonly retryMaximumMs?: number;
  readonly logger: Logger;
  readonly host?: string;
  readonly port?: number;
  /** A pre-built workflow bundle (tests); default: bundled at start, as every Lethe bundle is. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The intake running: its HTTP server and its reporters' worker. */
export interface RunningIntake {
  readonly server: IntakeServer;
  readonly worker: Worker;
  /** Resolves when the worker stopped. */
  readonly stopped: Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the intake: the reporters' worker on its own task queue (one reporter per upstream request,
 * durable in Temporal), then the HTTP server the privacy tools call.
 */
export async function startIntake(parts: IntakeParts): Promise<RunningIntake> {
  const byId = new Map<string, IntakeAdapter>(parts.adapters.map((a) => [a.id, a]));
  if (parts.api) byId.set(parts.api.id, parts.api);
  const worker = await Worker.create({
    connection: parts.connection,
    namespace: parts.namespace,
    taskQueue: parts.taskQueue,
    workflowBundle:
      parts.workflowBundle ?? (await bundleLetheWorkflows({ dataConverter: parts.dataConverter })),
    activities: createUpstreamActivities(parts.client, byId),
    dataConverter: parts.dataConverter,
  });
  const stopped = worker.run();
  const server = await startIntakeServer({
    client: parts.client,
    adapters: parts.adapters,
    ...(parts.api ? { api: parts.api } : {}),
    reportQueue: parts.taskQueue,
    pollMs: parts.pollMs,
    ...(parts.retryInitialMs !== undefined ? { retryInitialMs: parts.retryInitialMs } : {}),
    ...(parts.retryMaximumMs !== undefined ? { retryMaximumMs: parts.retryMaximumMs } : {}),
    logger: parts.logger,
    ...(parts.host !== undefined ? { host: parts.host } : {}),
    ...(parts.port !== undefined ? { port: parts.port } : {}),
  });
  const admission = {
    client: parts.client,
    reportQueue: parts.taskQueue,
    pollMs: parts.pollMs,
    ...(parts.retryInitialMs !== undefined ? { retryInitialMs: parts.retryInitialMs } : {}),
    ...(parts.retryMaximumMs !== undefined ? { retryMaximumMs: parts.retryMaximumMs } : {}),
  };
  const pullers = parts.adapters
    .filter((a) => a.pull && a.pullEveryMs)
    .map((a) => startPuller(a, admission, parts.logger));
  return {
    server,
    worker,
    stopped,
    async close() {
      await Promise.all(pullers.map((p) => p.stop()));
      await server.close();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await stopped;
    },
  };
}

/** `lethe intake`: the intake service on the configured Temporal server until SIGINT/SIGTERM. */
export async function runIntake(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const adapters = adaptersOf(config);
  if (adapters.length === 0 && !config.intake.apiKeys)
    logger.warn({}, 'intake: no privacy tool and no status API caller is configured (LETHE_INTAKE_*)');
  const client = await ErasureClient.connect(config);
  const api = apiOf(config, client);
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    ...config.temporal.connection,
  });
  let intake: RunningIntake | undefined;
  const signals = handleShutdownSignals({
    logger,
    drain: () => {
      void intake?.close();
    },
  });
  try {
    intake = await startIntake({
      client,
      connection,
      namespace: config.temporal.namespace,
      dataConverter: letheDataConverter(keyringOf(config)),
      adapters,
      ...(api ? { api } : {}),
      taskQueue: config.intake.taskQueue,
      pollMs: pollMsOf(config),
      logger,
      host: config.intake.host,
      port: config.intake.port,
    });
    logger.info({ url: intake.server.url, adapters: adapters.map((a) => a.id) }, 'intake started');
    if (signals.requested) await intake.close();
    await intake.stopped;
  } finally {
    signals.dispose();
    await Promise.allSettled([connection.close(), client.close()]);
  }
}

if (require.main === module) runAsProcess('intake', () => runIntake());
