import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkerOptions } from '@temporalio/worker';
import { timingForDay } from '../../src/domain/timing';
import { startDevServer } from '../../src/local/dev-server';
import { type DemoSubject, seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import {
  type EverywhereSubject,
  endActive,
  platformsOf,
  seedEverywhere,
} from '../../test/helpers/everywhere';
import { startStack } from '../../test/helpers/stack-views';
import { type Figure, round, timed } from '../figures';
import { benchBundle, withBaselineWorker } from './temporal-setup';

const SUBJECTS = 40;
/** People present on all three platforms (LivePerson, Genesys, chatbot), erased by one erasure each. */
const EVERYWHERE = 20;
const TRIVIAL = 200;
/** A compressed day: the 30-day schedule takes 3 s (and the 90-day hard stop 9 s), so the figure is about Lethe, not the waits. */
const DAY_MS = 100;

/**
 * Erasures per second end to end on the dev server over real HTTP, beside one-activity workflows on the
 * same server in the same run. The simulator's monthly quota is lifted: quota spreading is the governor's
 * benchmark, not this one.
 */
export async function e2eSuite(): Promise<Figure[]> {
  const workflowBundle = await benchBundle();
  const env = await startDevServer();
  const stack = await startStack(env, {
    timing: timingForDay(DAY_MS),
    clock: 'real',
    taskQueue: 'bench-e2e',
    workflowBundle,
    simulator: { monthlyQuota: 1_000_000 },
  });
  try {
    const subjects: DemoSubject[] = [];
    for (let i = 0; i < SUBJECTS; i++) {
      const s = await seedDemoSubject(stack.admin, stack.sim.context.options.accountId, `e2e-${i}`);
      await stack.admin.closeConversation(s.activeConversationId);
      subjects.push(s);
    }
    let completed = 0;
    const erasureMs = await stack.run(() =>
      timed(async () => {
        const handles = await Promise.all(
          subjects.map(async (s) => (await stack.client.start(s.request)).handle),
        );
        const results = await Promise.all(handles.map((h) => h.result()));
        completed = results.filter(
          (r) => r.outcome === 'completed' && r.platforms.liveperson?.stillPresent.length === 0,
        ).length;
      }),
    );
    if (completed !== SUBJECTS)
      throw new Error(`only ${completed} of ${SUBJECTS} erasures completed cleanly`);
    const trivialMs = await withBaselineWorker(env, 'bench-e2e-baseline', () =>
      timed(() =>
        Promise.all(
          Array.from({ length: TRIVIAL }, (_, i) =>
            env.client.workflow.execute('oneActivity', {
              taskQueue: 'bench-e2e-baseline',
              workflowId: `trivial-${i}`,
            }),
          ),
        ),
      ),
    );
    const erasures = SUBJECTS / (erasureMs / 1000);
    const trivial = TRIVIAL / (trivialMs / 1000);
    const everywhere = await allPlatforms(env, workflowBundle);
    return [
      {
        name: 'erasures_per_s',
        value: round(erasures),
        unit: `erasures/s (${SUBJECTS} subjects, 7 records each)`,
      },
      {
        name: 'trivial_per_s',
        value: round(trivial),
        unit: `workflows/s (${TRIVIAL} one-activity workflows)`,
      },
      { name: 'ratio', value: round(erasures / trivial), unit: 'x baseline' },
      {
        name: 'all_platforms_erasures_per_s',
        value: round(everywhere),
        unit: `erasures/s (${EVERYWHERE} people on LivePerson, Genesys and the chatbot: 18 records each)`,
      },
      {
        name: 'all_platforms_ratio',
        value: round(everywhere / erasures),
        unit: 'x LivePerson-only erasures/s',
      },
    ];
  } finally {
    await stack.close();
    await env.teardown();
  }
}

/**
 * Erasures per second of people present on all three platforms: 7 LivePerson records, 8 on Genesys, 4 on
 * the chatbot each. The platforms' limits are lifted (quota, rate) so the figure is about Lethe.
 */
async function allPlatforms(
  env: TestWorkflowEnvironment,
  workflowBundle: WorkerOptions['workflowBundle'],
): Promise<number> {
  const stack = await startStack(env, {
    timing: timingForDay(DAY_MS),
    clock: 'real',
    taskQueue: 'bench-e2e-all',
    workflowBundle,
    platforms: ['liveperson', 'genesys', 'chatbot'],
    simulator: { monthlyQuota: 1_000_000 },
    genesys: { ratePerMinute: 1_000_000 },
  });
  try {
    const { genesys, chatbot } = stack;
    if (!genesys || !chatbot) throw new Error('simulators missing');
    const platforms = platformsOf(stack);
    const people: EverywhereSubject[] = [];
    for (let i = 0; i < EVERYWHERE; i++) {
      const person = await seedEverywhere(platforms, `all-${i}`);
      await endActive(platforms, person);
      await genesys.admin.releaseRecording(person.genesys?.heldRecordingId ?? '');
      people.push(person);
    }
    let clean = 0;
    const ms = await stack.run(() =>
      timed(async () => {
        const handles = await Promise.all(
          people.map(async (p) => (await stack.client.start(p.request)).handle),
        );
        const results = await Promise.all(handles.map((h) => h.result()));
        clean = results.filter(
          (r) =>
            r.outcome === 'completed' &&
            Object.values(r.platforms).every((p) => p && p.stillPresent.length === 0 && !p.failure),
        ).length;
      }),
    );
    if (clean !== EVERYWHERE) throw new Error(`only ${clean} of ${EVERYWHERE} erasures completed cleanly`);
    return EVERYWHERE / (ms / 1000);
  } finally {
    await stack.close();
  }
}
