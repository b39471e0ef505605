/**
 * The certificate (src/domain/certificate.ts, src/certificate/*): built from a result with no raw
 * identifier in it, signed with Ed25519 over RFC 8785 canonical JSON, verified with the public key
 * alone (any changed byte, a reordered field or a wrong key fails), rendered as HTML, and checked by
 * `lethe verify-certificate` with meaningful exit codes.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCertificateHtml } from '../../src/certificate/html';
import {
  CertificateSigner,
  recordDigest,
  serializeCertificate,
  verifyCertificate,
} from '../../src/certificate/signing';
import { EXIT, main } from '../../src/cli/lethe';
import { Secret } from '../../src/config/secret';
import { buildCertificate } from '../../src/domain/certify';
import type { ErasureResult } from '../../src/domain/result';

const T = '2026-01-10T12:00:00.000Z';
const SECRET_VALUES = [
  'ada@example.com',
  '+447700900123',
  'Ada Lovelace',
  'cust-8812',
  'consumer-77',
  'conv-a1',
  'conv-a2',
];

const result: ErasureResult = {
  requestId: 'DSR-2041',
  subjectRef: 'a'.repeat(64),
  outcome: 'completed',
  reasons: [],
  receivedAt: T,
  finishedAt: T,
  timeline: [
    { phase: 'resolving', at: T },
    { phase: 'completed', at: T },
  ],
  platforms: {
    liveperson: {
      verdict: 'erased',
      erased: { conversation: ['conv-a1', 'conv-a2'], consumer: ['consumer-77'] },
      requests: [
        {
          requestId: '127001',
          kind: 'conversation',
          records: 2,
          ids: ['conv-a1', 'conv-a2'],
          submittedAt: T,
          closedAt: T,
          verifications: [{ at: T, requestStatus: 'DONE', present: 0, confirmed: 2 }],
        },
      ],
      stillPresent: [],
      stillActive: [],
      failedBatches: [
        {
          kind: 'consumer',
          ids: ['consumer-77'],
          errorType: 'PlatformRejected',
          message: 'bad id consumer-77',
          at: T,
        },
      ],
      held: [],
      retained: [],
    },
  },
  identifiers: [
    { kind: 'email', value: 'ada@example.com', provenance: 'request' },
    { kind: 'phone', value: '+447700900123', provenance: 'genesys:email' },
    { kind: 'name', value: 'Ada Lovelace', provenance: 'genesys:email' },
    { kind: 'customerId', value: 'cust-8812', provenance: 'request' },
  ],
  deadline: { deadline: T, expectedCompletion: T, meetsDeadline: true },
  stoppedAtHardStop: false,
  holds: [],
  downstream: [],
};

const digestKey = new Secret('certificate-test-digest-key-0123456789');
const pair = generateKeyPairSync('ed25519');
const signer = new CertificateSigner(
  new Secret(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  'test-2026',
);
const publicKey = signer.publicKeyPem();
const signed = signer.sign(buildCertificate(result, T, recordDigest(digestKey)));
const file = serializeCertificate(signed);

describe('certificate', () => {
  it('verifies with the public key alone', () => {
    expect(verifyCertificate(file, publicKey)).toMatchObject({ valid: true, keyId: 'test-2026' });
  });

  it('holds no identifier and no record id, only counts and keyed digests anyone with the key can check', () => {
    for (const value of SECRET_VALUES) expect(file).not.toContain(value);
    expect(signed.certificate.identifiers).toEqual({ request: 2, 'genesys:email': 2 });
    const digest = recordDigest(digestKey);
    const conversations = signed.certificate.systems.liveperson?.erased.conversation;
    expect(conversations?.records).toContain(digest('liveperson', 'conversation', 'conv-a1'));
    expect(conversations?.count).toBe(2);
    const sorted = ['conv-a1', 'conv-a2'].map((id) => digest('liveperson', 'conversation', id)).sort();
    expect(conversations?.set).toBe(digest('liveperson', 'conversation', `set:${sorted.join(',')}`));
    expect(signed.certificate.systems.liveperson?.failedBatches).toEqual([
      { kind: 'consumer', records: 1, errorType: 'PlatformRejected', at: T },
    ]);
  });

  it('fails when the JWS beside the signature does not hold, even with the signature intact', () => {
    const parsed = JSON.parse(file) as { certificate: unknown; signature: { jws: string } };
    const [header, , sig] = parsed.signature.jws.split('.');
    const flipped = `${sig?.startsWith('A') ? 'B' : 'A'}${sig?.slice(1)}`;
    const forged = serializeCertificate({
      ...parsed,
      signature: { ...parsed.signature, jws: `${header}..${flipped}` },
    } as never);
    expect(verifyCertificate(forged, publicKey)).toEqual({
      valid: false,
      reason: 'the JWS signature does not verify with this public key',
    });
  });

  it("the page's verdict never says more than the outcome: an excluded match is named, a cancelled one met no deadline", () => {
    const excluded = signer.sign(
      buildCertificate(
        {
          ...result,
          derivedMatches: [
            {
              ref: 'm2',
              platform: 'liveperson',
              chain: 'phone (request, held for others too)',
              reach: 'confirm',
              records: { conversation: 2 },
              decision: { confirmed: false, by: 'dpo', at: T },
            },
          ],
        },
        T,
        recordDigest(digestKey),
      ),
    );
    expect(renderCertificateHtml(excluded)).toContain(
      'Erased everywhere it was found; 2 records excluded as someone else&#39;s (below) · deadline met',
    );
    const cancelled = signer.sign(
      buildCertificate(
        {
          ...result,
          outcome: 'cancelled',
          cancellation: { by: 'dpo', reason: 'duplicate', at: T, via: 'signal', submitted: [] },
        },
        T,
        recordDigest(digestKey),
      ),
    );
    const page = renderCertificateHtml(cancelled);
    expect(page).toContain('CANCELLED by dpo: stopped before it finished · deadline not met');
    expect(page).not.toContain('(met)');
  });

  it('fails on any changed byte', () => {
    for (const at of [10, Math.floor(file.length / 2), file.length - 10]) {
      const c = file[at] === 'a' ? 'b' : 'a';
      const changed = file.slice(0, at) + c + file.slice(at + 1);
      expect(verifyCertificate(changed, publicKey).valid).toBe(false);
    }
  });

  it('fails on a reordered field, even with the same content', () => {
    const parsed = JSON.parse(file) as { certificate: Record<string, unknown>; signature: unknown };
    const { requestId, ...rest } = parsed.certificate;
    const reordered = `${JSON.stringify({ certificate: { ...rest, requestId }, signature: parsed.signature })}\n`;
    expect(verifyCertificate(reordered, publicKey)).toEqual({
      valid: false,
      reason: 'not in canonical form (RFC 8785): the file was changed',
    });
  });

  it('fails on a changed value re-canonicalised (the signature no longer matches), and with a wrong key', () => {
    const parsed = JSON.parse(file) as { certificate: { outcome: string }; signature: unknown };
    parsed.certificate.outcome = 'cancelled';
    const forged = serializeCertificate(parsed as never);
    expect(verifyCertificate(forged, publicKey)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/signature/),
    });
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyCertificate(file, other).valid).toBe(false);
  });

  it('renders the same content as a page for auditors, escaped, without identifiers', () => {
    const html = renderCertificateHtml(signed);
    expect(html).toContain('DSR-2041');
    expect(html).toContain('127001');
    expect(html).toContain(signed.signature.value);
    for (const value of SECRET_VALUES) expect(html).not.toContain(value);
    const hostile = signer.sign(
      buildCertificate({ ...result, requestId: '<script>x</script>' }, T, recordDigest(digestKey)),
    );
    expect(renderCertificateHtml(hostile)).not.toContain('<script>x');
  });

  it('names the reclaim step of every warehouse table, a failed one plainly, and what stays until rotation', () => {
    const reclaim = (ok: boolean) => ({
      step: 'VACUUM FULL' as const,
      ok,
      freedSpace: ok ? ('rewritten without them' as const) : ('may still hold them' as const),
      ...(ok ? {} : { error: 'VACUUM FULL skipped by the server' }),
      retainedUntilRotation: ['PostgreSQL WAL until recycled'],
      at: T,
    });
    const table = { target: 'dw', action: 'delete' as const, rows: 2, remaining: 0, at: T };
    const withWarehouse = {
      ...result,
      downstream: [
        {
          pass: 'after_platforms' as const,
          at: T,
          tables: [
            { ...table, table: 'support.chats', reclaim: reclaim(true) },
            { ...table, table: 'crm.contacts', reclaim: reclaim(false) },
          ],
        },
      ],
    };
    const page = renderCertificateHtml(
      signer.sign(buildCertificate(withWarehouse, T, recordDigest(digestKey))),
    );
    expect(page).toContain('VACUUM FULL: rewritten without them');
    expect(page).toContain('VACUUM FULL: FAILED (VACUUM FULL skipped by the server)');
    expect(page).toContain('dw: PostgreSQL WAL until recycled');
  });

  it('refuses a signing key that is not Ed25519', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => new CertificateSigner(new Secret(rsa), 'x')).toThrow(/Ed25519/);
  });
});

describe('lethe verify-certificate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lethe-cert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const cert = write('cert.json', file);
  const pub = write('public.pem', publicKey);

  it('exits 0 for a valid certificate, saying whose and by which key', async () => {
    expect(await run('verify-certificate', cert, '--public-key', pub)).toMatchObject({
      code: EXIT.ok,
      out: 'valid: certificate of DSR-2041 (completed), signed by key test-2026',
    });
    const json = await run('verify-certificate', cert, '--public-key', pub, '--json');
    expect(JSON.parse(json.out)).toEqual({ valid: true, keyId: 'test-2026', requestId: 'DSR-2041' });
  });

  it('exits 1 for a changed certificate, saying why', async () => {
    const changed = write('changed.json', file.replace('"completed"', '"cancelled"'));
    const answer = await run('verify-certificate', changed, '--public-key', pub);
    expect(answer.code).toBe(EXIT.invalid);
    expect(answer.out).toMatch(/^NOT valid: /);
  });

  it('exits 2 with a usage error for a missing flag or an unreadable file, naming it', async () => {
    const missing = await run('verify-certificate', cert);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('--public-key');
    const unreadable = await run('verify-certificate', join(dir, 'nope.json'), '--public-key', pub);
    expect(unreadable.code).toBe(EXIT.usage);
    expect(unreadable.err).toContain('nope.json');
  });

  it('runs as the installed `lethe` command, with its exit codes', () => {
    const bin = join(__dirname, '..', '..', 'bin', 'lethe.js');
    const ok = spawnSync(process.execPath, [bin, 'verify-certificate', cert, '--public-key', pub], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(EXIT.ok);
    expect(ok.stdout).toContain('valid: certificate of DSR-2041');
    const usage = spawnSync(process.execPath, [bin, 'verify-certificate', cert], { encoding: 'utf8' });
    expect(usage.status).toBe(EXIT.usage);
    expect(usage.stderr).toContain('--public-key');
  });

  it('writes the HTML page of a certificate', async () => {
    const out = join(dir, 'cert.html');
    expect((await run('certificate-html', cert, '--public-key', pub, '--out', out)).code).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).toContain('Certificate of erasure');
  });
});

describe('certificate of a large erasure', () => {
  it('pins thousands of records by a set commitment instead of listing them, staying small', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `conv-${i}`);
    const lp = result.platforms.liveperson;
    if (!lp) throw new Error('fixture');
    const big: ErasureResult = {
      ...result,
      platforms: { liveperson: { ...lp, erased: { conversation: ids } } },
    };
    const cert = buildCertificate(big, T, recordDigest(digestKey));
    const set = cert.systems.liveperson?.erased.conversation;
    expect(set?.count).toBe(10_000);
    expect(set?.records).toBeUndefined();
    expect(serializeCertificate(signer.sign(cert)).length).toBeLessThan(8_000);
    // One record more or less changes the commitment.
    const fewer = buildCertificate(
      { ...big, platforms: { liveperson: { ...lp, erased: { conversation: ids.slice(1) } } } },
      T,
      recordDigest(digestKey),
    );
    expect(fewer.systems.liveperson?.erased.conversation?.set).not.toBe(set?.set);
  });
});
