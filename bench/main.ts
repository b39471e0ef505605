import { appendFileSync } from 'node:fs';
import { type Figure, round } from './figures';
import { e2eSuite } from './suites/e2e';
import { faultsSuite } from './suites/faults';
import { historySuite } from './suites/history';
import { plannerSuite } from './suites/planner';
import { quotaSuite } from './suites/quota';
import { scaleSuite } from './suites/scale';
import { timeskipSuite } from './suites/timeskip';
import { warehouseSuite } from './suites/warehouse';

/**
 * `npm run bench [-- --only planner,e2e] [-- --json]`: runs the suites and prints one line per figure,
 * `<suite>.<figure> <value> <unit>`, or one JSON object keyed by `<suite>.<figure>`.
 */
/**
 * Where the figures go: the file scripts/bench.sh prints to its stdout at the end, everything else
 * (installs, server banners, logs) going to stderr. Run directly: stdout. Progress is also on stderr.
 */
const outFile = process.env.LETHE_BENCH_OUT;
const emit = (line: string): void => {
  if (outFile) {
    appendFileSync(outFile, `${line}\n`);
    console.error(line);
  } else console.log(line);
};

const suites: Record<string, () => Promise<Figure[]>> = {
  planner: plannerSuite,
  quota: quotaSuite,
  history: historySuite,
  faults: faultsSuite,
  timeskip: timeskipSuite,
  e2e: e2eSuite,
  warehouse: warehouseSuite,
  scale: scaleSuite,
};

/** Suites left out of a plain `npm run bench`: `--only scale` runs it. */
const NAMED_ONLY = new Set(['scale']);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const onlyAt = args.indexOf('--only');
  // The scale suite takes most of an hour: it runs only when named.
  const only =
    onlyAt >= 0
      ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean)
      : Object.keys(suites).filter((s) => !NAMED_ONLY.has(s));
  const unknown = only.filter((s) => !(s in suites));
  if (unknown.length > 0) {
    console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  const all: Record<string, number> = {};
  for (const name of only) {
    const figures = await (suites[name] as () => Promise<Figure[]>)();
    for (const f of figures) {
      all[`${name}.${f.name}`] = round(f.value, 6);
      if (!json) emit(`${name}.${f.name} ${f.value} ${f.unit}`);
    }
  }
  if (json) emit(JSON.stringify(all));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
