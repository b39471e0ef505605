import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { Agent } from 'undici';
import { createActivities, type ErasureActivities } from './activities';
import { CertificateSigner } from './certificate/signing';
import { letheDataConverter } from './codec/data-converter';
import { type Config, ConfigError, ENVIRONMENT, keyringOf, loadConfig } from './config';
import { createConnectors } from './connectors/registry';
import { createLogger } from './logger';
import { openWarehouse } from './warehouse/warehouse';

export interface ErasureWorkerOptions {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  readonly activities: ErasureActivities;
  /** A pre-built workflow bundle (tests, production images); default: bundle `./workflows` at start. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /** Encrypts payloads and failure messages (src/codec); the client and the bundle use the same. */
  readonly dataConverter: DataConverter;
}

/** Creates the worker that runs erasure workflows and their activities. */
export function createErasureWorker(options: ErasureWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: require.resolve('./workflows') }),
    activities: options.activities,
    dataConverter: options.dataConverter,
  });
}

/** Runs a worker against the configured Temporal server until SIGINT/SIGTERM. */
export async function run(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger(config.logLevel);
  const cert = config.certificate;
  // Every erasure ends with signed proof: a worker that cannot sign must not take erasures.
  if (!cert)
    throw new ConfigError([
      `certificate.signingKey (${ENVIRONMENT.certSigningKey}): is required to run a worker`,
    ]);
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const connection = await NativeConnection.connect({
    address: config.temporal.address,
    ...config.temporal.connection,
  });
  const warehouse = config.warehouse ? await openWarehouse(config.warehouse) : undefined;
  try {
    const worker = await createErasureWorker({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: createActivities({
        connectors: createConnectors(config, dispatcher),
        logger,
        certificates: {
          signer: new CertificateSigner(cert.signingKey, cert.keyId),
          digestKey: config.subjectHmacKey,
        },
        ...(config.webhooks
          ? { webhooks: { ...config.webhooks, dispatcher, timeoutMs: config.httpTimeoutMs } }
          : {}),
        ...(warehouse ? { warehouse } : {}),
      }),
      dataConverter: letheDataConverter(keyringOf(config)),
    });
    logger.info(
      { taskQueue: config.temporal.taskQueue, namespace: config.temporal.namespace },
      'worker started',
    );
    await worker.run();
  } finally {
    await connection.close();
    await dispatcher.close();
    await warehouse?.close();
  }
}

if (require.main === module) {
  run().catch((err: unknown) => {
    createLogger('error').fatal({ error: err instanceof Error ? err.message : String(err) }, 'worker failed');
    process.exit(1);
  });
}
