import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import {
  CertificateUnavailableError,
  ErasureClient,
  ErasureNotFoundError,
  InvalidRequestError,
  NoWorkerError,
  RequestRefusedError,
} from '../client';
import { grpcCode } from '../client-errors';
import { ConfigError, loadConfig } from '../config';
import { registerCertificateCommands } from './certificate-commands';
import { registerErasureCommands } from './erasure-commands';
import { CliError, EXIT } from './exit-codes';
import type { Io } from './io';
import { registerPartRunners } from './part-runners';

export { EXIT } from './exit-codes';
export type { Io } from './io';

export interface CliOptions {
  /** Where configuration comes from (default: this process's environment). */
  readonly env?: NodeJS.ProcessEnv;
  readonly readStdin?: () => string;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The operator CLI (`lethe`). */
export function program(io: Io, options: CliOptions = {}): Command {
  const env = options.env ?? process.env;
  const lethe = new Command('lethe')
    .description(
      'Lethe: provable erasure across conversational platforms.\n' +
        'Configuration comes from the environment (LETHE_*, TEMPORAL_*) and the LETHE_CONFIG file; see README.',
    )
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  registerErasureCommands(lethe, {
    io,
    connect: () => ErasureClient.connect(loadConfig(env)),
    readStdin: options.readStdin ?? (() => readFileSync(0, 'utf8')),
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
  });
  registerCertificateCommands(lethe, io);
  registerPartRunners(lethe, env);
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
    if (message) io.err(`error: ${message}`);
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
  if (unreachable(err))
    return [EXIT.unavailable, `cannot reach Temporal: ${err instanceof Error ? err.message : String(err)}`];
  return [EXIT.internal, err instanceof Error ? `${err.name}: ${err.message}` : String(err)];
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
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(EXIT.internal);
    },
  );
}

if (require.main === module) run();
