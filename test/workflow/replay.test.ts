/**
 * Determinism across releases: every history recorded in test/histories (scripts/record-histories.ts)
 * replays on the current workflow code with the production data converter. A failure here means the
 * change would break erasures already running; guard it with `patched()`, never re-record to pass
 * (test/histories/README.md). A deliberately altered workflow shows the check can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { describe, expect, inject, it } from 'vitest';
import { scenarios } from '../../scripts/history-scenarios';
import { WORKFLOW_IDS_FILE } from '../../scripts/record-histories';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { quietRuntime } from '../helpers/temporal';

const DIR = join(__dirname, '..', 'histories');
/** As many as were committed with this test: an emptied or thinned folder must not pass quietly. */
const MIN_HISTORIES = 25;

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== WORKFLOW_IDS_FILE)
  .sort();
/** The id each history ran under (its timers depend on it); files recorded before it was kept: their name. */
const workflowIds: Record<string, string> = JSON.parse(readFileSync(join(DIR, WORKFLOW_IDS_FILE), 'utf8'));
const workflowIdOf = (file: string): string =>
  workflowIds[basename(file, '.json')] ?? basename(file, '.json');
const load = (file: string) => historyFromJSON(JSON.parse(readFileSync(join(DIR, file), 'utf8')));

quietRuntime(); // before the first replay worker: the runtime is installed once per process

describe('recorded histories', () => {
  it(`are there: at least ${MIN_HISTORIES}, and one for every scenario of the recorder`, () => {
    expect(files.length).toBeGreaterThanOrEqual(MIN_HISTORIES);
    for (const name of Object.keys(scenarios)) expect(files).toContain(`${name}.json`);
  });

  it.each(files)('%s replays on the current workflow code', async (file) => {
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: LOCAL_DATA_CONVERTER },
      load(file),
      workflowIdOf(file),
    );
  });

  it('fail to replay on an erasure whose commands changed order (the check can fail)', async () => {
    const err = await Worker.runReplayHistory(
      {
        // Bundled here from its source, with the same failure converter as the production bundle.
        workflowsPath: join(__dirname, '..', 'helpers', 'altered-workflows.ts'),
        dataConverter: LOCAL_DATA_CONVERTER,
      },
      load('liveperson-completed.json'),
      'liveperson-completed',
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeterminismViolationError);
  });
});
