/**
 * `lethe demo --intake <tool>` as a new user runs it: the demo's request arrives from a privacy tool's
 * simulator as its contract sends it, and the tool's dashboard shows Lethe's reports change until its
 * request is closed there, with nothing left on any platform.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';

const cwd = mkdtempSync(join(tmpdir(), 'lethe-demo-intake-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Each tool: its name, a dashboard line before the end, and the one that says the erasure was verified. */
const tools = [
  [
    'transcend',
    'Transcend',
    /profile 1 \(email\): WAITING/,
    /profile 1 \(email\): RESOLVED {2}Lethe: erased/,
  ],
  ['ketch', 'Ketch', /response: in_progress/, /event: completed \(executed\) {2}Lethe: erased/],
  ['onetrust', 'OneTrust', /subtask IN_PROGRESS/, /comment: Lethe: erased: .* Certificate sha256:/],
] as const;

describe.each(tools)('lethe demo --intake %s', (tool, name, before, verified) => {
  it('shows the request arriving from the tool and its dashboard changing until it is closed there', async () => {
    let output = '';
    const child = spawn(process.execPath, [join(__dirname, '../../bin/lethe.js'), 'demo', '--intake', tool], {
      cwd,
      env: { ...process.env, LETHE_DAY_MS: '200', LETHE_DEMO_UI_PORT: String(await freePort()) },
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain(`The request arrived from ${name}, as its contract sends it: one erasure.`);
    // Wrapped to 80 columns by the demo: read the dashboard lines joined back.
    const dashboard = output
      .replace(/\n {4,}(?=\S)/g, ' ')
      .split('\n')
      .filter((l) => l.includes(`${name} dashboard:`));
    const first = dashboard.findIndex((l) => before.test(l));
    const last = dashboard.findIndex((l) => verified.test(l));
    expect(first, dashboard.join('\n')).toBeGreaterThanOrEqual(0);
    expect(last, dashboard.join('\n')).toBeGreaterThan(first);
    expect(dashboard.at(-1)).toContain(`request closed in ${name}`);
    for (const platform of ['liveperson', 'genesys', 'chatbot', 'zendesk'])
      expect(output).toContain(`Records still holding the person's data on ${platform}: 0`);
    expect(output).toContain("Platform calls that broke a rule of a platform's contract: 0");
  }, 240_000);
});
