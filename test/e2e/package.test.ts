import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/config';
import { startDevServer } from '../../src/local/dev-server';
import { generateDeploymentKeys } from '../cluster/helpers/keys';
import { freePort } from '../helpers/ports';
import { quietRuntime, waitUntil } from '../helpers/temporal';

// Lethe as another service gets it: `npm pack` (which builds dist/ through prepack), the tarball installed
// into an empty project, the client imported from plain Node (ES module and CommonJS), an erasure started
// with it on the dev server, and the installed `lethe` bin run. No tsx anywhere in the consumer.

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

let work: string;
let consumer: string;
let env: TestWorkflowEnvironment;
let consumerEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  quietRuntime();
  work = mkdtempSync(join(tmpdir(), 'lethe-package-'));
  consumer = join(work, 'consumer');
  const packed = await run('npm', ['pack', '--pack-destination', work, '--silent'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const tarball = join(work, packed.stdout.trim().split('\n').at(-1) as string);
  await run('mkdir', ['-p', consumer]);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
  );
  await run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: consumer,
    maxBuffer: 64 * 1024 * 1024,
  });
  env = await startDevServer();
  consumerEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    [ENVIRONMENT.temporalAddress]: env.address,
    [ENVIRONMENT.taskQueue]: `package-${randomBytes(4).toString('hex')}`,
    ...generateDeploymentKeys('package-test').environment,
    [ENVIRONMENT.livepersonAccountId]: '90233546',
    [ENVIRONMENT.livepersonClientId]: 'lethe-package-test',
    [ENVIRONMENT.livepersonClientSecret]: randomBytes(16).toString('hex'),
  };
}, 600_000);

afterAll(async () => {
  await env?.teardown();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs a script in the consumer project on the Node running this test, with the consumer's environment. */
async function consumerScript(name: string, source: string): Promise<string> {
  writeFileSync(join(consumer, name), source);
  const { stdout } = await run(process.execPath, [name], {
    cwd: consumer,
    env: consumerEnv,
    timeout: 120_000,
  });
  return stdout.trim();
}

const START = (requestId: string) => `
  const client = await ErasureClient.connect(loadConfig(process.env));
  const started = await client.start({
    requestId: '${requestId}',
    subjectKey: 'package-subject-${requestId}',
    identifiers: [{ kind: 'email', value: '${requestId.toLowerCase()}@example.test' }],
    requestedBy: 'package-test',
  });
  await client.close();
`;

// Modules a service starting erasures must not load (the connectors' HTTP stack, the warehouse's
// drivers, the logger's transports, the worker and its bundler), as seen by Node's module cache.
const HEAVY =
  /node_modules[\\/](undici|@duckdb|pg|pino|thread-stream|@temporalio[\\/]worker|webpack)[\\/]|[\\/]dist[\\/](connectors[\\/][^\\/]+[\\/]connector|connectors[\\/]registry|activities|warehouse|simulator)/;

describe('the npm package', () => {
  it('starts an erasure from an ES module importing lethe/client, loading nothing heavy', async () => {
    const out = await consumerScript(
      'start.mjs',
      `import { createRequire } from 'node:module';
       import { ErasureClient, loadConfig } from 'lethe/client';
       ${START('PKG-ESM')}
       const loaded = Object.keys(createRequire(import.meta.url).cache);
       console.log(JSON.stringify({ workflowId: started.workflowId, joined: started.joined, loaded }));`,
    );
    const { workflowId, joined, loaded } = JSON.parse(out) as {
      workflowId: string;
      joined: boolean;
      loaded: string[];
    };
    expect(joined).toBe(false);
    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.type).toBe('erasure');
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(consumerEnv[ENVIRONMENT.taskQueue]);
    // The control: the client itself was loaded from the installed package's compiled code.
    expect(loaded.some((f) => /node_modules[\\/]lethe[\\/]dist[\\/]client\.js$/.test(f))).toBe(true);
    expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
    // The pattern's control: what the worker loads does match it.
    expect(HEAVY.test(join(consumer, 'node_modules', 'undici', 'index.js'))).toBe(true);
    expect(HEAVY.test(join(consumer, 'node_modules', 'lethe', 'dist', 'connectors', 'registry.js'))).toBe(
      true,
    );
  });

  it('starts an erasure from CommonJS requiring the package root, loading nothing heavy', async () => {
    const out = await consumerScript(
      'start.cjs',
      `const { ErasureClient, loadConfig } = require('lethe');
       (async () => {
         ${START('PKG-CJS')}
         console.log(JSON.stringify({ workflowId: started.workflowId, loaded: Object.keys(require.cache) }));
       })().catch((err) => { console.error(err); process.exit(1); });`,
    );
    const { workflowId, loaded } = JSON.parse(out) as { workflowId: string; loaded: string[] };
    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    expect(loaded.some((f) => /node_modules[\\/]lethe[\\/]dist[\\/]client\.js$/.test(f))).toBe(true);
    expect(loaded.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  it('runs the installed bin from compiled JavaScript: npx lethe --version', async () => {
    const { stdout } = await run('npx', ['--no-install', 'lethe', '--version'], {
      cwd: consumer,
      env: consumerEnv,
    });
    expect(stdout.trim()).toBe(pkg.version);
    // Neither sources nor tsx were installed: what ran was dist/.
    const installed = JSON.parse(
      readFileSync(join(consumer, 'node_modules', 'lethe', 'package.json'), 'utf8'),
    ) as {
      files?: string[];
    };
    expect(installed.files).not.toContain('src');
    await expect(
      run(process.execPath, ['-e', "require.resolve('tsx')"], { cwd: consumer }),
    ).rejects.toThrow();
  });

  it('runs the worker from the installed package: it bundles its workflows from dist/ and polls', async () => {
    const port = await freePort();
    const worker = spawn(process.execPath, [join('node_modules', 'lethe', 'bin', 'lethe.js'), 'worker'], {
      cwd: consumer,
      env: {
        ...consumerEnv,
        // A queue of its own: this worker must not pick up the erasures started above (no platform here).
        [ENVIRONMENT.taskQueue]: `package-worker-${randomBytes(4).toString('hex')}`,
        [ENVIRONMENT.healthAddress]: `127.0.0.1:${port}`,
        [ENVIRONMENT.shutdownGraceMs]: '1000',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => worker.once('exit', (code) => done(code)));
    try {
      await waitUntil(
        async () => {
          const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
            (r) => r.status === 200,
            () => false,
          );
          return ready || undefined;
        },
        180_000,
        'the packaged worker to be ready',
      );
    } finally {
      worker.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('ships declarations for the client entry', () => {
    const types = readFileSync(join(consumer, 'node_modules', 'lethe', 'dist', 'client.d.ts'), 'utf8');
    expect(types).toContain('export declare class ErasureClient');
  });
});
