import { type Figure, round } from './figures';
import { e2eSuite } from './suites/e2e';
import { faultsSuite } from './suites/faults';
import { historySuite } from './suites/history';
import { plannerSuite } from './suites/planner';
import { quotaSuite } from './suites/quota';
import { timeskipSuite } from './suites/timeskip';
import { warehouseSuite } from './suites/warehouse';

/**
 * `npm run bench [-- --only planner,e2e] [-- --json]`: runs the suites and prints one line per figure,
 * `<suite>.<figure> <value> <unit>`, or one JSON object keyed by `<suite>.<figure>`.
 */
const suites: Record<string, () => Promise<Figure[]>> = {
  planner: plannerSuite,
  quota: quotaSuite,
  history: historySuite,
  faults: faultsSuite,
  timeskip: timeskipSuite,
  e2e: e2eSuite,
  warehouse: warehouseSuite,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : Object.keys(suites);
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
      if (!json) console.log(`${name}.${f.name} ${f.value} ${f.unit}`);
    }
  }
  if (json) console.log(JSON.stringify(all));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
