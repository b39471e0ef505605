import { TestWorkflowEnvironment } from '@temporalio/testing';
import { standardTiming } from '../../src/domain/timing';
import { LOCAL_DATA_CONVERTER } from '../../src/local/local-keys';
import { registerSearchAttributes } from '../../src/local/search-attributes';
import { timeSkippingServer } from '../../src/local/temporal-binaries';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import { startStack } from '../../test/helpers/stack-views';
import { type Figure, median, round, timed } from '../figures';
import { benchBundle, withBaselineWorker } from './temporal-setup';

const RUNS = 3;

/** Wall time of a full 30-day erasure on the time-skipping server, beside a bare 30-day timer. */
export async function timeskipSuite(): Promise<Figure[]> {
  const workflowBundle = await benchBundle();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    client: { dataConverter: LOCAL_DATA_CONVERTER },
    server: { executable: timeSkippingServer() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const stack = await startStack(env, {
    timing: standardTiming,
    clock: 'follow',
    taskQueue: 'bench-timeskip',
    workflowBundle,
  });
  try {
    const erasureMs: number[] = [];
    const baselineMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const subject = await seedDemoSubject(
        stack.admin,
        stack.sim.context.options.accountId,
        `timeskip-${run}`,
      );
      await stack.admin.closeConversation(subject.activeConversationId);
      erasureMs.push(
        await stack.run(() => timed(async () => (await stack.client.start(subject.request)).handle.result())),
      );
      baselineMs.push(
        await withBaselineWorker(env, 'bench-timeskip-baseline', () =>
          timed(() =>
            env.client.workflow.execute('thirtyDaySleep', {
              taskQueue: 'bench-timeskip-baseline',
              workflowId: `sleep-${run}`,
            }),
          ),
        ),
      );
    }
    const wall = median(erasureMs) / 1000;
    const base = median(baselineMs) / 1000;
    return [
      { name: 'wall_s', value: round(wall), unit: 's' },
      { name: 'baseline_wall_s', value: round(base), unit: 's (one 30-day timer)' },
      { name: 'ratio', value: round(wall / base), unit: 'x baseline' },
    ];
  } finally {
    await stack.close();
    await env.teardown();
  }
}
