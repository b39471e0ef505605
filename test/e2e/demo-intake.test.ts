/**
 * `lethe demo --intake transcend` as a new user runs it: the demo's request arrives as Transcend's
 * webhooks, and Transcend's dashboard shows Lethe's reports change until its request is completed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports';

const cwd = mkdtempSync(join(tmpdir(), 'lethe-demo-intake-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('lethe demo --intake transcend', () => {
  it('shows the request arriving from Transcend and its dashboard going from WAITING to RESOLVED', async () => {
    let output = '';
    const child = spawn(
      process.execPath,
      [join(__dirname, '../../bin/lethe.js'), 'demo', '--intake', 'transcend'],
      {
        cwd,
        env: { ...process.env, LETHE_DAY_MS: '200', LETHE_DEMO_UI_PORT: String(await freePort()) },
      },
    );
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain("The request arrived as Transcend's webhooks, one per identifier: one erasure.");
    const dashboard = output.split('\n').filter((l) => l.includes('Transcend dashboard:'));
    const first = dashboard.findIndex((l) => /profile 1 \(email\): WAITING/.test(l));
    const resolved = dashboard.findIndex((l) => /profile 1 \(email\): RESOLVED/.test(l));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(resolved).toBeGreaterThan(first);
    expect(dashboard.at(-1)).toContain('request completed in Transcend');
    for (const platform of ['liveperson', 'genesys', 'chatbot', 'zendesk'])
      expect(output).toContain(`Records still holding the person's data on ${platform}: 0`);
    expect(output).toContain("Platform calls that broke a rule of a platform's contract: 0");
  }, 240_000);
});
