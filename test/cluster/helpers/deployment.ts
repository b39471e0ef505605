import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErasureClient } from '../../../src/client';
import { ENVIRONMENT, loadConfig } from '../../../src/config';
import { governorWorkflowId } from '../../../src/workflows/definitions';
import { waitUntil } from '../../helpers/temporal';
import { type AnswerHold, startAnswerHold } from './answer-hold';
import { type Cluster, clusterFromEnvironment } from './cluster';
import { type DeploymentKeys, generateDeploymentKeys } from './keys';
import { type LetheProcess, startLethe } from './lethe-process';
import { type Platforms, startPlatforms } from './platforms';

const LOG_DIR = join(__dirname, '..', '..', '..', '.lethe', 'test-results', 'cluster');

/** One worker process and the proxy its LivePerson calls go through. */
export interface ClusterWorker {
  readonly process: LetheProcess;
  readonly livepersonProxy: AnswerHold;
  readonly healthUrl: string;
}

/** Lethe deployed on the cluster: its keys, the platforms, worker processes and an operator's client. */
export interface ClusterDeployment {
  readonly cluster: Cluster;
  readonly keys: DeploymentKeys;
  readonly platforms: Platforms;
  readonly workers: readonly ClusterWorker[];
  /** The typed client, configured from the same environment as the workers (as `lethe` would be). */
  readonly client: ErasureClient;
  /** What every part of this deployment is configured with (Temporal, keys, time profile). */
  readonly environment: Readonly<Record<string, string>>;
  /** Every log line of every worker, for the privacy sweep. */
  logLines(): string[];
  close(): Promise<void>;
}

export interface DeploymentOptions {
  /** The LivePerson account: one quota governor per account, so one per file. */
  readonly accountId: string;
  readonly taskQueue: string;
  /** A compressed day, in ms. */
  readonly dayMs: number;
  readonly workers?: number;
}

/**
 * Starts the platforms and `workers` worker processes (`npx tsx src/worker.ts`, configured by the
 * environment only, bundling their workflows at start as in production), waits until each is ready
 * (`/readyz`), and connects a client. Whatever fails half-way is closed again.
 */
export async function startDeployment(options: DeploymentOptions): Promise<ClusterDeployment> {
  const cluster = clusterFromEnvironment();
  const keys = generateDeploymentKeys();
  const platforms = await startPlatforms(options.accountId, options.dayMs);
  const environment: Record<string, string> = {
    [ENVIRONMENT.temporalAddress]: cluster.address,
    [ENVIRONMENT.temporalNamespace]: cluster.namespace,
    [ENVIRONMENT.taskQueue]: options.taskQueue,
    ...keys.environment,
    [ENVIRONMENT.timeProfile]: 'compressed',
    [ENVIRONMENT.dayMs]: String(options.dayMs),
    [ENVIRONMENT.platformClockEpoch]: new Date(platforms.clock.epochMs).toISOString(),
    [ENVIRONMENT.httpTimeoutMs]: '5000',
  };
  const processes: LetheProcess[] = [];
  const proxies: AnswerHold[] = [];
  let client: ErasureClient | undefined;
  const close = async (): Promise<void> => {
    if (client) {
      // A governor outlives its subjects by design; this deployment's must not outlive the file.
      await client.temporal.workflow
        .getHandle(governorWorkflowId('liveperson', options.accountId))
        .terminate('cluster test deployment closed')
        .catch(() => undefined);
      await client.close();
    }
    await Promise.allSettled(processes.map((p) => p.stop()));
    // Each process's log (redacted by Lethe's logger; the privacy sweep holds it to that) is kept for
    // whoever reads a failure: .lethe/test-results/cluster/<account>-<process>.log.
    mkdirSync(LOG_DIR, { recursive: true });
    for (const p of processes)
      writeFileSync(join(LOG_DIR, `${options.accountId}-${p.name}.log`), `${p.lines.join('\n')}\n`);
    await Promise.allSettled(proxies.map((p) => p.close()));
    await platforms.close();
  };
  let workers: ClusterWorker[];
  try {
    workers = await Promise.all(
      Array.from({ length: options.workers ?? 2 }, async (_, i): Promise<ClusterWorker> => {
        const livepersonProxy = await startAnswerHold(platforms.liveperson.url);
        proxies.push(livepersonProxy);
        const worker = startLethe(
          `worker-${i + 1}`,
          'src/worker.ts',
          {
            ...environment,
            ...platforms.workerEnvironment(livepersonProxy.url),
            [ENVIRONMENT.healthAddress]: '127.0.0.1:0',
            [ENVIRONMENT.logLevel]: 'info',
            [ENVIRONMENT.shutdownGraceMs]: '2000',
          },
          cluster.dir,
        );
        processes.push(worker);
        const healthUrl = String((await worker.logged('health endpoints served')).healthUrl);
        await waitUntil(
          async () => ((await fetch(`${healthUrl}/readyz`)).status === 200 ? true : undefined),
          180_000,
          `${worker.name} to be ready`,
        );
        return { process: worker, livepersonProxy, healthUrl };
      }),
    );
    client = await ErasureClient.connect(
      loadConfig({ ...environment, ...platforms.workerEnvironment(platforms.liveperson.url) }),
    );
  } catch (err) {
    await close();
    throw err;
  }
  const connected = client;
  return {
    cluster,
    keys,
    platforms,
    workers,
    client: connected,
    environment,
    logLines: () => workers.flatMap((w) => [...w.process.lines]),
    close,
  };
}
