/**
 * The soak's short configuration, as CI runs it: `npm run soak` with 8 subjects on the three platforms
 * and 4 SIGKILLs of worker processes under the fault mix (5 % 5xx, 3 % malformed bodies, 2 % timeouts),
 * on its own dev server and simulators. Every figure must be the expected one: each erasure completed,
 * nothing left, every bystander intact, no duplicate create, no workflow task failure, no broken rule.
 * The kills fall at seeded times; what is asserted does not depend on when.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
/**
 * A day of 1 s and a kill every ~12 s: Temporal notices a killed worker only after its own timeouts (10 s
 * for a workflow task, an activity's whole start-to-close), which must stay small beside the erasures'
 * compressed windows (docs/soak.md). The bound ends the run with stuck erasures well before the test's
 * own timeout.
 */
const ARGS = [
  '--subjects',
  '8',
  '--kills',
  '4',
  '--seed',
  '7',
  '--day-ms',
  '1000',
  '--kill-every-s',
  '12',
  '--timeout-s',
  '120',
  '--json',
];

let soak: ChildProcess | undefined;
afterAll(() => {
  // Its own process group (spawned detached): the soak, its dev server and its workers go together.
  if (soak?.pid !== undefined && soak.exitCode === null && soak.signalCode === null)
    process.kill(-soak.pid, 'SIGKILL');
});

describe('npm run soak, short', () => {
  it('erases every subject through kills and faults, and prints only its figures', {
    timeout: 180_000,
  }, async () => {
    let stdout = '';
    let stderr = '';
    soak = spawn('bash', [join(ROOT, 'scripts', 'soak.sh'), ...ARGS], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    soak.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    soak.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => soak?.once('exit', (c) => resolve(c)));
    const tail = stderr.split('\n').slice(-40).join('\n');

    // One JSON object and nothing else on stdout, whatever the verdict.
    expect(stdout.trim().split('\n'), tail).toHaveLength(1);
    const figures = (() => {
      try {
        return JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        throw new Error(`the soak printed no figures (exit ${code}):\n${tail}`);
      }
    })();
    expect(
      {
        subjects: figures.subjects,
        kills: figures.kills,
        erasures_completed: figures.erasures_completed,
        erasures_ended_otherwise: figures.erasures_ended_otherwise,
        erasures_stuck: figures.erasures_stuck,
        records_left: figures.records_left,
        bystanders_intact: figures.bystanders_intact,
        duplicate_creates: figures.duplicate_creates,
        workflow_task_failures: figures.workflow_task_failures,
        contract_violations: figures.contract_violations,
        worker_exits_unexpected: figures.worker_exits_unexpected,
        pass: figures.pass,
      },
      tail,
    ).toEqual({
      subjects: 8,
      kills: 4,
      erasures_completed: 8,
      erasures_ended_otherwise: 0,
      erasures_stuck: 0,
      records_left: 0,
      bystanders_intact: 8,
      duplicate_creates: 0,
      workflow_task_failures: 0,
      contract_violations: 0,
      worker_exits_unexpected: 0,
      pass: true,
    });
    expect(figures.injected_faults).toEqual(expect.any(Number));
    expect(figures.injected_faults as number).toBeGreaterThan(0);
    expect(code).toBe(0);

    // Counts only: no seeded email, phone, name or chatter id in what the soak or its workers printed.
    const logs = join(ROOT, '.lethe', 'soak');
    const workerLogs = readdirSync(logs)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(logs, f), 'utf8'));
    for (const text of [stdout, stderr, ...workerLogs])
      expect(text).not.toMatch(
        /@example\.(com|org)|@home\.example|\+4477009|Lovelace|member-soak|grace-soak/,
      );
  });
});
