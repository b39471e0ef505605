import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ENVIRONMENT } from '../config';
import { platformRegistry } from '../domain/platforms';
import { LOCAL_CODEC_KEYS, LOCAL_HMAC_KEY } from './local-keys';
import type { LocalStack } from './stack';

/**
 * The environment that points `lethe` at a local stack (the demo's, kept with `--keep`): its Temporal
 * server, task queue, local keys, clock and platforms. Local keys only: nothing here is a secret.
 */
export function operatorEnvironment(
  env: TestWorkflowEnvironment,
  stack: LocalStack,
  dayMs: number,
): Record<string, string> {
  // Each platform's settings as its simulator gives them, under the variables its settings declare.
  const platforms: Record<string, string> = {};
  for (const p of platformRegistry) {
    const simulator = stack.simulators[p.id];
    if (!simulator) continue;
    const variables = p.settings.variables as Readonly<Record<string, string>>;
    for (const [field, value] of Object.entries(simulator.settings()))
      if (variables[field] !== undefined && value !== undefined) platforms[variables[field]] = String(value);
  }
  return {
    [ENVIRONMENT.temporalAddress]: env.address,
    [ENVIRONMENT.temporalNamespace]: env.namespace ?? 'default',
    [ENVIRONMENT.taskQueue]: stack.taskQueue,
    [ENVIRONMENT.subjectHmacKey]: LOCAL_HMAC_KEY.reveal(),
    [ENVIRONMENT.codecKeys]: LOCAL_CODEC_KEYS.reveal(),
    [ENVIRONMENT.timeProfile]: 'compressed',
    [ENVIRONMENT.dayMs]: String(dayMs),
    // The stack's platform clock: erasures started from the CLI count months and search on the same
    // dates as the stack, and share its quota governor.
    ...(stack.platformClock
      ? { [ENVIRONMENT.platformClockEpoch]: new Date(stack.platformClock.epochMs).toISOString() }
      : {}),
    ...platforms,
  };
}

/** As a file `set -a; . FILE; set +a` reads. Values are single-quoted for the shell. */
export const shellEnvironmentFile = (vars: Record<string, string>): string =>
  `${Object.entries(vars)
    .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n')}\n`;
