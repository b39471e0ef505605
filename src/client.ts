import {
  Client,
  Connection,
  WorkflowExecutionAlreadyStartedError,
  type WorkflowExecutionStatusName,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { erasureInput } from './client/erasure-input';
import {
  CertificateUnavailableError,
  checked,
  found,
  grpcCode,
  InvalidRequestError,
  NoWorkerError,
  RequestRefusedError,
} from './client/errors';
import {
  type ErasureListFilter,
  type ErasureSummary,
  erasureStatus,
  listQuery,
  summaryOf,
} from './client/listing';
import { subjectRef } from './client/subject-ref';
import { letheDataConverter } from './codec/data-converter';
import { type Config, configuredPlatforms, keyringOf, platformClockOf, timingOf } from './config';
import { governorInputsOf } from './config/governors';
import type { Secret } from './config/secret';
import type { SignedCertificate } from './domain/certificate';
import type { ExpandPolicy } from './domain/expansion';
import type { Identifier } from './domain/identifiers';
import {
  AddIdentifiersInputSchema,
  CancelInputSchema,
  ConfirmMatchesInputSchema,
  LegalHoldInputSchema,
  RetryInputSchema,
} from './domain/operator-input';
import type { PlatformClock } from './domain/platform-clock';
import type { PlatformId } from './domain/platforms';
import type { ErasureProgress, Phase } from './domain/progress';
import {
  checkRequestDates,
  type ErasureRequest,
  type ErasureWorkflowInput,
  type GovernorInput,
} from './domain/request';
import type { ErasureResult } from './domain/result';
import { erasureStartMetadata } from './domain/static-details';
import type { Timing } from './domain/timing';
import {
  addIdentifiersUpdate,
  type CancelInput,
  cancelSignal,
  confirmMatchesUpdate,
  erasureWorkflowId,
  legalHoldUpdate,
  progressQuery,
  retryUpdate,
} from './workflows/definitions';
import type { erasure } from './workflows/erasure';
import { LetheStatus } from './workflows/search-attributes';

/** A query's wait for a worker to answer, unless the client is told otherwise. */
const DEFAULT_QUERY_TIMEOUT_MS = 15_000;
const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;

export interface ErasureClientOptions {
  readonly client: Client;
  /** How long a query or an update waits for a worker to answer (default 15 s). */
  readonly queryTimeoutMs?: number;
  /** Closed by `close()`: set when this client opened the connection itself. */
  readonly ownConnection?: Connection;
  readonly taskQueue: string;
  readonly subjectHmacKey: Secret;
  /** Platforms this deployment has connectors for; requests may name only these. */
  readonly configuredSystems: readonly PlatformId[];
  readonly timing: Timing;
  /** Platforms whose account quota is spent through a governor (DESIGN §2a); absent: sent directly. */
  readonly governors?: Partial<Record<PlatformId, GovernorInput>>;
  /** The platforms' clock of a compressed profile (DESIGN §12); absent: platform time is real time. */
  readonly platformClock?: PlatformClock;
  /** The clock requests' dates are checked against (default: this machine's); tests pass the server's. */
  readonly now?: () => Promise<Date>;
  /** The deployment's expansion policy, for requests that do not name one (absent: each link decides). */
  readonly expand?: ExpandPolicy;
}

/** A started (or joined) erasure. */
export interface StartedErasure {
  readonly workflowId: string;
  /** True when an erasure of the same subject was already running and this request joined it. */
  readonly joined: boolean;
  /** Joined: how many of the request's identifiers were new to the running erasure. */
  readonly added?: number;
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
    const platformClock = platformClockOf(config);
    const governors = config.quotaGovernor
      ? governorInputsOf(config, timing, platformClock ? { platformClock } : {})
      : {};
    return new ErasureClient({
      ownConnection: connection,
      client: new Client({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: letheDataConverter(keyringOf(config)),
      }),
      taskQueue: config.temporal.taskQueue,
      subjectHmacKey: config.subjectHmacKey,
      configuredSystems,
      timing,
      ...(Object.keys(governors).length > 0 ? { governors } : {}),
      ...(platformClock ? { platformClock } : {}),
      ...(config.expand ? { expand: config.expand } : {}),
    });
  }

  get temporal(): Client {
    return this.options.client;
  }

  /** How long a day lasts for this deployment's erasures (shorter than a day on a compressed clock). */
  get dayMs(): number {
    return this.options.timing.dayMs;
  }

  /** The workflow id of a subject's erasure. */
  workflowIdFor(subjectKey: string): string {
    return erasureWorkflowId(subjectRef(subjectKey, this.options.subjectHmacKey));
  }

  /** Validates a request and builds the workflow input; throws InvalidRequestError naming the fields. */
  prepare(request: ErasureRequest): { workflowId: string; input: ErasureWorkflowInput } {
    return erasureInput(request, this.options);
  }

  /**
   * Starts the subject's erasure, or joins the one already running for the same subject (one workflow
   * per subject: a second request must not race the first). Joining merges: the request's identifiers
   * are added to the running erasure (it resolves and discovers again if any is new) and its request id
   * is linked, named in the result and the certificate. An erasure that ends between the two is
   * started afresh.
   */
  async start(request: ErasureRequest): Promise<StartedErasure> {
    const { workflowId, input } = this.prepare(request);
    // The checks that need a clock (a receipt in the future): the workflow cannot read one.
    const clock = this.options.now ? await this.options.now() : new Date();
    const dates = checkRequestDates(input, clock);
    if (dates.length > 0) throw new InvalidRequestError(dates);
    // What the Web UI lists and shows before the erasure has said anything (the codec encrypts it).
    const metadata = erasureStartMetadata(input, workflowId, clock.getTime());
    for (let attempt = 1; ; attempt += 1) {
      try {
        const handle = await this.options.client.workflow.start<typeof erasure>('erasure', {
          workflowId,
          taskQueue: this.options.taskQueue,
          args: [input],
          // FAIL, then join by update: USE_EXISTING would not tell the caller which happened.
          workflowIdConflictPolicy: 'FAIL',
          ...metadata,
        });
        return { workflowId, joined: false, handle };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      const joined = await this.join(workflowId, input);
      if (joined) return joined;
      if (attempt >= 2)
        throw new RequestRefusedError(
          workflowId,
          'an erasure of this subject is ending: send the request again',
        );
    }
  }

  /** Adds a request to the subject's running erasure; undefined when that erasure has just ended. */
  private async join(workflowId: string, input: ErasureWorkflowInput): Promise<StartedErasure | undefined> {
    const handle = this.handle(workflowId);
    try {
      const { added } = await this.steer(workflowId, () =>
        handle.executeUpdate(addIdentifiersUpdate, {
          args: [{ identifiers: input.identifiers, by: input.requestedBy, requestId: input.requestId }],
        }),
      );
      return { workflowId, joined: true, added, handle };
    } catch (err) {
      if (!(err instanceof RequestRefusedError) || !/has ended/.test(err.message)) throw err;
      // Ended but still closing (its certificate, its webhooks): wait for it, briefly, then start anew.
      await this.answered(workflowId, () => handle.result()).catch(() => undefined);
      return undefined;
    }
  }

  /** The erasure's progress (also after it ended). */
  progress(workflowId: string): Promise<ErasureProgress> {
    return found(workflowId, () =>
      this.answered(workflowId, () => this.handle(workflowId).query(progressQuery)),
    );
  }

  /**
   * A call a worker must answer (a query, an update): bounded in time, since the SDK would wait for a
   * worker forever; when none answers, say so rather than "deadline exceeded".
   */
  private async answered<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + (this.options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS);
    try {
      return await this.options.client.connection.withDeadline(deadline, call);
    } catch (err) {
      // At the deadline gRPC answers DEADLINE_EXCEEDED, or sometimes CANCELLED ("Call cancelled").
      const code = grpcCode(err);
      if (code === DEADLINE_EXCEEDED || (code === CANCELLED && Date.now() >= deadline - 100))
        throw new NoWorkerError(workflowId, this.options.taskQueue);
      throw err;
    }
  }

  /** Whether Temporal still runs the erasure: RUNNING, COMPLETED, FAILED, TERMINATED, … */
  async execution(workflowId: string): Promise<WorkflowExecutionStatusName> {
    const description = await found(workflowId, () => this.handle(workflowId).describe());
    return description.status.name;
  }

  /** Erasures matching the filter, newest first, by their search attributes alone (nothing decrypted). */
  async list(filter: ErasureListFilter = {}, limit = 100, now = new Date()): Promise<ErasureSummary[]> {
    const out: ErasureSummary[] = [];
    for await (const info of this.options.client.workflow.list({ query: listQuery(filter, now) })) {
      out.push(summaryOf(info));
      if (out.length >= limit) break;
    }
    return out;
  }

  /** The signed certificate of an ended erasure, exactly as it was issued. */
  async certificate(workflowId: string): Promise<SignedCertificate> {
    const execution = await this.execution(workflowId);
    if (execution === 'RUNNING') throw new CertificateUnavailableError(workflowId, 'running');
    if (execution !== 'COMPLETED')
      throw new CertificateUnavailableError(workflowId, 'ended_without_certificate');
    const result = await this.result(workflowId);
    if (result.certificate) return result.certificate;
    throw new CertificateUnavailableError(
      workflowId,
      result.outcome === 'planned' ? 'dry_run' : 'ended_without_certificate',
    );
  }

  /** Asks the erasure to stop; `by` and `reason` go into its evidence. */
  async cancel(workflowId: string, cancel: CancelInput): Promise<void> {
    const valid = checked(CancelInputSchema, cancel);
    await this.steer(workflowId, () => this.handle(workflowId).signal(cancelSignal, valid));
  }

  /** Adds identifiers to a running erasure; it resolves and discovers again. Refused if any is invalid. */
  async addIdentifiers(
    workflowId: string,
    identifiers: Identifier[],
    by: string,
  ): Promise<{ added: number }> {
    const valid = checked(AddIdentifiersInputSchema, { identifiers, by });
    return this.steer(workflowId, () =>
      this.handle(workflowId).executeUpdate(addIdentifiersUpdate, { args: [valid] }),
    );
  }

  /** Places a legal hold: nothing more is deleted until it is released. */
  async placeHold(workflowId: string, hold: { by: string; reason: string }): Promise<{ onHold: boolean }> {
    const valid = checked(LegalHoldInputSchema, { on: true, ...hold });
    return this.steer(workflowId, () =>
      this.handle(workflowId).executeUpdate(legalHoldUpdate, { args: [valid] }),
    );
  }

  /** Releases the legal hold; the erasure goes on. Refused when there is no hold. */
  async releaseHold(
    workflowId: string,
    release: { by: string; reason: string },
  ): Promise<{ onHold: boolean }> {
    const valid = checked(LegalHoldInputSchema, { on: false, ...release });
    return this.steer(workflowId, () =>
      this.handle(workflowId).executeUpdate(legalHoldUpdate, { args: [valid] }),
    );
  }

  /** After fixing credentials: try the platform again now. Refused when nothing needs attention. */
  async retry(workflowId: string, by: string): Promise<{ retrying: boolean }> {
    const valid = checked(RetryInputSchema, { by });
    return this.steer(workflowId, () =>
      this.handle(workflowId).executeUpdate(retryUpdate, { args: [valid] }),
    );
  }

  /**
   * Decides the derived matches waiting for an operator (issue 15; progress names them `m1`, …):
   * `exclude` are never erased; the others are confirmed, or only those in `confirm` when given.
   */
  async confirmMatches(
    workflowId: string,
    decision: { by: string; reason?: string; exclude?: string[]; confirm?: string[] },
  ): Promise<{ confirmed: string[]; excluded: string[] }> {
    const valid = checked(ConfirmMatchesInputSchema, decision);
    return this.steer(workflowId, () =>
      this.handle(workflowId).executeUpdate(confirmMatchesUpdate, { args: [valid] }),
    );
  }

  private handle(workflowId: string): WorkflowHandle<typeof erasure> {
    return this.options.client.workflow.getHandle<typeof erasure>(workflowId);
  }

  /**
   * Sends an operator's request. A refusal by the workflow (its validator's reason) and a request to an
   * erasure that has already ended (Temporal says "not found") both become RequestRefusedError.
   */
  private async steer<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.answered(workflowId, call);
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError)
        throw new RequestRefusedError(workflowId, err.cause?.message ?? err.message);
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      throw new RequestRefusedError(workflowId, `the erasure has ended (${await this.endedAs(workflowId)})`);
    }
  }

  /** How an ended erasure ended, in its own words (cancelled, incomplete, …), else Temporal's status. */
  private async endedAs(workflowId: string): Promise<string> {
    const description = await found(workflowId, () => this.handle(workflowId).describe());
    return erasureStatus(
      description.status.name,
      description.typedSearchAttributes.get(LetheStatus) as Phase | undefined,
    );
  }

  /** Waits for the erasure to end and returns its result. */
  result(workflowId: string): Promise<ErasureResult> {
    return found(workflowId, () => this.handle(workflowId).result());
  }

  /** Closes the connection `connect` opened (a client built on a caller's connection leaves it open). */
  async close(): Promise<void> {
    await this.options.ownConnection?.close();
  }
}

export { verifyCertificate } from './certificate/signing';
export {
  CertificateUnavailableError,
  ErasureNotFoundError,
  InvalidRequestError,
  NoWorkerError,
  RequestRefusedError,
} from './client/errors';
export { type ErasureListFilter, type ErasureSummary, listQuery } from './client/listing';
export { loadConfig } from './config';
export { IdentifierListSchema, IdentifierSchema } from './domain/identifiers';
export { ErasureRequestSchema } from './domain/request';
export type { CancelInput, ErasureProgress, ErasureRequest, ErasureResult, Phase, SignedCertificate };
