import { appendFileSync } from 'node:fs';
import { figureJson, figureLines, verdictOf } from './figures';
import { parseSoakArgs, SOAK_USAGE, SoakUsageError } from './options';
import { runSoak, stopSoak } from './run';

/**
 * `npm run soak [-- --subjects 10 --kills 5 --seed 7 --timeout-s 300] [-- --json]`: prints one line per
 * figure (or one JSON object) and exits 0 when every figure is as expected, 1 when one is not or the soak
 * could not run, 2 on a wrong command line. Only the figures reach stdout, through the file
 * scripts/soak.sh names in LETHE_SOAK_OUT (run directly: stdout); progress goes to stderr.
 */
const outFile = process.env.LETHE_SOAK_OUT;
const emit = (line: string): void => {
  if (outFile) appendFileSync(outFile, `${line}\n`);
  else process.stdout.write(`${line}\n`);
};
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    log(SOAK_USAGE);
    return 0;
  }
  let options: ReturnType<typeof parseSoakArgs>;
  try {
    options = parseSoakArgs(argv);
  } catch (err) {
    if (!(err instanceof SoakUsageError)) throw err;
    log(`soak: ${err.message}\n${SOAK_USAGE}`);
    return 2;
  }
  const figures = await runSoak(options, log);
  if (options.json) emit(JSON.stringify(figureJson(figures)));
  else for (const line of figureLines(figures)) emit(line);
  const verdict = verdictOf(figures);
  for (const failure of verdict.failures) log(`soak: FAILED ${failure}`);
  return verdict.pass ? 0 : 1;
}

// Ctrl-C or a supervisor's SIGTERM: stop the workers, simulators and server first, then exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`soak: ${signal}, stopping`);
    void stopSoak().finally(() => process.exit(130));
  });

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`soak: could not run: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    void stopSoak().finally(() => process.exit(1));
  },
);
