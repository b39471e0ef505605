/**
 * What the demo says about itself (issue 16): the deadline verdict in one line, never stronger than the
 * outcome; and a busy Web UI port or a bad setting ends it with one line naming the setting, before
 * anything starts (the demo run as `npm run demo` runs it: tsx on src/local/demo/run.ts).
 */
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErasureResult } from '../../src/domain/result';
import { deadlineLine } from '../../src/local/demo/run';

const DAY = 2000;
const received = '2026-12-06T10:00:00.000Z';
const at = (days: number): string => new Date(Date.parse(received) + days * DAY).toISOString();
const result = (over: Partial<ErasureResult>): ErasureResult =>
  ({
    outcome: 'completed',
    receivedAt: received,
    finishedAt: at(36),
    deadline: { deadline: at(30), expectedCompletion: at(28.8), meetsDeadline: true },
    ...over,
  }) as ErasureResult;

describe('the demo says whether it met its deadline', () => {
  it('met: the due day and the day everything was verified gone', () => {
    expect(deadlineLine(result({}), DAY)).toBe(
      `Deadline met: due ${at(30)} (day 30.0); everything was verified gone by day 28.8`,
    );
  });

  it('missed, and an erasure that did not complete never meets it', () => {
    const late = { deadline: at(30), expectedCompletion: at(30.1), meetsDeadline: false };
    expect(deadlineLine(result({ deadline: late }), DAY)).toBe(
      `Deadline MISSED: due ${at(30)} (day 30.0); everything was verified gone by day 30.1`,
    );
    expect(deadlineLine(result({ outcome: 'incomplete' }), DAY)).toBe(
      `Deadline NOT MET: due ${at(30)} (day 30.0); the erasure ended incomplete`,
    );
  });
});

describe('the demo refuses to start, in one line naming the setting', () => {
  let busy: Server;
  let port = 0;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  const demo = (env: Record<string, string>) =>
    spawnSync(join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx'), ['src/local/demo/run.ts'], {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, ...env },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('a busy Web UI port: exit 2, LETHE_DEMO_UI_PORT named, nothing started', () => {
    const run = demo({ LETHE_DEMO_UI_PORT: String(port) });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `error: the Web UI's port ${port} is taken (another demo or Temporal dev server?): set LETHE_DEMO_UI_PORT to a free port, e.g. LETHE_DEMO_UI_PORT=${port + 1} npm run demo`,
    ]);
    expect(run.stdout).toBe('');
  });

  it('a day length that is not a number: exit 2, the variable named, its value not echoed', () => {
    const run = demo({ LETHE_DAY_MS: 'soon' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('error: LETHE_DAY_MS must be a whole number from 100 to 86400000');
  });
});
