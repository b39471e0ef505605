import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** How the Temporal SDK should obtain a server binary (its `EphemeralServerExecutable`). */
export type ServerExecutable = { type: 'existing-path'; path: string } | { type: 'cached-download' };

/** The project root: two levels above this file (`src/local/`). */
export const projectRoot = resolve(__dirname, '..', '..');

/** Where `scripts/install-temporal-tools.sh` puts the pinned binaries. */
export const toolsBin = join(process.env.LETHE_TOOLS_DIR ?? join(projectRoot, '.tools'), 'temporal', 'bin');

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Chooses a binary: an explicit path from `envVar`, else one on PATH, else the project-local install,
 * else the SDK's own download (for users with internet who ran nothing beforehand).
 */
function choose(envVar: string, name: string): ServerExecutable {
  const explicit = process.env[envVar];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${envVar} points at ${explicit}, which does not exist`);
    return { type: 'existing-path', path: resolve(explicit) };
  }
  const found = onPath(name) ?? (existsSync(join(toolsBin, name)) ? join(toolsBin, name) : undefined);
  return found ? { type: 'existing-path', path: found } : { type: 'cached-download' };
}

/** The Temporal CLI, whose `server start-dev` is the local dev server (with Web UI). */
export const temporalCli = (): ServerExecutable => choose('LETHE_TEMPORAL_CLI', 'temporal');

/** The time-skipping test server. */
export const timeSkippingServer = (): ServerExecutable =>
  choose('LETHE_TEMPORAL_TEST_SERVER', 'temporal-test-server');
