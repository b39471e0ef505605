import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Copies the worker's code as it is when the soak starts (`src/`, `package.json`, `tsconfig.json`, with
 * `node_modules` linked) into `dir`, for every worker process of the run to start from. A deployment's
 * restarted worker runs the build it ran before; a worker started from the working tree would run
 * whatever an editor saved since (a half-written file crashes it, a changed workflow replays
 * differently), and the soak would measure the edit, not Lethe. Returns the directory to run in.
 */
export function snapshotWorkerCode(root: string, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(root, file), join(dir, file));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}
