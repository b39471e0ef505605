import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ENVIRONMENT } from '../config';
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
  const lp = stack.sim.context.options;
  const g = stack.genesys?.sim;
  const c = stack.chatbot?.sim;
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
    [ENVIRONMENT.livepersonAccountId]: lp.accountId,
    [ENVIRONMENT.livepersonDomainApiUrl]: stack.sim.url,
    [ENVIRONMENT.livepersonClientId]: lp.clientId,
    [ENVIRONMENT.livepersonClientSecret]: lp.clientSecret,
    ...(g
      ? {
          [ENVIRONMENT.genesysApiUrl]: g.url,
          [ENVIRONMENT.genesysLoginUrl]: g.url,
          [ENVIRONMENT.genesysClientId]: g.context.options.clientId,
          [ENVIRONMENT.genesysClientSecret]: g.context.options.clientSecret,
        }
      : {}),
    ...(c
      ? {
          [ENVIRONMENT.chatbotBaseUrl]: c.url,
          [ENVIRONMENT.chatbotApiToken]: c.context.options.apiToken,
          [ENVIRONMENT.chatbotUciKey]: c.context.options.uciKey,
        }
      : {}),
  };
}

/** As a file `set -a; . FILE; set +a` reads. Values are single-quoted for the shell. */
export const shellEnvironmentFile = (vars: Record<string, string>): string =>
  `${Object.entries(vars)
    .map(([k, v]) => `${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n')}\n`;
