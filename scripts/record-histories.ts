/**
 * Records the workflow histories that test/workflow/replay.test.ts replays (see test/histories/README.md):
 * runs the scenarios of ./history-scenarios on the time-skipping server and writes each workflow's
 * history as proto3 JSON, the SDK's `historyToJSON` form (`historyFromJSON` reads it back).
 *
 *   npx tsx scripts/record-histories.ts                      # records the scenarios not yet recorded
 *   npx tsx scripts/record-histories.ts --force <scenario>…  # records these again, overwriting them
 *
 * Recordings are added, not replaced: overwriting one to make a failing replay pass hides exactly the
 * break the replay test exists to catch, so `--force` needs the scenarios named.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode } from '@temporalio/worker';
import { standardTiming } from '../src/domain/timing';
import type { LocalStack } from '../src/local/stack';
import { createLogger } from '../src/ops/logger';
import { workflowBundleOptions } from '../src/workflow-bundle';
import { startStack } from '../test/helpers/stack-views';
import { timeSkippingEnv } from '../test/helpers/temporal';
import { type ScenarioContext, scenarios } from './history-scenarios';

/** Where the recordings live, one `<name>.json` per workflow. */
export const HISTORIES_DIR = join(__dirname, '..', 'test', 'histories');
/** Which workflow id each recorded history ran under (file name, without `.json`, to id). */
export const WORKFLOW_IDS_FILE = 'workflow-ids.json';

const logger = createLogger('info');

/** Which scenarios to run: the named ones (all must exist), else every one not yet recorded. */
function choose(argv: readonly string[]): string[] {
  const force = argv.includes('--force');
  const named = argv.filter((a) => a !== '--force');
  const unknown = named.filter((n) => !(n in scenarios));
  if (unknown.length > 0)
    throw new Error(`unknown scenarios: ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  if (force && named.length === 0) throw new Error('--force needs the scenarios to record again named');
  const recorded = (name: string): boolean => existsSync(join(HISTORIES_DIR, `${name}.json`));
  const candidates = named.length > 0 ? named : Object.keys(scenarios);
  const skipped = candidates.filter((n) => !force && recorded(n));
  if (skipped.length > 0) logger.info({ skipped }, 'already recorded: kept (name them with --force to redo)');
  return candidates.filter((n) => force || !recorded(n));
}

/** Records the chosen scenarios, one after another on one time-skipping server. */
export async function run(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const chosen = choose(argv);
  if (chosen.length === 0) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  // Bundled once, as the test run's global setup does, so each scenario's worker starts without webpack.
  const { code } = await bundleWorkflowCode(workflowBundleOptions({ logger: quietLogger }));
  const env = await timeSkippingEnv();
  try {
    for (const name of chosen) {
      const started = Date.now();
      const stacks: LocalStack[] = [];
      const ctx: ScenarioContext = {
        env,
        async stack(choice = {}) {
          const stack = await startStack(env, {
            timing: standardTiming,
            clock: 'follow',
            // A fixed queue name keeps a re-recording's diff to what changed.
            taskQueue: `record-${name}-${stacks.length + 1}`,
            workflowBundle: { code },
            ...choice,
          });
          stacks.push(stack);
          return stack;
        },
      };
      try {
        const workflows = await (scenarios[name] as (typeof scenarios)[string])(ctx);
        // Before the stacks close: closing terminates a governor, which is not how it ends in production.
        for (const [file, workflowId] of Object.entries(workflows)) {
          const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
          const json = `${historyToJSON(history)}\n`;
          writeFileSync(join(HISTORIES_DIR, `${file}.json`), json);
          rememberWorkflowId(file, workflowId);
          logger.info({ file, events: history.events?.length ?? 0, bytes: json.length }, 'recorded');
        }
      } finally {
        for (const stack of stacks) await stack.close();
      }
      logger.info({ scenario: name, ms: Date.now() - started }, 'scenario done');
    }
  } finally {
    await env.teardown();
  }
}

/**
 * The history's own workflow id, kept beside it: a replay must run under the id the workflow had, since
 * its timers are shifted by a share derived from that id (the `spread-wakeups` patch). Older files are
 * not listed: their code predates the patch, and they replay under their file name.
 */
function rememberWorkflowId(file: string, workflowId: string): void {
  const path = join(HISTORIES_DIR, WORKFLOW_IDS_FILE);
  const ids: Record<string, string> = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  ids[file] = workflowId;
  const sorted = Object.fromEntries(Object.entries(ids).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };

if (require.main === module) {
  run().catch((err: unknown) => {
    logger.fatal({ error: err instanceof Error ? err.message : String(err) }, 'recording failed');
    process.exit(1);
  });
}
