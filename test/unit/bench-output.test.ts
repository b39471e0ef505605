/**
 * `npm run bench -- --json` prints one JSON object on stdout and nothing else (npm's banner, installs,
 * server banners and logs go elsewhere), so it pipes into `jq`.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('npm run bench -- --json', () => {
  // A whole npm run (deps check, bundle, one suite): allowed minutes on a busy machine, not seconds.
  it('prints only the JSON object on stdout', { timeout: 240_000 }, () => {
    const stdout = execFileSync('npm', ['run', 'bench', '--', '--only', 'planner', '--json'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 230_000,
    });
    const figures = JSON.parse(stdout) as Record<string, number>;
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(figures['planner.ratio']).toBeGreaterThan(0);
  });
});
