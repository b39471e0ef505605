import { createPublicKey, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { renderCertificateHtml } from '../certificate/html';
import { type SignedCertificate, type Verdict, verifyCertificate } from '../certificate/signing';
import { inline } from '../domain/printable';
import { CliError, EXIT, usageError } from './exit-codes';
import { readText } from './flags';
import type { SafeIo } from './io';

/** A certificate is a workflow's result, under Temporal's 2 MB payload limit: twice that is plenty. */
const MAX_CERTIFICATE_BYTES = 4 * 1024 * 1024;
/** A PEM public key is a few hundred bytes; a certificate chain a few KiB. */
const MAX_PUBLIC_KEY_BYTES = 64 * 1024;

const readFile = (path: string, what: string, limit: number): string => readText(path, what, limit);

/**
 * The public key file, read and checked before any certificate is judged: a key that cannot be read,
 * or is not Ed25519, is the operator's mistake (exit 2), not a certificate that fails to verify.
 */
function publicKey(path: string): string {
  const pem = readFile(path, 'public key', MAX_PUBLIC_KEY_BYTES);
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw usageError(`--public-key ${path} is not a public key in PEM form`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw usageError(`--public-key ${path} is not an Ed25519 key (certificates are signed with Ed25519)`);
  return pem;
}

/** A verdict's reason, as data from the file may shape it: one line, and not a whole file long. */
const reasonText = (verdict: Extract<Verdict, { valid: false }>): string =>
  inline(verdict.reason).slice(0, 200);

/** Commands on certificate files: they need no Temporal, only the file and the public key. */
export function registerCertificateCommands(lethe: Command, io: SafeIo): void {
  lethe
    .command('verify-certificate')
    .description('check a certificate file with the public key alone (exit 0 valid, 1 not)')
    .argument('<file>', 'the certificate (JSON) as the erasure issued it')
    .requiredOption('--public-key <file>', 'the Ed25519 public key (PEM) of the signing key')
    .option('--json', 'print the verdict as JSON')
    .action((file: string, opts: { publicKey: string; json?: boolean }) => {
      const key = publicKey(opts.publicKey);
      const verdict = verifyCertificate(readFile(file, 'certificate', MAX_CERTIFICATE_BYTES), key);
      if (opts.json)
        io.out(
          JSON.stringify(
            verdict.valid
              ? { valid: true, keyId: verdict.keyId, requestId: verdict.certificate.requestId }
              : { valid: false, reason: reasonText(verdict) },
          ),
        );
      else if (verdict.valid)
        io.out(
          `valid: certificate of ${inline(verdict.certificate.requestId)} (${inline(verdict.certificate.outcome)}), signed by key ${inline(verdict.keyId)}`,
        );
      else io.out(`NOT valid: ${reasonText(verdict)}`);
      process.exitCode = verdict.valid ? EXIT.ok : EXIT.invalid;
    });

  lethe
    .command('certificate-html')
    .description('render a certificate file as a page for auditors, once it verifies with the public key')
    .argument('<file>', 'the certificate (JSON)')
    .option('--public-key <file>', 'the Ed25519 public key (PEM) to verify it with first')
    .addOption(
      new Option('--unverified', 'render it without verifying; the page says NOT VERIFIED').conflicts(
        'publicKey',
      ),
    )
    .option('--out <file>', 'write the page here instead of to standard output')
    .action((file: string, opts: { publicKey?: string; unverified?: boolean; out?: string }) => {
      if (!opts.publicKey && !opts.unverified)
        throw usageError('give --public-key <file> to verify the certificate first, or --unverified');
      const text = readFile(file, 'certificate', MAX_CERTIFICATE_BYTES);
      let signed: SignedCertificate;
      if (opts.publicKey) {
        const verdict = verifyCertificate(text, publicKey(opts.publicKey));
        if (!verdict.valid)
          throw new CliError(
            EXIT.invalid,
            `${file} does not verify (${reasonText(verdict)}): not rendered; --unverified renders it marked NOT VERIFIED`,
          );
        signed = JSON.parse(text) as SignedCertificate;
      } else {
        try {
          signed = JSON.parse(text) as SignedCertificate;
        } catch {
          throw usageError(`${file} is not JSON`);
        }
      }
      const html = render(file, signed, opts.unverified === true);
      if (opts.out) writeFileSync(opts.out, html);
      else io.out(html.replace(/\n$/, ''));
    });
}

/** Renders the page; an unverified file need not even be shaped like a certificate. */
function render(file: string, signed: SignedCertificate, unverified: boolean): string {
  try {
    return renderCertificateHtml(signed, { unverified });
  } catch {
    throw usageError(`${file} is not a certificate Lethe can render`);
  }
}
