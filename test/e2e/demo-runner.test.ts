/**
 * `lethe demo --keep` as a new user runs it: the whole demo on a compressed clock in its own process,
 * then the stack left running with the CLI's environment written out, so `lethe` (another process, here
 * in-process through `main`) lists and reads the demo's erasure; SIGINT stops everything with exit 0.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyCertificate } from '../../src/certificate/signing';
import { EXIT, main } from '../../src/cli/lethe';
import { LOCAL_CERT_SIGNER } from '../../src/local/local-keys';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import { freePort } from '../helpers/ports';
import { waitUntil } from '../helpers/temporal';

const cwd = mkdtempSync(join(tmpdir(), 'lethe-demo-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(cwd, { recursive: true, force: true });
});

/** `set -a; . cli.env` in a shell: single-quoted values. */
function readShellEnvironment(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)='(.*)'$/.exec(line);
    if (m?.[1]) vars[m[1]] = (m[2] ?? '').replace(/'\\''/g, "'");
  }
  return vars;
}

describe('lethe demo --keep', () => {
  it('erases the demo subject everywhere, then leaves a stack the CLI can reach, until SIGINT', async () => {
    let output = '';
    child = spawn(process.execPath, [join(__dirname, '../../bin/lethe.js'), 'demo', '--keep'], {
      cwd,
      env: { ...process.env, LETHE_DAY_MS: '200', LETHE_DEMO_UI_PORT: String(await freePort()) },
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    await waitUntil(async () => (output.includes('Still running') ? true : undefined), 150_000, 'the demo');

    for (const platform of ['liveperson', 'genesys', 'chatbot', 'zendesk'])
      expect(output).toContain(`Records still holding the person's data on ${platform}: 0`);
    expect(output).toContain("Bystanders' data untouched: yes");
    expect(output).toContain("Platform calls that broke a rule of a platform's contract: 0");
    const certificate = readFileSync(join(cwd, '.lethe', 'demo', 'certificate.json'), 'utf8');
    expect(verifyCertificate(certificate, LOCAL_CERT_SIGNER.publicKeyPem())).toMatchObject({ valid: true });

    const env = readShellEnvironment(readFileSync(join(cwd, '.lethe', 'demo', 'cli.env'), 'utf8'));
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    expect(await main(['list', '--all', '--json'], io, { env })).toBe(EXIT.ok);
    const rows = JSON.parse(out[0] ?? '[]') as Array<{ workflowId: string; status: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('completed');
    out.length = 0;
    // The kept stack's worker still answers queries.
    expect(await main(['status', rows[0]?.workflowId ?? '', '--json'], io, { env })).toBe(EXIT.ok);
    expect(JSON.parse(out[0] ?? '{}')).toMatchObject({ progress: { phase: 'completed' } });

    // A new person erased from another shell, as a new user would: the CLI reads the stack's platform
    // clock from cli.env, so its erasure counts quota months and searches on the platforms' dates and
    // shares the stack's quota governor; watch follows it to its end.
    expect(env.LETHE_PLATFORM_CLOCK_EPOCH).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // One documented command seeds a new person into the kept stack's simulators and writes the request.
    out.length = 0;
    const seeded = await main(['demo-seed', '--tag', 'from-cli'], io, { env });
    expect(seeded, out.join('\n')).toBe(EXIT.ok);
    expect(out[0]).toBe(
      'seeded "from-cli" on liveperson, genesys, chatbot, zendesk (made-up data, in the simulators only)',
    );
    const file = /--file (\S+)$/.exec(out[1] ?? '')?.[1] ?? '';
    const request = JSON.parse(readFileSync(file, 'utf8')) as { identifiers: Array<{ value: string }> };
    const admin = new LivePersonAdminClient(env.LETHE_LIVEPERSON_DOMAIN_API_URL ?? '');
    expect(await admin.remaining(request.identifiers.map((i) => i.value))).not.toEqual([]);
    out.length = 0;
    expect(await main(['erase', '--file', file, '--json'], io, { env })).toBe(EXIT.ok);
    const { workflowId } = JSON.parse(out[0] ?? '{}') as { workflowId: string };
    out.length = 0;
    const watched = await main(['watch', workflowId, '--interval', '200ms'], io, {
      env,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    });
    expect(out.at(-1)).toBe('ended: completed; everything found was erased');
    expect(watched).toBe(EXIT.ok);
    expect(await admin.remaining(request.identifiers.map((i) => i.value))).toEqual([]);
    expect((await admin.journal()).violations).toEqual([]);

    child.kill('SIGINT');
    // The demo's last lines say why, when it does not end cleanly.
    expect(await exited, output.split('\n').slice(-15).join('\n')).toBe(0);
  });
});
