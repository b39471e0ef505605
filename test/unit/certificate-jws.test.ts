/**
 * A certificate verifies without Lethe (issue 17, part 5): its detached JWS (RFC 7515, EdDSA) checked
 * with `jose`, a standard JOSE library, and with `openssl` on the command line, as the README tells an
 * auditor to; a changed certificate fails both. Lethe's own verifier is not used here.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flattenedVerify, importSPKI } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { CertificateSigner, recordDigest, serializeCertificate } from '../../src/certificate/signing';
import { Secret } from '../../src/config/secret';
import { buildCertificate } from '../../src/domain/certify';
import type { ErasureResult } from '../../src/domain/result';
import { platformResult } from '../helpers/results';

const T = '2026-12-06T12:00:00.000Z';
const result: ErasureResult = {
  requestId: 'DSR-17',
  subjectRef: 'b'.repeat(64),
  outcome: 'completed',
  reasons: [],
  receivedAt: T,
  finishedAt: T,
  timeline: [{ phase: 'completed', at: T }],
  platforms: { liveperson: platformResult({ erased: { conversation: ['c1', 'c2'] } }) },
  identifiers: [{ kind: 'email', value: 'ada@example.com', provenance: 'request' }],
  deadline: { deadline: T, meetsDeadline: true },
  stoppedAtHardStop: false,
  holds: [],
  downstream: [],
};
const pair = generateKeyPairSync('ed25519');
const signer = new CertificateSigner(
  new Secret(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  'audit-2026',
);
const file = serializeCertificate(
  signer.sign(buildCertificate(result, T, recordDigest(new Secret('jws-test-digest-key-0123456789abcdef')))),
);
const dir = mkdtempSync(join(tmpdir(), 'lethe-jws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * What an auditor takes from the file with any JSON tool: the JWS, and the certificate member's text.
 * The file is canonical JSON (RFC 8785) with `certificate` first, so that member's bytes are exactly the
 * canonical JSON the signature covers.
 */
function partsOf(text: string): { jws: string; payload: string } {
  const { signature } = JSON.parse(text) as { signature: { jws: string } };
  const start = text.indexOf('{"certificate":') + '{"certificate":'.length;
  const end = text.lastIndexOf(',"signature":');
  return { jws: signature.jws, payload: Buffer.from(text.slice(start, end)).toString('base64url') };
}

async function joseVerifies(text: string): Promise<boolean> {
  const { jws, payload } = partsOf(text);
  const [protectedHeader, , signature] = jws.split('.');
  const key = await importSPKI(signer.publicKeyPem(), 'EdDSA');
  try {
    const verified = await flattenedVerify(
      { protected: protectedHeader ?? '', payload, signature: signature ?? '' },
      key,
      { algorithms: ['EdDSA'] },
    );
    return verified.protectedHeader?.kid === 'audit-2026';
  } catch {
    return false;
  }
}

function opensslVerifies(text: string, name: string): boolean {
  const { jws, payload } = partsOf(text);
  const [header, , signature] = jws.split('.');
  const input = join(dir, `${name}.input`);
  const sig = join(dir, `${name}.sig`);
  const key = join(dir, 'key.pem');
  writeFileSync(input, `${header}.${payload}`);
  writeFileSync(sig, Buffer.from(signature ?? '', 'base64url'));
  writeFileSync(key, signer.publicKeyPem());
  const run = spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', key, '-rawin', '-in', input, '-sigfile', sig],
    {
      encoding: 'utf8',
    },
  );
  return run.status === 0 && run.stdout.includes('Signature Verified Successfully');
}

describe('a certificate any JOSE tool verifies', () => {
  const changed = file.replace('"outcome":"completed"', '"outcome":"cancelled"');

  it('carries a detached JWS: EdDSA, the key id, no payload of its own', () => {
    const { jws } = partsOf(file);
    const [header, payload, signature] = jws.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toEqual({
      alg: 'EdDSA',
      kid: 'audit-2026',
    });
    expect(payload).toBe('');
    expect(Buffer.from(signature ?? '', 'base64url')).toHaveLength(64);
  });

  it('verifies with jose, and a changed certificate does not', async () => {
    expect(changed).not.toBe(file);
    expect(await joseVerifies(file)).toBe(true);
    expect(await joseVerifies(changed)).toBe(false);
  });

  it('verifies with openssl, and a changed certificate does not', () => {
    expect(opensslVerifies(file, 'good')).toBe(true);
    expect(opensslVerifies(changed, 'changed')).toBe(false);
  });
});
