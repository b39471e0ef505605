/**
 * The operator CLI against the dev server: every erasure command, its output, its `--json` shape, its
 * exit code and its answer to bad input. Commands run in-process through `main` with their own
 * environment (as an operator's shell would set it); one runs through the installed bin.
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, main } from '../../src/cli/lethe';
import { LOCAL_CERT_SIGNER } from '../../src/local/local-keys';
import { operatorEnvironment } from '../../src/local/operator-env';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { devServerSuite, E2E_DAY_MS } from '../helpers/dev-server-suite';
import { waitUntil } from '../helpers/temporal';

const DAY = E2E_DAY_MS;
const suite = devServerSuite();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lethe-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment an operator would export to point `lethe` at this stack (as the demo writes it). */
const operatorEnv = (): NodeJS.ProcessEnv => operatorEnvironment(suite.env, suite.x, DAY);

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

async function lethe(args: string[], env: NodeJS.ProcessEnv = operatorEnv(), tty = false): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    args,
    { out: (l) => out.push(l), err: (l) => err.push(l), tty },
    {
      env,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
  );
  return { code, out, err };
}

const parsed = <T>(run: Run): T => {
  expect(run.err).toEqual([]);
  expect(run.out).toHaveLength(1);
  return JSON.parse(run.out[0] ?? '') as T;
};

interface Row {
  workflowId: string;
  status?: string;
  platforms: string[];
  needsAttention: boolean;
}

/** `list --json` until its rows satisfy `ok`: visibility follows a workflow's changes a moment later. */
const listedUntil = (args: string[], ok: (rows: Row[]) => boolean): Promise<Row[]> =>
  waitUntil(
    async () => {
      const rows = parsed<Row[]>(await lethe([...args, '--json']));
      return ok(rows) ? rows : undefined;
    },
    10_000,
    `${args.join(' ')} to list what it should`,
  );

/** A dry-run request as JSON for `--file`; its personal values go into the privacy sweep. */
function dryRunRequest(tag: string) {
  suite.remember([`${tag}@cli.example`, `cli-${tag}`]);
  return {
    requestId: `from-${tag}`,
    subjectKey: `cli-${tag}`,
    identifiers: [{ kind: 'email', value: `${tag}@cli.example` }],
    requestedBy: 'privacy-desk',
    options: { dryRun: true },
  };
}

async function seed(tag: string): Promise<DemoSubject> {
  const s = await seedDemoSubject(suite.x.admin, suite.x.sim.context.options.accountId, tag);
  suite.remember([...s.personalValues, s.consumerId, s.bystanderValue]);
  return s;
}

const eraseArgs = (s: DemoSubject, extra: string[] = []): string[] => [
  'erase',
  '--request-id',
  s.request.requestId,
  '--subject-key',
  s.request.subjectKey,
  ...s.request.identifiers.flatMap((i) => ['--email', i.value]),
  '--requested-by',
  'privacy-desk',
  '--reason',
  'Art. 17',
  ...extra,
];

interface ProgressJson {
  workflowId: string;
  execution: string;
  progress: {
    phase: string;
    requestId: string;
    platforms: Record<string, Record<string, number>>;
    holds: Array<{ by: string; releasedAt?: string }>;
    identifiers: Record<string, number>;
  };
}

describe('lethe, the operator CLI, on the dev server', () => {
  it('erase, status, list, watch until done, then fetch and verify the certificate', async () => {
    const a = await seed('cli-a');
    await suite.x.run(async () => {
      const started = await lethe(eraseArgs(a));
      expect(started.code).toBe(EXIT.ok);
      const id = /started (erasure-[0-9a-f]{64})/.exec(started.out.join('\n'))?.[1] ?? '';
      expect(id).not.toBe('');
      // No personal data in what the CLI prints.
      for (const v of a.personalValues) expect(started.out.join('\n')).not.toContain(v);

      // The same subject again joins the running erasure; its identifiers were all known already.
      const again = await lethe([...eraseArgs(a), '--json']);
      expect(parsed<{ workflowId: string; joined: boolean }>(again)).toEqual({
        workflowId: id,
        joined: true,
        added: 0,
      });

      const status = await lethe(['status', id]);
      expect(status.code).toBe(EXIT.ok);
      expect(status.out.slice(0, 2)).toEqual([id, `request   ${a.request.requestId}`]);
      expect(status.out.join('\n')).toMatch(/^phase {5}\w+/m);
      expect(status.out.join('\n')).toMatch(/^platform +found +open +held/m);
      expect(status.out.join('\n')).toMatch(/^elapsed {3}\S+/m);
      const json = parsed<ProgressJson>(
        await lethe(['status', '--subject-key', a.request.subjectKey, '--json']),
      );
      expect(json).toMatchObject({
        workflowId: id,
        execution: 'RUNNING',
        progress: { requestId: 'ticket-cli-a' },
      });
      expect(json.progress.identifiers.request).toBe(2);

      const listed = await listedUntil(['list', '--platform', 'liveperson'], (rows) =>
        rows.some((r) => r.workflowId === id),
      );
      expect(listed.find((r) => r.workflowId === id)).toMatchObject({
        platforms: ['liveperson'],
        needsAttention: false,
      });
      expect(parsed<unknown[]>(await lethe(['list', '--platform', 'genesys', '--json']))).toEqual([]);
      expect(parsed<unknown[]>(await lethe(['list', '--needs-attention', '--json']))).toEqual([]);
      const table = await lethe(['list']);
      expect(table.out[0]).toMatch(/^erasure +status +deadline +started +attn$/);
      expect(table.out.some((l) => l.startsWith(`${id.slice(0, 16)}…`))).toBe(true);
      const wide = await lethe(['list', '--wide']);
      expect(wide.out.some((l) => l.startsWith(id))).toBe(true);

      const early = await lethe(['certificate', id]);
      expect(early.code).toBe(EXIT.notFound);
      expect(early.err.join('\n')).toContain('still running');

      // The open conversation ends on day 3; watch follows the erasure to its end.
      const closer = setTimeout(() => void suite.x.admin.closeConversation(a.activeConversationId), 3 * DAY);
      const watched = await lethe(['watch', id, '--interval', '200ms']).finally(() => clearTimeout(closer));
      expect(watched.code).toBe(EXIT.ok);
      expect(watched.out.length).toBeGreaterThan(2);
      expect(watched.out.at(-2)).toMatch(/completed {2}liveperson 7\/7$/);
      expect(watched.out.at(-1)).toBe('ended: completed; everything found was erased');
      // One line per change: no two lines alike.
      const changes = watched.out.slice(0, -1).map((l) => l.replace(/^\S+ {2}/, ''));
      expect(new Set(changes).size).toBe(changes.length);
      // On a terminal, watch redraws the whole status in place instead.
      const screen = await lethe(['watch', id], operatorEnv(), true);
      expect(screen.code).toBe(EXIT.ok);
      expect(screen.out).toHaveLength(1);
      expect(screen.out[0]?.startsWith('\x1b[H\x1b[2J')).toBe(true);
      expect(screen.out[0]).toContain(`${id}\nrequest   ${a.request.requestId}  (completed)`);
      expect(screen.out[0]).toMatch(/^liveperson +7 +0 +0 +0 +\d+ +7 +0 +0$/m);
      await listedUntil(['list'], (rows) => !rows.some((r) => r.workflowId === id));
      const done = await listedUntil(['list', '--status', 'completed'], (rows) =>
        rows.some((r) => r.workflowId === id),
      );
      expect(done.find((r) => r.workflowId === id)).toMatchObject({ status: 'completed' });

      // What it came to, per platform, for people and for scripts.
      const result = await lethe(['result', id]);
      expect(result.code).toBe(EXIT.ok);
      expect(result.out).toContain('outcome   completed: everything found was verified gone');
      expect(result.out).toContain('liveperson  everything found verified gone');
      const resultJson = parsed<{ outcome: string; identifiers: Array<Record<string, string>> }>(
        await lethe(['result', id, '--json']),
      );
      expect(resultJson.outcome).toBe('completed');
      expect(resultJson.identifiers.every((i) => i.value === undefined)).toBe(true);

      const cert = await lethe(['certificate', id]);
      expect(cert.code).toBe(EXIT.ok);
      const certFile = join(dir, 'certificate.json');
      writeFileSync(certFile, cert.out.join('\n'));
      const keyFile = join(dir, 'key.pem');
      writeFileSync(keyFile, LOCAL_CERT_SIGNER.publicKeyPem());
      const verified = await lethe(['verify-certificate', certFile, '--public-key', keyFile, '--json']);
      expect(parsed<{ valid: boolean; requestId: string }>(verified)).toMatchObject({
        valid: true,
        requestId: 'ticket-cli-a',
      });
      const htmlFile = join(dir, 'certificate.html');
      expect((await lethe(['certificate', id, '--html', '--out', htmlFile])).code).toBe(EXIT.ok);
      expect(readFileSync(htmlFile, 'utf8')).toMatch(/^<!doctype html>/i);
      expect((await lethe(['certificate', id, '--html', '--json'])).code).toBe(EXIT.usage);

      // Codec keys that cannot decrypt the erasure's payloads: a usage error naming the variable.
      const wrongKeys = { ...operatorEnv(), LETHE_CODEC_KEYS: `other:${randomBytes(32).toString('base64')}` };
      for (const command of [
        ['status', id],
        ['certificate', id],
      ]) {
        const undecryptable = await lethe(command, wrongKeys);
        expect({ command, code: undecryptable.code }).toEqual({ command, code: EXIT.usage });
        expect(undecryptable.err.join('\n')).toContain('LETHE_CODEC_KEYS');
      }

      // Steering an ended erasure is refused, and says why.
      const late = await lethe(['hold', id, '--by', 'dpo', '--reason', 'litigation']);
      expect(late.code).toBe(EXIT.refused);
      expect(late.err.join('\n')).toContain('has ended');
    });
  });

  it('says plainly when an erasure ends incomplete: status, watch (exit 1), list --status incomplete', async () => {
    // The open conversation never closes: after the maximum wait it is reported still active, not erased.
    const c = await seed('cli-c');
    await suite.x.run(async () => {
      const { workflowId: id } = parsed<{ workflowId: string }>(await lethe([...eraseArgs(c), '--json']));
      const watched = await lethe(['watch', id, '--interval', '200ms']);
      expect(watched.code).toBe(EXIT.invalid);
      expect(watched.out.at(-1)).toBe(
        'ended: incomplete: liveperson: 1 record still active (never closed, never sent)',
      );
      const status = await lethe(['status', id]);
      expect(status.code).toBe(EXIT.ok);
      expect(status.out).toContain('outcome      INCOMPLETE');
      expect(status.out).toContain(
        '  because    liveperson: 1 record still active (never closed, never sent)',
      );
      const json = parsed<ProgressJson & { progress: { outcome: string; reasons: unknown[] } }>(
        await lethe(['status', id, '--json']),
      );
      expect(json.progress).toMatchObject({
        phase: 'incomplete',
        outcome: 'incomplete',
        reasons: [{ scope: 'liveperson', reason: 'still_active', records: 1 }],
      });
      const rows = await listedUntil(['list', '--status', 'incomplete'], (r) =>
        r.some((x) => x.workflowId === id),
      );
      expect(rows.find((r) => r.workflowId === id)?.status).toBe('incomplete');
      const cert = parsed<{ certificate: { outcome: string; reasons: unknown[] } }>(
        await lethe(['certificate', id]),
      );
      expect(cert.certificate.outcome).toBe('incomplete');
      expect(cert.certificate.reasons).toEqual([{ scope: 'liveperson', reason: 'still_active', records: 1 }]);
    });
  });

  it('hold, release, add-identifiers, retry, list --overdue and cancel, with refusals as exit 4', async () => {
    const b = await seed('cli-b');
    const c = await seed('cli-c');
    await suite.x.run(async () => {
      // Received a moment ago and due since: overdue from the start (a deadline comes after receipt).
      const receivedAt = new Date(Date.now() - 1000).toISOString();
      const due = new Date(Date.now() - 500).toISOString();
      const overdue = parsed<{ workflowId: string }>(
        await lethe([...eraseArgs(b, ['--received-at', receivedAt, '--deadline', due]), '--json']),
      );
      const id = overdue.workflowId;
      const other = parsed<{ workflowId: string }>(await lethe([...eraseArgs(c), '--json'])).workflowId;

      expect((await lethe(['hold', id, '--by', 'dpo', '--reason', 'litigation'])).out).toEqual([
        `${id} is on hold`,
      ]);
      const twice = await lethe(['hold', id, '--by', 'dpo', '--reason', 'again']);
      expect(twice.code).toBe(EXIT.refused);
      expect(twice.err.join('\n')).toContain('already in place');
      const held = parsed<ProgressJson>(await lethe(['status', id, '--json']));
      expect(held.progress.holds).toMatchObject([{ by: 'dpo' }]);
      expect((await lethe(['status', id])).out.join('\n')).toMatch(/^ON HOLD +by dpo since .+: litigation$/m);

      expect((await lethe(['release', id, '--by', 'dpo', '--reason', 'settled'])).code).toBe(EXIT.ok);
      const noHold = await lethe(['release', id, '--by', 'dpo', '--reason', 'again']);
      expect(noHold.code).toBe(EXIT.refused);
      expect(noHold.err.join('\n')).toContain('no legal hold');

      const added = await lethe(['add-identifiers', id, '--phone', '+44 7700 900 555', '--by', 'agent-7']);
      expect(added).toMatchObject({ code: EXIT.ok, out: [`${id}: 1 new identifier added`] });
      suite.remember(['+447700900555']);
      const retry = await lethe(['retry', id, '--by', 'agent-7']);
      expect(retry.code).toBe(EXIT.refused);
      expect(retry.err.join('\n')).toContain('nothing needs attention');

      const late = await listedUntil(['list', '--overdue'], (rows) => rows.some((r) => r.workflowId === id));
      expect(late.map((r) => r.workflowId)).toContain(id);
      expect(late.map((r) => r.workflowId)).not.toContain(other);

      for (const target of [id, other]) {
        const cancelled = await lethe(['cancel', target, '--by', 'dpo', '--reason', 'request withdrawn']);
        expect(cancelled.code).toBe(EXIT.ok);
      }
      const watched = await lethe(['watch', id, '--json', '--interval', '100ms']);
      expect(watched.code).toBe(EXIT.invalid);
      const last = JSON.parse(watched.out.at(-1) ?? '') as ProgressJson;
      // Temporal says COMPLETED; the erasure, and so the CLI, says cancelled.
      expect(last).toMatchObject({
        execution: 'COMPLETED',
        status: 'cancelled',
        progress: { phase: 'cancelled' },
      });
      expect((await lethe(['status', id])).out.slice(0, 2)).toEqual([
        id,
        `request   ${b.request.requestId}  (cancelled)`,
      ]);
      await listedUntil(['list', '--status', 'cancelled'], (rows) => rows.some((r) => r.workflowId === id));
      const cancelledRow = (await lethe(['list', '--status', 'cancelled', '--wide'])).out.find((l) =>
        l.startsWith(id),
      );
      expect(cancelledRow?.split(/ +/)[1]).toBe('cancelled');
      const cert = await lethe(['certificate', id, '--json']);
      expect(cert.code).toBe(EXIT.ok);
      expect(JSON.parse(cert.out.join('\n'))).toMatchObject({ certificate: { outcome: 'cancelled' } });
      expect((await lethe(['watch', other, '--interval', '100ms'])).code).toBe(EXIT.invalid);
    });
  });

  it('answers bad input with a usage error naming what is wrong, and starts nothing', async () => {
    const before = parsed<unknown[]>(await lethe(['list', '--all', '--json'])).length;
    const optionsAsText = join(dir, 'options-as-text.json');
    writeFileSync(optionsAsText, JSON.stringify({ ...dryRunRequest('options'), options: 'dryRun' }));
    /** A request complete but for what a case changes. */
    const erase = (...over: string[]): string[] => [
      'erase',
      '--request-id',
      'r',
      '--subject-key',
      'k',
      '--requested-by',
      'x',
      ...over,
    ];
    const cases: Array<[string[], RegExp]> = [
      [['status'], /name the erasure/],
      [['status', 'not-an-id'], /erasure-<64 hex>/],
      [
        ['status', `erasure-${'a'.repeat(64)}`, '--subject-key', 'k'],
        /either its workflow id or --subject-key/,
      ],
      [['list', '--limit', '0'], /--limit/],
      [['list', '--status', 'sleeping'], /--status/],
      [['list', '--platform', 'myspace'], /--platform/],
      [['watch', `erasure-${'a'.repeat(64)}`, '--interval', '5ms'], /--interval/],
      [['cancel', `erasure-${'a'.repeat(64)}`, '--reason', 'x'], /--by/],
      [['add-identifiers', `erasure-${'a'.repeat(64)}`, '--by', 'x'], /at least one --email/],
      [
        ['add-identifiers', `erasure-${'a'.repeat(64)}`, '--identifier', 'shoe=9', '--by', 'x'],
        /--identifier/,
      ],
      [erase('--email', 'not-mail'), /identifiers\.0\.value.*email address/],
      [
        ['erase', '--subject-key', 'k', '--email', 'a@b.example', '--requested-by', 'x'],
        /requestId \(--request-id\): is required/,
      ],
      [erase('--email', 'a@b.example', '--system', 'myspace'), /--system/],
      [
        erase('--email', 'a@b.example', '--system', 'liveperson', '--system', 'liveperson'),
        /systems\.1 \(--system\): is listed twice/,
      ],
      [erase('--email', `${'a'.repeat(290)}@b.example`), /identifiers\.0\.value.*at most 254/],
      [erase('--email', 'a@b.example', '--received-at', '2999-01-01T00:00:00Z'), /receivedAt.*future/],
      [erase('--email', 'a@b.example', '--received-at', '1900-01-01T00:00:00Z'), /receivedAt.*2018-05-25/],
      [
        erase(
          '--email',
          'a@b.example',
          '--received-at',
          '2026-01-02T00:00:00Z',
          '--deadline',
          '2026-01-01T00:00:00Z',
        ),
        /options\.deadline \(--deadline\): must be after/,
      ],
      [['erase', '--file', optionsAsText], /options must be an object/],
      [
        ['cancel', `erasure-${'a'.repeat(64)}`, '--by', 'x'.repeat(201), '--reason', 'x'],
        /--by: must be at most 200/,
      ],
      [['erase', '--file', join(dir, 'missing.json')], /cannot read request/],
      [['frobnicate'], /unknown command/],
      [['status', '--colour'], /unknown option '--colour'/],
    ];
    for (const [args, message] of cases) {
      const run = await lethe(args);
      expect({ args, code: run.code }).toEqual({ args, code: EXIT.usage });
      expect(run.err.join('\n')).toMatch(message);
    }
    // A bad email is not echoed back: it may be the very data being erased.
    const bad = await lethe(erase('--email', 'ada@@x'));
    expect(bad.err.join('\n')).not.toContain('ada@@x');
    // Nor is a request too large to send: refused as it is read, not by Temporal (which exited 70).
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, JSON.stringify({ ...dryRunRequest('huge'), reason: 'r'.repeat(2_500_000) }));
    const tooLarge = await lethe(['erase', '--file', huge]);
    expect(tooLarge.code).toBe(EXIT.usage);
    expect(tooLarge.err.join('\n')).toContain('is larger than 1 MiB');
    expect((await lethe(['--version'])).out).toEqual([
      (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string })
        .version,
    ]);
    expect(parsed<unknown[]>(await lethe(['list', '--all', '--json']))).toHaveLength(before);

    const missing = await lethe(['status', `erasure-${'0'.repeat(64)}`]);
    expect(missing.code).toBe(EXIT.notFound);
    expect(missing.err).toEqual([`error: no erasure erasure-${'0'.repeat(64)}`]);
    const noConfig = await lethe(['list'], { TEMPORAL_ADDRESS: suite.env.address });
    expect(noConfig.code).toBe(EXIT.usage);
    expect(noConfig.err.join('\n')).toContain('LETHE_SUBJECT_HMAC_KEY');
  });

  it('reads a request from a file; exits 5 when no worker answers or Temporal cannot be reached', async () => {
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(dryRunRequest('file')));
    await suite.x.run(async () => {
      const started = parsed<{ workflowId: string; joined: boolean }>(
        await lethe(['erase', '--file', file, '--json']),
      );
      expect(started.joined).toBe(false);
      const watched = await lethe(['watch', started.workflowId, '--interval', '100ms']);
      expect(watched.out.at(-1)).toBe('ended: planned (a dry run: nothing was deleted); see lethe plan');
      // Its plan: nothing of this subject was found, and it says so.
      const plan = await lethe(['plan', started.workflowId]);
      expect(plan.code).toBe(EXIT.ok);
      expect(plan.out).toContain('DRY RUN: nothing was sent, nothing was deleted');
      expect(plan.out).toContain('  nothing found: nothing to delete');
      const cert = await lethe(['certificate', started.workflowId]);
      expect(cert.code).toBe(EXIT.notFound);
      expect(cert.err.join('\n')).toContain('dry run');
    });
    // No worker running now: a status query goes unanswered, and the CLI says what to check.
    const idle = await lethe(['status', '--subject-key', 'cli-file']);
    expect(idle.code).toBe(EXIT.unavailable);
    expect(idle.err.join('\n')).toMatch(/no worker answered .* task queue /);
    // An update too (the SDK alone would wait for a worker forever): started, then held, with none running.
    suite.remember(['c-orphan', 'cli-orphan']);
    const orphan = parsed<{ workflowId: string }>(
      await lethe([
        'erase',
        '--request-id',
        'no-worker',
        '--subject-key',
        'cli-orphan',
        '--identifier',
        'customerId=c-orphan',
        '--requested-by',
        'x',
        '--json',
      ]),
    );
    const hold = await lethe(['hold', orphan.workflowId, '--by', 'dpo', '--reason', 'check']);
    expect(hold.code).toBe(EXIT.unavailable);
    expect(hold.err.join('\n')).toMatch(/no worker answered/);
    await suite.env.client.workflow.getHandle(orphan.workflowId).terminate('end of test');
    const unreachable = await lethe(['list'], { ...operatorEnv(), TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(unreachable.code).toBe(EXIT.unavailable);
    expect(unreachable.err.join('\n')).toContain('cannot reach Temporal');
  });

  it('runs as the installed bin: JSON on standard output, the exit code to the shell', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, ...operatorEnv() };
    const bin = join(__dirname, '../../bin/lethe.js');
    const { stdout } = await run(process.execPath, [bin, 'list', '--all', '--json', '--limit', '1'], { env });
    expect(JSON.parse(stdout)).toHaveLength(1);
    const failed = await run(process.execPath, [bin, 'status', `erasure-${'0'.repeat(64)}`], { env }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed).toMatchObject({ code: EXIT.notFound, stderr: expect.stringContaining('no erasure') });
    // Personal data on standard input, out of process lists and shell history.
    const request = dryRunRequest('stdin');
    const piped = spawnSync(process.execPath, [bin, 'erase', '--file', '-', '--json'], {
      env,
      input: JSON.stringify(request),
      encoding: 'utf8',
    });
    expect(piped.status).toBe(EXIT.ok);
    const { workflowId } = JSON.parse(piped.stdout) as { workflowId: string };
    const started = await suite.env.client.workflow.getHandle(workflowId).describe();
    expect(started.status.name).toBe('RUNNING');
    await suite.env.client.workflow.getHandle(workflowId).terminate('end of test');
    // `lethe certificate … > file` gives a file that verifies, byte for byte as issued.
    const cert = await run(process.execPath, [bin, 'certificate', '--subject-key', 'cust-cli-a'], { env });
    const file = join(dir, 'redirected.json');
    writeFileSync(file, cert.stdout);
    writeFileSync(join(dir, 'key.pem'), LOCAL_CERT_SIGNER.publicKeyPem());
    const verdict = await run(process.execPath, [
      bin,
      'verify-certificate',
      file,
      '--public-key',
      join(dir, 'key.pem'),
    ]);
    expect(verdict.stdout).toMatch(/^valid: certificate of ticket-cli-a \(completed\)/);
  });
});
