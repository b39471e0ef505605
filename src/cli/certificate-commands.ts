import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderCertificateHtml } from '../certificate/html';
import { verifyCertificate } from '../certificate/signing';
import { EXIT, usageError } from './exit-codes';
import type { Io } from './io';

const readText = (path: string, what: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw usageError(`cannot read ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
};

/** Commands on certificate files: they need no Temporal, only the file and the public key. */
export function registerCertificateCommands(lethe: Command, io: Io): void {
  lethe
    .command('verify-certificate')
    .description('check a certificate file with the public key alone (exit 0 valid, 1 not)')
    .argument('<file>', 'the certificate (JSON) as the erasure issued it')
    .requiredOption('--public-key <file>', 'the Ed25519 public key (PEM) of the signing key')
    .option('--json', 'print the verdict as JSON')
    .action((file: string, opts: { publicKey: string; json?: boolean }) => {
      const verdict = verifyCertificate(
        readText(file, 'certificate'),
        readText(opts.publicKey, 'public key'),
      );
      if (opts.json)
        io.out(
          JSON.stringify(
            verdict.valid
              ? { valid: true, keyId: verdict.keyId, requestId: verdict.certificate.requestId }
              : verdict,
          ),
        );
      else if (verdict.valid)
        io.out(
          `valid: certificate of ${verdict.certificate.requestId} (${verdict.certificate.outcome}), signed by key ${verdict.keyId}`,
        );
      else io.out(`NOT valid: ${verdict.reason}`);
      process.exitCode = verdict.valid ? EXIT.ok : EXIT.invalid;
    });

  lethe
    .command('certificate-html')
    .description('render a certificate file as a page for auditors')
    .argument('<file>', 'the certificate (JSON)')
    .option('--out <file>', 'write the page here instead of to standard output')
    .action((file: string, opts: { out?: string }) => {
      let signed: Parameters<typeof renderCertificateHtml>[0];
      try {
        signed = JSON.parse(readText(file, 'certificate')) as typeof signed;
      } catch (err) {
        if (err instanceof Error && err.name === 'CliError') throw err;
        throw usageError(`${file} is not JSON`);
      }
      const html = renderCertificateHtml(signed);
      if (opts.out) writeFileSync(opts.out, html);
      else io.out(html.replace(/\n$/, ''));
    });
}
