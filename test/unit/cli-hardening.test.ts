/**
 * The operator CLI against hostile input and hostile data, with no Temporal (test/helpers/cli-harness):
 * requests refused at the edge (exit 2, the field named, the value never echoed, nothing connected);
 * bounded reads; every printed line free of control characters; cancelled said as cancelled; exit codes
 * that mean what they say (codec keys, public keys, certificates that do not verify); --version.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCertificateHtml } from '../../src/certificate/html';
import { CertificateSigner, recordDigest, serializeCertificate } from '../../src/certificate/signing';
import { InputTooLargeError, readBounded } from '../../src/cli/bounded-read';
import { MAX_REQUEST_FILE_BYTES } from '../../src/cli/erase-request';
import { EXIT } from '../../src/cli/lethe';
import { erasureStatus } from '../../src/client/listing';
import { DecryptionError } from '../../src/codec/encryption-codec';
import { Secret } from '../../src/config/secret';
import { buildCertificate } from '../../src/domain/certify';
import { inline, isPrintable, printable } from '../../src/domain/printable';
import type { ErasureResult } from '../../src/domain/result';
import { lethe, progressOf, rowOf, standInClient } from '../helpers/cli-harness';

const dir = mkdtempSync(join(tmpdir(), 'lethe-cli-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer): string => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

const ID = `erasure-${'a'.repeat(64)}`;
const DAY = 86_400_000;
const request = {
  requestId: 'DSR-9',
  subjectKey: 'customer-9',
  identifiers: [{ kind: 'email', value: 'ada@example.com' }],
  requestedBy: 'privacy-desk',
};
const erase = (body: unknown, ...flags: string[]) =>
  lethe(['erase', '--file', '-', ...flags], { stdin: JSON.stringify(body) });

/** Every line printable, and no line break inside a line. */
const clean = (lines: readonly string[]): void => {
  for (const line of lines) {
    expect(isPrintable(line), JSON.stringify(line)).toBe(true);
    expect(line).not.toContain('\n');
  }
};

describe('printable: one helper for everything printed from data', () => {
  it('escapes C0 (ESC among them), DEL, C1, line separators and bidirectional overrides', () => {
    expect(printable('a\x1b[2Jb')).toBe('a\\u001b[2Jb');
    expect(printable('\x07\x7f\u0085\u009b31m')).toBe('\\u0007\\u007f\\u0085\\u009b31m');
    expect(printable('evil\u202Egnp.exe\u2028x\u2066')).toBe('evil\\u202egnp.exe\\u2028x\\u2066');
    expect(printable('tab\there\rcr')).toBe('tab\\u0009here\\u000dcr');
  });

  it('keeps line breaks in output text, but not inside one value', () => {
    expect(printable('one\ntwo')).toBe('one\ntwo');
    expect(inline('one\ntwo')).toBe('one\\u000atwo');
  });

  it('leaves a JSON line the same JSON', () => {
    const value = { s: 'a\u0085b\u202e\x7f\\\u2028"', n: [1, 'é'] };
    const line = printable(JSON.stringify(value));
    expect(isPrintable(line)).toBe(true);
    expect(JSON.parse(line)).toEqual(value);
  });
});

describe('requests refused at the edge: exit 2, the field named, the value never echoed, nothing started', () => {
  const cases: Array<[string, unknown, string[], RegExp, string?]> = [
    [
      'a 300-character email',
      { ...request, identifiers: [{ kind: 'email', value: `${'e'.repeat(290)}@example.com` }] },
      [],
      /identifiers\.0\.value \(--email\/--phone\/--identifier\): must be an email address of at most 254/,
      'e'.repeat(290),
    ],
    [
      'a 100,000-character email',
      { ...request, identifiers: [{ kind: 'email', value: `${'f'.repeat(100_000)}@example.com` }] },
      [],
      /identifiers\.0\.value/,
      'f'.repeat(40),
    ],
    ['options given as a string', { ...request, options: 'dryRun' }, [], /options must be an object/],
    ['options given as a list', { ...request, options: ['dryRun'] }, [], /options must be an object/],
    ['options given as null', { ...request, options: null }, [], /options must be an object/],
    [
      'a platform named twice',
      { ...request, systems: ['liveperson', 'liveperson'] },
      [],
      /systems\.1 \(--system\): is listed twice/,
    ],
    [
      'a receipt in 1900',
      { ...request, receivedAt: '1900-01-01T00:00:00Z' },
      [],
      /receivedAt \(--received-at\)/,
    ],
    [
      'a receipt in 2999',
      { ...request, receivedAt: '2999-01-01T00:00:00Z' },
      [],
      /receivedAt \(--received-at\): must not be in the future/,
    ],
    [
      'a deadline before receipt',
      { ...request, receivedAt: '2026-01-10T00:00:00Z', options: { deadline: '2026-01-09T00:00:00Z' } },
      [],
      /options\.deadline \(--deadline\): must be after the request was received/,
    ],
    [
      'a deadline before now, with no receipt given',
      { ...request, options: { deadline: new Date(Date.now() - DAY).toISOString() } },
      [],
      /options\.deadline \(--deadline\): must be after/,
    ],
    [
      'a deadline a year after receipt',
      { ...request, options: { deadline: new Date(Date.now() + 365 * DAY).toISOString() } },
      [],
      /options\.deadline \(--deadline\): must be at most 94 days/,
    ],
    [
      'a misspelt option',
      { ...request, options: { dryrun: true } },
      [],
      /options\.dryrun: is not a known field/,
    ],
    [
      'a requestedBy with a terminal sequence',
      { ...request, requestedBy: 'desk\x1b]0;owned\x07' },
      [],
      /requestedBy \(--requested-by\): must not contain control characters/,
      'owned',
    ],
  ];

  it.each(cases)('%s', async (_name, body, flags, message, secret) => {
    const run = await erase(body, ...flags);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err.join('\n')).toMatch(message);
    if (secret) expect(run.err.join('\n')).not.toContain(secret);
    clean(run.err);
    expect(run.connects).toBe(0);
    expect(run.started).toEqual([]);
  });

  it('refuses a duplicate --system flag too', async () => {
    const run = await erase(request, '--system', 'genesys', '--system', 'genesys');
    expect(run.code).toBe(EXIT.usage);
    expect(run.err.join('\n')).toMatch(/systems\.1 \(--system\): is listed twice/);
  });

  it('starts a valid request, a dry run, with nothing to reach (the workflow input is what prepare built)', async () => {
    const run = await erase(request, '--dry-run', '--json');
    expect(run.code).toBe(EXIT.ok);
    expect(run.started).toHaveLength(1);
    expect(run.started[0]).toMatchObject({ requestId: 'DSR-9', options: { dryRun: true } });
    expect(JSON.stringify(run.started[0])).not.toContain('customer-9');
  });
});

describe('what erase reads is bounded', () => {
  it(`refuses a body over ${MAX_REQUEST_FILE_BYTES / 1024} KiB on standard input or in a file: exit 2, never 70`, async () => {
    const huge = JSON.stringify({ ...request, reason: 'r'.repeat(2_500_000) });
    const piped = await lethe(['erase', '--file', '-'], { stdin: huge });
    expect(piped.code).toBe(EXIT.usage);
    expect(piped.err).toEqual(['error: request on standard input is larger than 1 MiB']);
    const file = write('huge.json', huge);
    const filed = await lethe(['erase', '--file', file]);
    expect(filed.code).toBe(EXIT.usage);
    expect(filed.err.join('\n')).toContain('is larger than 1 MiB');
  });

  it('reads a file up to the limit, and stops one byte past it', () => {
    const file = write('bytes.txt', Buffer.alloc(1000, 'x'));
    expect(readBounded(file, 1000)).toHaveLength(1000);
    expect(() => readBounded(file, 999)).toThrow(InputTooLargeError);
  });

  it('refuses a body that is valid JSON and within the read bound but too large as a request, naming (input)', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => ({
      kind: 'customerId',
      value: `${i}`.padEnd(200, 'é'),
    }));
    const run = await erase({ ...request, identifiers: ids });
    expect(run.code).toBe(EXIT.usage);
    expect(run.err.join('\n')).toMatch(/\(input\): is \d+ KiB, more than the 256 KiB/);
  });
});

describe('operator input checked before anything connects', () => {
  it.each([
    [['cancel', ID, '--by', 'b'.repeat(201), '--reason', 'r'], /--by: must be at most 200/],
    [['cancel', ID, '--by', '  ', '--reason', 'r'], /--by: is required/],
    [['hold', ID, '--by', 'dpo', '--reason', 'x\x1b[2J'], /--reason: must not contain control characters/],
    [['release', ID, '--by', 'dpo', '--reason', 'r'.repeat(2001)], /--reason: must be at most 2000/],
    [['retry', ID, '--by', 'dpo\u0085'], /--by: must not contain control characters/],
    [['add-identifiers', ID, '--email', 'not-mail', '--by', 'dpo'], /identifiers\.0\.value .*email address/],
    [['add-identifiers', ID, '--email', `${'g'.repeat(300)}@x.example`, '--by', 'dpo'], /at most 254/],
  ])('%j', async (argv, message) => {
    const run = await lethe(argv);
    expect(run.code).toBe(EXIT.usage);
    expect(run.err.join('\n')).toMatch(message);
    expect(run.err.join('\n')).not.toContain('ggggg');
    expect(run.connects).toBe(0);
  });

  it('sends what passes', async () => {
    expect((await lethe(['cancel', ID, '--by', 'dpo', '--reason', 'withdrawn\nby letter'])).code).toBe(
      EXIT.ok,
    );
    expect((await lethe(['add-identifiers', ID, '--phone', '+44 7700 900123', '--by', 'dpo'])).code).toBe(
      EXIT.ok,
    );
  });
});

describe('cancelled is said as cancelled', () => {
  const cancelled = progressOf({
    phase: 'cancelled',
    outcome: 'cancelled',
    cancellation: {
      by: 'dpo',
      reason: 'withdrawn',
      at: '2026-11-20T00:00:00.000Z',
      via: 'signal',
      submitted: [],
    },
  });

  it('erasureStatus: the phase once the workflow completed, Temporal’s word when Temporal ended it', () => {
    expect(erasureStatus('COMPLETED', 'cancelled')).toBe('cancelled');
    expect(erasureStatus('COMPLETED', 'incomplete')).toBe('incomplete');
    expect(erasureStatus('COMPLETED', 'planned')).toBe('planned');
    expect(erasureStatus('COMPLETED', 'completed')).toBe('completed');
    expect(erasureStatus('COMPLETED', 'awaiting_platform')).toBe('ended');
    expect(erasureStatus('COMPLETED', undefined)).toBe('ended');
    expect(erasureStatus('CANCELLED', 'awaiting_platform')).toBe('cancelled');
    expect(erasureStatus('TERMINATED', 'awaiting_platform')).toBe('terminated');
    expect(erasureStatus('RUNNING', 'on_hold')).toBe('on_hold');
    expect(erasureStatus('RUNNING', undefined)).toBe('running');
  });

  it('status says (cancelled), not (completed); its JSON carries the same word', async () => {
    const answers = { progress: cancelled, execution: 'COMPLETED' };
    const run = await lethe(['status', ID], { answers });
    expect(run.out.slice(0, 2)).toEqual([ID, 'request   DSR-1  (cancelled)']);
    expect(run.out.join('\n')).not.toContain('(completed)');
    const json = await lethe(['status', ID, '--json'], { answers });
    expect(JSON.parse(json.out[0] ?? '')).toMatchObject({ execution: 'COMPLETED', status: 'cancelled' });
  });

  it('watch ends saying cancelled, by whom and why, and exits 1; on a terminal its redraw says it too', async () => {
    const answers = { progress: cancelled, execution: 'COMPLETED' };
    const run = await lethe(['watch', ID], { answers });
    expect(run.code).toBe(EXIT.invalid);
    expect(run.out.at(-1)).toBe('ended: cancelled by dpo: withdrawn');
    const screen = await lethe(['watch', ID], { answers, tty: true });
    expect(screen.out[0]).toContain(`${ID}\nrequest   DSR-1  (cancelled)`);
    // After the last redraw, one line says why it exits 1.
    expect(screen.out.at(-1)).toBe('ended: cancelled by dpo: withdrawn');
    const json = await lethe(['watch', ID, '--json'], { answers });
    expect(json.err).toEqual(['ended: cancelled by dpo: withdrawn']);
    expect(json.out.map((l) => JSON.parse(l))).toHaveLength(1);
    const temporal = await lethe(['watch', ID], { answers: { progress: cancelled, execution: 'CANCELLED' } });
    expect(temporal.out.at(-1)).toBe('ended: cancelled through Temporal');
  });

  it('list says cancelled, incomplete, terminated as they are', async () => {
    const rows = [
      rowOf('erasure-1', 'COMPLETED', 'cancelled'),
      rowOf('erasure-2', 'COMPLETED', 'incomplete'),
      rowOf('erasure-3', 'TERMINATED', 'awaiting_platform'),
      rowOf('erasure-4', 'RUNNING', 'awaiting_platform'),
    ];
    const run = await lethe(['list', '--all'], { answers: { rows } });
    const statusOf = (id: string) => run.out.find((l) => l.startsWith(id))?.split(/\s+/)[1];
    expect(['erasure-1', 'erasure-2', 'erasure-3', 'erasure-4'].map(statusOf)).toEqual([
      'cancelled',
      'incomplete',
      'terminated',
      'awaiting_platform',
    ]);
  });
});

describe('data never drives the terminal', () => {
  const hostile = progressOf({
    requestId: 'DSR\x1b[2J\x1b[H-1',
    phase: 'awaiting_platform',
    outcome: undefined,
    holds: [
      {
        by: 'dpo\u009b31m',
        reason: 'litigation\nphase     completed',
        placedAt: '2026-11-20T00:00:00.000Z',
        withdrawn: [],
        notWithdrawable: [],
      },
    ],
    lastError: {
      at: '2026-11-20T00:00:00.000Z',
      platform: 'genesys',
      type: 'Rejected',
      message: 'bad\x1b]0;x\x07\r',
    },
    needsAttention: {
      platform: 'liveperson',
      type: 'AuthFailed',
      message: '\u202eyrots',
      since: '2026-11-20T00:00:00.000Z',
    },
  });

  it('status prints every line escaped, and a line break in data forges no line', async () => {
    const run = await lethe(['status', ID], { answers: { progress: hostile } });
    expect(run.code).toBe(EXIT.ok);
    clean(run.out);
    expect(run.out.filter((l) => l.startsWith('phase'))).toHaveLength(1);
    expect(run.out.join('\n')).toContain('DSR\\u001b[2J\\u001b[H-1');
  });

  it('watch (lines, redraw and JSON) and status --json print no control character', async () => {
    const answers = { progress: hostile, execution: 'TERMINATED' };
    clean((await lethe(['watch', ID], { answers })).out);
    const screen = (await lethe(['watch', ID], { answers, tty: true })).out;
    expect(screen).toHaveLength(2);
    expect(screen[1]).toBe('ended: the workflow terminated');
    const text = screen[0] ?? '';
    expect(text.startsWith('\x1b[H\x1b[2J')).toBe(true);
    clean(text.slice('\x1b[H\x1b[2J'.length).split('\n'));
    const json = await lethe(['status', ID, '--json'], { answers });
    clean(json.out);
    expect(JSON.parse(json.out[0] ?? '').progress.requestId).toBe(hostile.requestId);
  });

  it('error messages carrying data (a refusal, a key id) are one printable line', async () => {
    const run = await lethe(['status', ID], {
      answers: {
        failure: new DecryptionError('payload encrypted with key k\x1b[2J\n9, which is not in the keyring'),
      },
    });
    expect(run.err).toHaveLength(1);
    clean(run.err);
  });
});

describe('exit codes that mean what they say', () => {
  it('--version prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const run = await lethe(['--version']);
    expect(run).toMatchObject({ code: EXIT.ok, out: [version] });
  });

  it('a payload the codec keys cannot decrypt is exit 2 naming LETHE_CODEC_KEYS, also when wrapped', async () => {
    const refusal = new DecryptionError(
      'payload under key k1 fails authentication (altered, or another key)',
    );
    for (const failure of [refusal, new Error('query failed', { cause: refusal })]) {
      const run = await lethe(['status', ID], { answers: { failure } });
      expect(run.code).toBe(EXIT.usage);
      expect(run.err.join('\n')).toMatch(/LETHE_CODEC_KEYS/);
    }
  });
});

describe('certificate files', () => {
  const T = '2026-01-10T12:00:00.000Z';
  const result: ErasureResult = {
    requestId: 'DSR-7',
    subjectRef: 'a'.repeat(64),
    outcome: 'cancelled',
    reasons: [],
    receivedAt: T,
    finishedAt: T,
    timeline: [{ phase: 'cancelled', at: T }],
    platforms: {},
    identifiers: [{ kind: 'email', value: 'ada@example.com', provenance: 'request' }],
    deadline: { deadline: T, meetsDeadline: true },
    stoppedAtHardStop: false,
    holds: [
      {
        by: 'dpo\u0085',
        reason: '<script>alert(1)</script>\x1b[2J\u202e',
        placedAt: T,
        withdrawn: [],
        notWithdrawable: [],
      },
    ],
    cancellation: { by: 'dpo', reason: 'withdrawn\x07', at: T, via: 'signal', submitted: [] },
    downstream: [],
  };
  const pair = generateKeyPairSync('ed25519');
  const signer = new CertificateSigner(
    new Secret(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
    'test-key',
  );
  const signed = signer.sign(
    buildCertificate(result, T, recordDigest(new Secret('digest-key-0123456789abcdef'))),
  );
  const cert = write('cert.json', serializeCertificate(signed));
  const pub = write('public.pem', signer.publicKeyPem());
  const changed = write('changed.json', serializeCertificate(signed).replace('"cancelled"', '"completed"'));
  const rsa = write(
    'rsa.pem',
    generateKeyPairSync('rsa', { modulusLength: 1024 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString(),
  );
  const garbage = write('garbage.pem', '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n');

  it('verify-certificate: a key that cannot be read, or is not Ed25519, is a usage error (2), not "NOT valid"', async () => {
    expect((await lethe(['verify-certificate', cert, '--public-key', pub])).code).toBe(EXIT.ok);
    for (const key of [garbage, rsa, join(dir, 'missing.pem')]) {
      const run = await lethe(['verify-certificate', cert, '--public-key', key]);
      expect(run.code).toBe(EXIT.usage);
      expect(run.out).toEqual([]);
      expect(run.err.join('\n')).toMatch(/--public-key|public key/);
    }
    expect((await lethe(['verify-certificate', changed, '--public-key', pub])).code).toBe(EXIT.invalid);
  });

  it('certificate-html verifies first: 1 when it does not verify, 2 with neither key nor --unverified', async () => {
    const out = join(dir, 'page.html');
    expect((await lethe(['certificate-html', cert, '--public-key', pub, '--out', out])).code).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8')).not.toContain('NOT VERIFIED');
    const refusedPage = await lethe(['certificate-html', changed, '--public-key', pub]);
    expect(refusedPage.code).toBe(EXIT.invalid);
    expect(refusedPage.err.join('\n')).toMatch(/does not verify/);
    expect(refusedPage.out).toEqual([]);
    const neither = await lethe(['certificate-html', cert]);
    expect(neither.code).toBe(EXIT.usage);
    expect(neither.err.join('\n')).toMatch(/--public-key .* or --unverified/);
    expect((await lethe(['certificate-html', cert, '--public-key', garbage])).code).toBe(EXIT.usage);
  });

  it('certificate-html --unverified renders it stamped NOT VERIFIED; a file that is no certificate is exit 2', async () => {
    const run = await lethe(['certificate-html', changed, '--unverified']);
    expect(run.code).toBe(EXIT.ok);
    const page = run.out.join('\n');
    expect(page).toMatch(/<title>NOT VERIFIED: /);
    expect(page).toMatch(/<p class="unverified">NOT VERIFIED: /);
    const notCertificate = write('not-cert.json', '{"hello": 1}');
    expect((await lethe(['certificate-html', notCertificate, '--unverified'])).code).toBe(EXIT.usage);
    expect((await lethe(['certificate-html', write('not-json.json', '{'), '--unverified'])).code).toBe(
      EXIT.usage,
    );
  });

  it('the page escapes markup and shows control characters and overrides as \\uXXXX', () => {
    const page = renderCertificateHtml(signed);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).toContain('\\u001b[2J');
    expect(page).toContain('\\u202e');
    expect(page).toContain('dpo\\u0085');
    expect(isPrintable(page)).toBe(true);
  });

  it('lethe certificate: its exact bytes when redirected (they verify), made printable on a terminal', async () => {
    const answers = { execution: 'COMPLETED', result: { outcome: 'cancelled', certificate: signed } };
    const redirected = await lethe(['certificate', ID], { answers });
    expect(`${redirected.out.join('\n')}\n`).toBe(serializeCertificate(signed));
    const shown = await lethe(['certificate', ID], { answers, tty: true });
    clean(shown.out);
    expect(JSON.parse(shown.out.join('\n'))).toEqual(signed);
  });
});

describe('lethe confirm (issue 15)', () => {
  it('sends the decision on the derived matches and says what was decided', async () => {
    const harness = standInClient({ update: { confirmed: ['m1'], excluded: ['m2', 'm3'] } });
    const run = await lethe(['confirm', ID, '--by', 'dpo', '--reason', 'checked', '--exclude', 'm2, m3'], {
      harness,
    });
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toEqual([`${ID}: confirmed m1; excluded m2, m3`]);
    expect(harness.updates).toEqual([
      { name: 'confirmMatches', arg: { by: 'dpo', reason: 'checked', exclude: ['m2', 'm3'] } },
    ]);
  });

  it('--only confirms the named matches alone (the others keep waiting); both lists together are sent as given', async () => {
    const harness = standInClient({ update: { confirmed: ['m4'], excluded: [] } });
    const run = await lethe(['confirm', ID, '--by', 'dpo', '--only', 'm4'], { harness });
    expect(run.code).toBe(EXIT.ok);
    expect(run.out).toEqual([`${ID}: confirmed m4; excluded none`]);
    const both = standInClient({ update: { confirmed: ['m4'], excluded: ['m5'] } });
    await lethe(['confirm', ID, '--by', 'dpo', '--only', 'm4', '--exclude', 'm5'], { harness: both });
    expect([...harness.updates, ...both.updates]).toEqual([
      { name: 'confirmMatches', arg: { by: 'dpo', confirm: ['m4'] } },
      { name: 'confirmMatches', arg: { by: 'dpo', exclude: ['m5'], confirm: ['m4'] } },
    ]);
    const empty = await lethe(['confirm', ID, '--by', 'dpo', '--only', ' , ']);
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.connects).toBe(0);
    expect(empty.err.join('\n')).toMatch(/--only: must name derived matches/);
  });

  it('refuses a match named other than as progress names it, before connecting, without echoing it', async () => {
    const run = await lethe(['confirm', ID, '--by', 'dpo', '--exclude', 'ada@example.com']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.connects).toBe(0);
    expect(run.err.join('\n')).toMatch(/--exclude: must name derived matches as status does/);
    expect(run.err.join('\n')).not.toContain('ada@example.com');
  });

  it('lists the derived matches in status: how they were reached, never a value, and what to run', async () => {
    const progress = progressOf({
      phase: 'awaiting_confirmation',
      derivedMatches: [
        {
          ref: 'm1',
          platform: 'liveperson',
          chain: 'email (request) → livepersonConsumerId (liveperson, own)',
          reach: 'auto',
          records: { conversation: 4 },
        },
        {
          ref: 'm2',
          platform: 'liveperson',
          chain: 'phone (request, held for others too) → livepersonConsumerId (liveperson, shared)',
          reach: 'confirm',
          records: { conversation: 2, consumer: 1 },
        },
      ],
    });
    const out = (await lethe(['status', ID], { answers: { progress } })).out.join('\n');
    expect(out).toContain(
      '  m1    liveperson: 4 conversation: erased with the rest (policy)\n        via email (request) → livepersonConsumerId (liveperson, own)',
    );
    // A chain too long for 80 columns takes a line per step.
    expect(out).toContain(
      '  m2    liveperson: 2 conversation, 1 consumer: WAITS for confirmation\n        via phone (request, held for others too)\n          → livepersonConsumerId (liveperson, shared)',
    );
    expect(out).toContain('lethe confirm <erasure> --by <you> [--exclude m2]');
  });
});
