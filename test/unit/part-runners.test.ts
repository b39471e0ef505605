/**
 * The part runners of the `lethe` bin as real processes: each starts, says where it listens, serves,
 * and exits 0 on SIGTERM. (The worker's own process test is test/e2e/worker-operations.test.ts.)
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec } from '../../src/codec/encryption-codec';
import { LOCAL_CODEC_KEYS, LOCAL_HMAC_KEY, LOCAL_KEYRING } from '../../src/local/local-keys';

const BIN = join(__dirname, '../../bin/lethe.js');

interface Part {
  readonly child: ChildProcessWithoutNullStreams;
  /** The first log line carrying a `url`. */
  readonly listening: Promise<{ url: string; [k: string]: unknown }>;
  readonly exit: Promise<number | null>;
  readonly stderr: () => string;
}

function start(args: string[], env: NodeJS.ProcessEnv = {}): Part {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const listening = new Promise<{ url: string }>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { url?: string };
        if (entry.url) resolve(entry as { url: string });
      }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${err}`)));
  });
  listening.catch(() => undefined); // a test that expects an early exit reads `exit` instead
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, listening, exit, stderr: () => err };
}

describe('lethe part runners', () => {
  it('simulator <platform> serves on the port asked for, and stops cleanly on SIGTERM', async () => {
    const sim = start(['simulator', 'liveperson', '--port', '0']);
    const { url, accountId } = await sim.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(typeof accountId).toBe('string');
    const journal = await fetch(`${url}/admin/clock`);
    expect(journal.status).toBe(200);
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
  });

  it('simulator on 0.0.0.0 (in a container) sends clients to the host they reached it by', async () => {
    const sim = start(['simulator', 'liveperson', '--port', '0'], { LETHE_SIMULATOR_HOST: '0.0.0.0' });
    const { url, accountId } = await sim.listening;
    const port = new URL(url).port;
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `/api/account/${String(accountId)}/service/rtbf/baseURI.json?version=1.0`,
          headers: { host: 'liveperson-simulator:8484' },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(JSON.parse(body)).toMatchObject({ baseURI: 'liveperson-simulator:8484' });
    sim.child.kill('SIGTERM');
    expect(await sim.exit).toBe(0);
  });

  it('codec-server decodes what the data converter encoded, and stops cleanly on SIGTERM', async () => {
    const codec = start(['codec-server'], {
      LETHE_CODEC_KEYS: LOCAL_CODEC_KEYS.reveal(),
      LETHE_SUBJECT_HMAC_KEY: LOCAL_HMAC_KEY.reveal(),
      LETHE_CODEC_SERVER_PORT: '0',
    });
    const { url } = await codec.listening;
    const [sealed] = await new EncryptionCodec(LOCAL_KEYRING).encode([
      defaultPayloadConverter.toPayload({ requestId: 'DSR-1' }) as Payload,
    ]);
    const b64 = (v: Uint8Array | null | undefined): string => Buffer.from(v ?? []).toString('base64');
    const payload = {
      metadata: Object.fromEntries(Object.entries(sealed?.metadata ?? {}).map(([k, v]) => [k, b64(v)])),
      data: b64(sealed?.data),
    };
    const res = await fetch(`${url}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      body: JSON.stringify({ payloads: [payload] }),
    });
    expect(res.status).toBe(200);
    const { payloads } = (await res.json()) as { payloads: Array<{ data: string }> };
    expect(Buffer.from(payloads[0]?.data ?? '', 'base64').toString()).toBe('{"requestId":"DSR-1"}');
    codec.child.kill('SIGTERM');
    expect(await codec.exit).toBe(0);
  });

  it('a runner without its configuration, or for an unknown platform, exits 2 and says why', async () => {
    const unknown = start(['simulator', 'myspace']);
    expect(await unknown.exit).toBe(2);
    expect(unknown.stderr()).toContain("value 'myspace' is invalid for argument 'platform'");
    const codec = start(['codec-server'], { LETHE_CODEC_KEYS: '', LETHE_SUBJECT_HMAC_KEY: '' });
    expect(await codec.exit).toBe(2);
    expect(codec.stderr()).toContain('LETHE_CODEC_KEYS');
  });
});
