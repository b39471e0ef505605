import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { renderCertificateHtml } from '../certificate/html';
import { verifyCertificate } from '../certificate/signing';

/** Exit codes: 0 done, 1 the thing checked is not valid, 2 a usage error (a bad flag or value). */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const readText = (path: string, what: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CommanderError(
      EXIT.usage,
      'lethe.file',
      `cannot read ${what} ${path} (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
};

/** The operator CLI (`lethe`). */
export function program(io: Io): Command {
  const lethe = new Command('lethe')
    .description('Lethe: provable erasure across conversational platforms')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  lethe
    .command('verify-certificate')
    .description('check a certificate file with the public key alone')
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
        if (err instanceof CommanderError) throw err;
        throw new CommanderError(EXIT.usage, 'lethe.file', `${file} is not JSON`);
      }
      const html = renderCertificateHtml(signed);
      if (opts.out) writeFileSync(opts.out, html);
      else io.out(html);
    });
  return lethe;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  process.exitCode = undefined;
  try {
    await program(io).parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
      if (err.code === 'lethe.file') io.err(`error: ${err.message}`);
      return EXIT.usage;
    }
    throw err;
  } finally {
    process.exitCode = undefined;
  }
}

/** The process entry (bin/lethe.js): runs `main` on the command line and exits with its code. */
export function run(): void {
  main(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}

if (require.main === module) run();
