import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVIRONMENT } from '../../src/config';
import { seedDemoPerson } from '../../src/local/demo/seed';

// `lethe demo-seed` writes made-up people into the demo's simulators. Pointed at a real platform (an
// operator's shell with production settings), it must refuse before sending anything but a read.
describe('lethe demo-seed, pointed at something that is not a simulator', () => {
  let server: Server;
  let url: string;
  const calls: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lethe-demo-seed-'));
    // As a real API answers a path it does not have.
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, naming the platform, and sends nothing but one read of the admin clock', async () => {
    const env = { [ENVIRONMENT.genesysApiUrl]: url };
    await expect(seedDemoPerson(env, 'guard', dir)).rejects.toThrow(
      /the genesys settings point at something that is not a Lethe simulator/,
    );
    expect(calls).toEqual(['GET /admin/clock']);
  });

  it('refuses when no platform is set at all', async () => {
    await expect(seedDemoPerson({}, 'guard', dir)).rejects.toThrow(/cli\.env/);
  });
});
