import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  CertificateUnavailableError,
  ErasureClient,
  ErasureNotFoundError,
  InvalidRequestError,
  NoWorkerError,
  RequestRefusedError,
} from '../client';
import { grpcCode } from '../client/errors';
import { DecryptionError } from '../codec/encryption-codec';
import { ConfigError, ENVIRONMENT, loadConfig } from '../config';
import { inline } from '../domain/printable';
import { readBounded } from './bounded-read';
import { registerCertificateCommands } from './certificate-commands';
import { registerErasureCommands } from './erasure-commands';
import { CliError, EXIT } from './exit-codes';
import { type Io, safeIo } from './io';
import { registerPartRunners } from './part-runners';

export { EXIT } from './exit-codes';
export type { Io } from './io';

export interface CliOptions {
  /** Where configuration comes from (default: this process's environment). */
  readonly env?: NodeJS.ProcessEnv;
  /** Standard input, of which at most `limit` bytes are wanted (default: this process's, read up to the limit). */
  readonly readStdin?: (limit: number) => string;
  readonly sleep?: (ms: number) => Promise<void>;
  /** The clock request dates are checked against (default: the system clock). */
  readonly now?: () => Date;
  /** Opens the client of the erasure commands (default: connects to Temporal as configured by `env`). */
  readonly connect?: () => Promise<ErasureClient>;
}

/** This package's version, from package.json (two folders up from here, in a clone and installed). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The operator CLI (`lethe`). All it prints goes through a SafeIo: nothing from data reaches a terminal raw. */
export function program(rawIo: Io, options: CliOptions = {}): Command {
  const io = safeIo(rawIo);
  const env = options.env ?? process.env;
  const lethe = new Command('lethe')
    .description(
      'Lethe: provable erasure across conversational platforms.\n' +
        'Configuration comes from the environment (LETHE_*, TEMPORAL_*) and the LETHE_CONFIG file; see README.',
    )
    .version(packageVersion(), '-V, --version', 'print the version of lethe')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  registerErasureCommands(lethe, {
    io,
    connect: options.connect ?? (() => ErasureClient.connect(loadConfig(env))),
    // Reading stops once more than the limit has come in: a huge or endless input is never held whole.
    readStdin: options.readStdin ?? ((limit) => readBounded(0, limit)),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: options.now ?? (() => new Date()),
  });
  registerCertificateCommands(lethe, io);
  registerPartRunners(lethe, env, io);
  // Every subcommand reports its own bad flags as usage errors too.
  for (const cmd of lethe.commands) cmd.exitOverride();
  return lethe;
}

/** Runs the CLI on `argv` (without node and script); returns the exit code (see EXIT). */
export async function main(argv: readonly string[], io: Io, options: CliOptions = {}): Promise<number> {
  process.exitCode = undefined;
  try {
    await program(io, options).parseAsync([...argv], { from: 'user' });
    return Number(process.exitCode ?? EXIT.ok);
  } catch (err) {
    const [code, message] = classify(err);
    // Messages may carry data (a platform's words, a key id): one line, made printable.
    if (message) safeIo(io).err(`error: ${inline(message)}`);
    return code;
  } finally {
    process.exitCode = undefined;
  }
}

/** The exit code and the one line to print for an error (commander prints its own). */
function classify(err: unknown): [number, string | undefined] {
  if (err instanceof CommanderError)
    // Help asked for exits 0; help shown because a command was missing exits non-zero: a usage error.
    return [err.exitCode === 0 ? EXIT.ok : EXIT.usage, undefined];
  if (err instanceof CliError) return [err.exitCode, err.message];
  if (err instanceof InvalidRequestError || err instanceof ConfigError) return [EXIT.usage, err.message];
  if (err instanceof ErasureNotFoundError || err instanceof CertificateUnavailableError)
    return [EXIT.notFound, err.message];
  if (err instanceof RequestRefusedError) return [EXIT.refused, err.message];
  if (err instanceof NoWorkerError) return [EXIT.unavailable, err.message];
  const undecryptable = decryptionError(err);
  if (undecryptable)
    return [
      EXIT.usage,
      `cannot decrypt the erasure's data with the keys in ${ENVIRONMENT.codecKeys} (${undecryptable.message}): give it the key the workers encrypt with`,
    ];
  if (unreachable(err))
    return [EXIT.unavailable, `cannot reach Temporal: ${err instanceof Error ? err.message : String(err)}`];
  return [EXIT.internal, err instanceof Error ? `${err.name}: ${err.message}` : String(err)];
}

/**
 * The codec's refusal to decrypt a payload (a key missing from LETHE_CODEC_KEYS, or the wrong key), as
 * the SDK throws it from the codec, or wrapped as some cause of what it throws.
 */
function decryptionError(err: unknown): DecryptionError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++)
    if (e instanceof DecryptionError) return e;
  return undefined;
}

/** Connection failures: the SDK's transport error, or gRPC UNAVAILABLE anywhere in the error's causes. */
function unreachable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return (
    err.name === 'TransportError' ||
    grpcCode(err) === UNAVAILABLE ||
    /failed to connect|ECONNREFUSED/i.test(err.message)
  );
}

const UNAVAILABLE = 14;

/** The process entry (bin/lethe.js): runs `main` on the command line and exits with its code. */
export function run(): void {
  main(process.argv.slice(2), {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    tty: process.stdout.isTTY === true,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`error: ${inline(err instanceof Error ? err.message : String(err))}`);
      process.exit(EXIT.internal);
    },
  );
}

if (require.main === module) run();
