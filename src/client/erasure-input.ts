import type { Secret } from '../config/secret';
import type { ExpandPolicy } from '../domain/expansion';
import type { PlatformClock } from '../domain/platform-clock';
import type { PlatformId } from '../domain/platforms';
import {
  type ErasureRequest,
  ErasureRequestSchema,
  type ErasureWorkflowInput,
  fieldIssues,
  type GovernorInput,
} from '../domain/request';
import type { Timing } from '../domain/timing';
import { erasureWorkflowId } from '../workflows/definitions';
import { InvalidRequestError } from './errors';
import { subjectRef } from './subject-ref';

/** What a deployment adds to every request it starts: its platforms, keys, timing, governors, policy. */
export interface Deployment {
  readonly configuredSystems: readonly PlatformId[];
  readonly subjectHmacKey: Secret;
  readonly timing: Timing;
  readonly governors?: Partial<Record<PlatformId, GovernorInput>>;
  readonly platformClock?: PlatformClock;
  readonly expand?: ExpandPolicy;
}

/**
 * Validates a request and builds the workflow input the deployment starts it with; throws
 * InvalidRequestError naming the fields. The subject key leaves only as its HMAC (the workflow id).
 */
export function erasureInput(
  request: ErasureRequest,
  deployment: Deployment,
): { workflowId: string; input: ErasureWorkflowInput } {
  const parsed = ErasureRequestSchema.safeParse(request);
  if (!parsed.success) throw new InvalidRequestError(fieldIssues(parsed.error));
  const valid = parsed.data;
  const systems = valid.systems ?? [...deployment.configuredSystems];
  const unconfigured = systems
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !deployment.configuredSystems.includes(s))
    .map(({ s, i }) => ({ field: `systems.${i}`, message: `${s} is not configured in this deployment` }));
  if (unconfigured.length > 0) throw new InvalidRequestError(unconfigured);
  if (systems.length === 0)
    throw new InvalidRequestError([{ field: 'systems', message: 'no platform is configured' }]);
  const ref = subjectRef(valid.subjectKey, deployment.subjectHmacKey);
  const { subjectKey: _omitted, ...rest } = valid;
  // The request's own policy wins; else the deployment's, written into the input (and so the evidence).
  const expand = rest.options?.expand ?? deployment.expand;
  return {
    workflowId: erasureWorkflowId(ref),
    input: {
      ...rest,
      ...(expand !== undefined ? { options: { ...rest.options, expand } } : {}),
      subjectRef: ref,
      systems,
      timing: deployment.timing,
      ...(deployment.governors ? { governors: deployment.governors } : {}),
      ...(deployment.platformClock ? { platformClock: deployment.platformClock } : {}),
    },
  };
}
