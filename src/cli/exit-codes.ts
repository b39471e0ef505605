/**
 * What `lethe` exits with, so scripts can tell outcomes apart:
 * 0 done; 1 what was checked is not good (a certificate that does not verify, an erasure that ended
 * without erasing everything); 2 a usage error (a bad flag, value, request or configuration); 3 no such
 * erasure, or nothing to fetch yet; 4 the erasure refused the request (e.g. a release without a hold);
 * 5 Temporal cannot be reached, or no worker answers; 70 anything else (a bug: please report it).
 */
export const EXIT = {
  ok: 0,
  invalid: 1,
  usage: 2,
  notFound: 3,
  refused: 4,
  unavailable: 5,
  internal: 70,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as one line and a chosen exit code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT.usage, message);
