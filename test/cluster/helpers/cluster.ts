import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The Temporal cluster `scripts/cluster.sh start` printed, as `npm run test:cluster` exports it. */
export interface Cluster {
  /** The frontend, `127.0.0.1:PORT`. */
  readonly address: string;
  readonly namespace: string;
  /** The state directory `scripts/cluster.sh stop` removes. */
  readonly dir: string;
  /** Temporal's persistence database (`temporal`), as the trusted `lethe` role. */
  readonly postgresUrl: string;
  /** Temporal's visibility database (`temporal_visibility`), same role. */
  readonly visibilityUrl: string;
  /** The PostgreSQL cluster's data directory, to read its files. */
  readonly dataDir: string;
}

const NAMES = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'LETHE_CLUSTER_DIR', 'LETHE_CLUSTER_POSTGRES_URL'];

/** Reads the cluster from the environment; fails naming what is missing and how to get it. */
export function clusterFromEnvironment(env: NodeJS.ProcessEnv = process.env): Cluster {
  const missing = NAMES.filter((n) => !env[n]);
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} not set: run these tests with \`npm run test:cluster\`, or export what ` +
        '`scripts/cluster.sh start` prints',
    );
  const dir = env.LETHE_CLUSTER_DIR as string;
  const postgresUrl = env.LETHE_CLUSTER_POSTGRES_URL as string;
  return {
    address: env.TEMPORAL_ADDRESS as string,
    namespace: env.TEMPORAL_NAMESPACE as string,
    dir,
    postgresUrl,
    visibilityUrl: postgresUrl.replace(/\/temporal$/, '/temporal_visibility'),
    dataDir: readFileSync(join(dir, 'postgres-data'), 'utf8').trim(),
  };
}
