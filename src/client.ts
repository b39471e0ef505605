import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { letheDataConverter } from './codec/data-converter';
import { type Config, keyringOf, timingOf } from './config';
import { configuredPlatforms } from './connectors/registry';
import { governorInputFor } from './domain/governance';
import { type Identifier, IdentifierListSchema } from './domain/identifiers';
import type { PlatformId } from './domain/platforms';
import type { ErasureProgress, ErasureResult } from './domain/progress';
import {
  describeIssues,
  type ErasureRequest,
  ErasureRequestSchema,
  type ErasureWorkflowInput,
  type FieldIssue,
  fieldIssues,
  type GovernorInput,
} from './domain/request';
import type { Timing } from './domain/timing';
import type { Secret } from './secret';
import { subjectRef } from './subject-ref';
import {
  addIdentifiersUpdate,
  type CancelInput,
  cancelSignal,
  erasureWorkflowId,
  legalHoldUpdate,
  progressQuery,
  retryUpdate,
} from './workflows/definitions';
import type { erasure } from './workflows/erasure';

/** Thrown when an erasure request is invalid; nothing was started. Names each field, never its value. */
export class InvalidRequestError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid erasure request: ${describeIssues(issues)}`);
    this.name = 'InvalidRequestError';
  }
}

export interface ErasureClientOptions {
  readonly client: Client;
  readonly taskQueue: string;
  readonly subjectHmacKey: Secret;
  /** Platforms this deployment has connectors for; requests may name only these. */
  readonly configuredSystems: readonly PlatformId[];
  readonly timing: Timing;
  /** Platforms whose account quota is spent through a governor (DESIGN §2a); absent: sent directly. */
  readonly governors?: Partial<Record<PlatformId, GovernorInput>>;
}

/** A started (or joined) erasure. */
export interface StartedErasure {
  readonly workflowId: string;
  /** True when an erasure of the same subject was already running and this request joined it. */
  readonly joined: boolean;
  readonly handle: WorkflowHandle<typeof erasure>;
}

/**
 * The typed API other services use: start or join an erasure, read its progress, cancel it, await its
 * result. Requests are validated with the schema the workflow uses; the subject key leaves this process
 * only as an HMAC.
 */
export class ErasureClient {
  constructor(private readonly options: ErasureClientOptions) {}

  /** Connects to Temporal as configured. */
  static async connect(
    config: Config,
    configuredSystems: readonly PlatformId[] = configuredPlatforms(config),
  ): Promise<ErasureClient> {
    const connection = await Connection.connect({
      address: config.temporal.address,
      ...config.temporal.connection,
    });
    const timing = timingOf(config);
    const lp = config.liveperson;
    const governor =
      config.quotaGovernor && lp
        ? governorInputFor(
            'liveperson',
            lp.accountId,
            timing,
            lp.monthlyQuota ? { monthlyQuota: lp.monthlyQuota } : {},
          )
        : undefined;
    return new ErasureClient({
      client: new Client({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: letheDataConverter(keyringOf(config)),
      }),
      taskQueue: config.temporal.taskQueue,
      subjectHmacKey: config.subjectHmacKey,
      configuredSystems,
      timing,
      ...(governor ? { governors: { liveperson: governor } } : {}),
    });
  }

  get temporal(): Client {
    return this.options.client;
  }

  /** The workflow id of a subject's erasure. */
  workflowIdFor(subjectKey: string): string {
    return erasureWorkflowId(subjectRef(subjectKey, this.options.subjectHmacKey));
  }

  /** Validates a request and builds the workflow input; throws InvalidRequestError naming the fields. */
  prepare(request: ErasureRequest): { workflowId: string; input: ErasureWorkflowInput } {
    const parsed = ErasureRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidRequestError(fieldIssues(parsed.error));
    const valid = parsed.data;
    const systems = valid.systems ?? [...this.options.configuredSystems];
    const unconfigured = systems
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => !this.options.configuredSystems.includes(s))
      .map(({ s, i }) => ({ field: `systems.${i}`, message: `${s} is not configured in this deployment` }));
    if (unconfigured.length > 0) throw new InvalidRequestError(unconfigured);
    if (systems.length === 0)
      throw new InvalidRequestError([{ field: 'systems', message: 'no platform is configured' }]);
    const ref = subjectRef(valid.subjectKey, this.options.subjectHmacKey);
    const { subjectKey: _omitted, ...rest } = valid;
    return {
      workflowId: erasureWorkflowId(ref),
      input: {
        ...rest,
        subjectRef: ref,
        systems,
        timing: this.options.timing,
        ...(this.options.governors ? { governors: this.options.governors } : {}),
      },
    };
  }

  /**
   * Starts the subject's erasure, or joins the one already running for the same subject (one workflow
   * per subject: a second request must not race the first).
   */
  async start(request: ErasureRequest): Promise<StartedErasure> {
    const { workflowId, input } = this.prepare(request);
    try {
      const handle = await this.options.client.workflow.start<typeof erasure>('erasure', {
        workflowId,
        taskQueue: this.options.taskQueue,
        args: [input],
        // FAIL, then join: the same effect as USE_EXISTING, but the caller learns which happened.
        workflowIdConflictPolicy: 'FAIL',
      });
      return { workflowId, joined: false, handle };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return {
        workflowId,
        joined: true,
        handle: this.options.client.workflow.getHandle<typeof erasure>(workflowId),
      };
    }
  }

  progress(workflowId: string): Promise<ErasureProgress> {
    return this.options.client.workflow.getHandle(workflowId).query(progressQuery);
  }

  /** Asks the erasure to stop; `by` and `reason` go into its evidence. */
  async cancel(workflowId: string, cancel: CancelInput): Promise<void> {
    requireText({ by: cancel.by, reason: cancel.reason });
    await this.options.client.workflow.getHandle(workflowId).signal(cancelSignal, cancel);
  }

  /** Adds identifiers to a running erasure; it resolves and discovers again. Refused if any is invalid. */
  async addIdentifiers(
    workflowId: string,
    identifiers: Identifier[],
    by: string,
  ): Promise<{ added: number }> {
    const parsed = IdentifierListSchema.safeParse(identifiers);
    if (!parsed.success) {
      throw new InvalidRequestError(
        fieldIssues(parsed.error).map((i) => ({ ...i, field: `identifiers.${i.field}` })),
      );
    }
    requireText({ by });
    return this.handle(workflowId).executeUpdate(addIdentifiersUpdate, {
      args: [{ identifiers: parsed.data, by }],
    });
  }

  /** Places a legal hold: nothing more is deleted until it is released. */
  placeHold(workflowId: string, hold: { by: string; reason: string }): Promise<{ onHold: boolean }> {
    requireText(hold);
    return this.handle(workflowId).executeUpdate(legalHoldUpdate, { args: [{ on: true, ...hold }] });
  }

  /** Releases the legal hold; the erasure goes on. Refused when there is no hold. */
  releaseHold(workflowId: string, release: { by: string; reason: string }): Promise<{ onHold: boolean }> {
    requireText(release);
    return this.handle(workflowId).executeUpdate(legalHoldUpdate, { args: [{ on: false, ...release }] });
  }

  /** After fixing credentials: try the platform again now. Refused when nothing needs attention. */
  retry(workflowId: string, by: string): Promise<{ retrying: boolean }> {
    requireText({ by });
    return this.handle(workflowId).executeUpdate(retryUpdate, { args: [{ by }] });
  }

  private handle(workflowId: string): WorkflowHandle<typeof erasure> {
    return this.options.client.workflow.getHandle<typeof erasure>(workflowId);
  }

  result(workflowId: string): Promise<ErasureResult> {
    return this.options.client.workflow.getHandle<typeof erasure>(workflowId).result();
  }
}

/** Who/why fields must say something; the error names the empty ones. */
function requireText(fields: Record<string, string>): void {
  const empty = Object.entries(fields)
    .filter(([, v]) => v.trim() === '')
    .map(([field]) => ({ field, message: 'is required' }));
  if (empty.length > 0) throw new InvalidRequestError(empty);
}

export type { CancelInput, ErasureProgress, ErasureRequest, ErasureResult };
