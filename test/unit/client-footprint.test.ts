import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importReach } from '../helpers/import-graph';

const root = resolve(__dirname, '..', '..');

// What a service that only starts and watches erasures must not load: the platforms' HTTP stack, the
// warehouse's database drivers, the logger's worker-thread transports, the worker (and its bundler).
const HEAVY_PACKAGES = [
  'undici',
  '@duckdb/node-api',
  'pg',
  'pino',
  'pino-pretty',
  'thread-stream',
  '@temporalio/worker',
];
const HEAVY_FILES = [
  /^src\/connectors\/registry\.ts$/,
  /^src\/connectors\/[^/]+\/connector\.ts$/,
  /^src\/connectors\/http\.ts$/,
  /^src\/(activities|warehouse|simulator|local|demo|cli)\//,
];

describe('the client entry (lethe/client)', () => {
  const reach = importReach(root, 'src/client.ts');

  it('loads no connector, no warehouse driver, no logger transport and no worker', () => {
    expect(reach.packages.filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
    expect(reach.files.filter((f) => HEAVY_FILES.some((pattern) => pattern.test(f)))).toEqual([]);
  });

  it('is seen whole by the walk (a control: the worker does reach them)', () => {
    const worker = importReach(root, 'src/worker.ts');
    expect(worker.packages).toContain('undici');
    expect(worker.files).toContain('src/connectors/registry.ts');
  });
});
