import { activityInfo, Context, getClient, heartbeat } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { certificateDigest, deliver, subscriberName, type WebhookSettings } from '../announce/webhook';
import { type CertificateSigner, recordDigest } from '../certificate/signing';
import type { Secret } from '../config/secret';
import { type CallContext, StepProgress } from '../connectors/call-context';
import type { Connector } from '../connectors/types';
import type { SignedCertificate } from '../domain/certificate';
import { buildCertificate } from '../domain/certify';
import { type CompactRecords, compactRecords } from '../domain/compact-records';
import { errorTypes } from '../domain/error-types';
import type { ResolvedIdentifier } from '../domain/identifiers';
import type { PlannedBatch } from '../domain/planner';
import type { PlatformId, RecordKind, RetainedData } from '../domain/platforms';
import type { RequestStatus } from '../domain/progress';
import type { CompletionEvent, DeliveryRecord, ErasureResult } from '../domain/result';
import { governorStaticDetails, governorStaticSummary } from '../domain/static-details';
import type { SubjectValues, TableCleanup } from '../domain/warehouse';
import type { Logger } from '../ops/logger';
import type { Warehouse } from '../warehouse/warehouse';
import {
  type EnqueueInput,
  enqueueSignal,
  type GovernorInput,
  type GovernorWorkflow,
  governorTaskQueue,
  governorWorkflowId,
} from '../workflows/definitions';
import { answerOwners } from './answer-owners';
import { toActivityFailure } from './failures';

/** How often a warehouse clean-up says it is alive (its activity's heartbeat timeout is a minute). */
const WAREHOUSE_HEARTBEAT_MS = 10_000;

/**
 * How often a platform call says it is alive, between the heartbeats of its finished steps: with the
 * heartbeat timeout of src/workflows/platform-calls.ts, a call whose worker died is retried elsewhere
 * within seconds, not after its whole start-to-close timeout (issue 14's soak: a month of a compressed
 * calendar per killed worker). The SDK sends at most one heartbeat per 80 % of the timeout.
 */
const CALL_KEEP_ALIVE_MS = 1_000;

/**
 * What the activities need from the worker: one connector per configured platform, a logger, and the
 * certificate signer with the key that digests record ids in certificates.
 */
export interface ActivityDeps {
  readonly connectors: Partial<Record<PlatformId, Connector>>;
  readonly logger: Logger;
  readonly certificates?: { readonly signer: CertificateSigner; readonly digestKey: Secret };
  /** Downstream subscribers told of each erasure's end by signed webhook; none when absent. */
  readonly webhooks?: WebhookSettings;
  /** Warehouse tables holding copies of platform data; none when absent. */
  readonly warehouse?: Warehouse;
  /**
   * The platforms' time at a Temporal (workflow) time: the identity in the standard profile, the
   * compressed platform clock in a compressed one (a lost create is looked for on the platform's clock).
   */
  readonly platformTime?: (temporalMs: number) => number;
}

export interface PlatformInput {
  readonly platform: PlatformId;
}

/** What discovery found on one platform: its records, and what the platform keeps after erasure. */
export interface DiscoveryResult {
  readonly records: CompactRecords;
  readonly retained: RetainedData[];
}

/** The outcome of one verification: the platform's status and the ids still holding personal data. */
export interface VerificationOutcome {
  readonly requestStatus: RequestStatus;
  readonly present: string[];
}

/**
 * Every side effect the erasure workflow asks for. Each call goes to the platform's connector; errors
 * leave as ApplicationFailures with a stable type. Logs carry ids and counts, never identifier values.
 */
export function createActivities(deps: ActivityDeps) {
  const connector = (platform: PlatformId): Connector => {
    const c = deps.connectors[platform];
    if (!c) throw new Error(`no connector is configured for ${platform}`);
    return c;
  };
  /**
   * This attempt, for the connector: its number, when the first was scheduled (platform time), and the
   * progress an earlier attempt saved in its heartbeat details (each finished step heartbeats).
   */
  /** Each running call's last saved progress: a keep-alive heartbeat repeats it, never erases it. */
  const saved = new WeakMap<Context, unknown>();
  const callContext = (): CallContext => {
    const info = activityInfo();
    const context = Context.current();
    return {
      attempt: info.attempt,
      firstAttemptAt: (deps.platformTime ?? ((t: number) => t))(info.scheduledTimestampMs),
      progress: StepProgress.of(info.heartbeatDetails, (details) => {
        saved.set(context, details);
        heartbeat(details);
      }),
    };
  };
  const run = async <T>(name: string, platform: PlatformId, fn: (c: Connector) => Promise<T>): Promise<T> => {
    const { attempt, workflowExecution } = activityInfo();
    try {
      return await fn(connector(platform));
    } catch (err) {
      deps.logger.warn(
        {
          activity: name,
          platform,
          attempt,
          workflowId: workflowExecution?.workflowId,
          error: (err as Error).name,
        },
        'platform call failed',
      );
      throw toActivityFailure(err, attempt);
    }
  };

  /** Runs an activity saying it is alive every second, its last saved progress repeated (never erased). */
  const keptAlive =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const context = Context.current();
      const alive = setInterval(
        () => context.heartbeat(saved.has(context) ? saved.get(context) : context.info.heartbeatDetails),
        CALL_KEEP_ALIVE_MS,
      );
      try {
        return await fn(...args);
      } finally {
        clearInterval(alive);
      }
    };

  return everyKeptAlive(keptAlive, {
    resolveIdentities(
      input: PlatformInput & { identifiers: ResolvedIdentifier[] },
    ): Promise<ResolvedIdentifier[]> {
      return run('resolveIdentities', input.platform, (c) => c.resolve(input.identifiers, callContext()));
    },
    discoverRecords(input: PlatformInput & { identifiers: ResolvedIdentifier[] }): Promise<DiscoveryResult> {
      return run('discoverRecords', input.platform, async (c) => ({
        records: compactRecords(await c.discover(input.identifiers, callContext())),
        retained: [...c.retained],
      }));
    },
    /** Of these records, the ids still open or held by the platform. */
    checkActive(
      input: PlatformInput & { records: Array<{ kind: RecordKind; id: string }> },
    ): Promise<string[]> {
      return run('checkActive', input.platform, (c) => c.stillBlocked(input.records));
    },
    /** Of these (discovered) records, the ids still showing personal data: a look, with no request status. */
    checkPresent(
      input: PlatformInput & { records: Array<{ kind: RecordKind; id: string }> },
    ): Promise<string[]> {
      return run('checkPresent', input.platform, (c) => c.verify(input.records));
    },
    /**
     * `subject`: the person's identifiers, sent only to platforms whose requests name the person.
     * `knownRequestIds`: requests the caller already holds receipts for; `exclusiveSender`: the caller
     * is the account's only sender (the governor). Both help tell a lost create from another's request.
     */
    submitBatch(
      input: PlatformInput & {
        batch: PlannedBatch;
        idempotencyKey: string;
        subject?: ResolvedIdentifier[];
        knownRequestIds?: string[];
        exclusiveSender?: boolean;
      },
    ) {
      return run('submitBatch', input.platform, async (c) => {
        const receipt = await c.submit(input.batch, input.idempotencyKey, input.subject ?? [], {
          ...callContext(),
          knownRequestIds: input.knownRequestIds ?? [],
          exclusiveSender: input.exclusiveSender ?? false,
        });
        deps.logger.info(
          {
            platform: input.platform,
            requestId: receipt.requestId,
            kind: receipt.kind,
            count: receipt.ids.length,
            ...(receipt.lostAnswer ? { afterLostAnswer: receipt.lostAnswer.action } : {}),
          },
          'deletion requested',
        );
        return receipt;
      });
    },
    verifySubmission(
      input: PlatformInput & { requestId: string; records: Array<{ kind: RecordKind; id: string }> },
    ): Promise<VerificationOutcome> {
      return run('verifySubmission', input.platform, async (c) => ({
        requestStatus: await c.status(input.requestId),
        present: await c.verify(input.records),
      }));
    },
    /**
     * Hands ids to the platform account's quota governor, starting it if it is not running (signal with
     * start: no race between two erasures starting it at once).
     */
    /** A governor's answers to the owners of one request (src/activities/answer-owners.ts). */
    answerOwners,
    async enqueueForDeletion(input: { governor: GovernorInput; entry: EnqueueInput }): Promise<void> {
      const { platform, account } = input.governor;
      // The same key on every attempt of this activity: the governor drops a repeat (issue 14's soak: a
      // worker killed after the signal, the retry signalled again, the ids went out twice).
      const { workflowExecution, activityId } = activityInfo();
      const key = workflowExecution ? { key: `${workflowExecution.runId}/${activityId}` } : {};
      await getClient().workflow.signalWithStart<GovernorWorkflow, [EnqueueInput]>('governor', {
        workflowId: governorWorkflowId(platform, account),
        // A governor started here runs on its own queue; one already running stays where it is.
        taskQueue: governorTaskQueue(activityInfo().taskQueue),
        args: [input.governor],
        signal: enqueueSignal,
        signalArgs: [{ ...input.entry, ...key }],
        // Shown by the Web UI for the governor's first run (continue-as-new carries no static metadata;
        // its current details repeat the warning).
        staticSummary: governorStaticSummary(platform, account),
        staticDetails: governorStaticDetails(platform),
      });
      const entries = 'entries' in input.entry ? input.entry.entries : [input.entry];
      deps.logger.info(
        {
          platform,
          kinds: entries.map((e) => e.kind),
          count: entries.reduce((n, e) => n + e.ids.length, 0),
        },
        'ids queued at the governor',
      );
    },
    cancelSubmission(input: PlatformInput & { requestId: string }) {
      return run('cancelSubmission', input.platform, (c) => c.cancel(input.requestId));
    },
    /**
     * One delivery round of the completion event: to every subscriber, or to the `pending` ones (by
     * name). Never throws for a subscriber's failure: the workflow records it and tries again later.
     */
    async announceCompletion(input: {
      event: Omit<CompletionEvent, 'certificateDigest'>;
      certificate: SignedCertificate;
      pending?: string[];
    }): Promise<DeliveryRecord[]> {
      const hooks = deps.webhooks;
      if (!hooks) return [];
      const event: CompletionEvent = {
        ...input.event,
        certificateDigest: certificateDigest(input.certificate),
      };
      const urls = hooks.urls.filter((u) => !input.pending || input.pending.includes(subscriberName(u)));
      const records = await Promise.all(urls.map((u) => deliver(hooks, u, event)));
      for (const r of records)
        deps.logger.info(
          { subscriber: r.subscriber, delivered: r.delivered, status: r.status },
          'webhook delivery',
        );
      return records;
    },
    /** Deletes or redacts the subject's rows in every configured warehouse table (one transaction each). */
    async cleanDownstream(input: { values: SubjectValues }): Promise<TableCleanup[]> {
      if (!deps.warehouse) return [];
      // A reclaim may rewrite a whole database (VACUUM FULL, a DuckDB file): alive while it works.
      const beat = setInterval(() => heartbeat(), WAREHOUSE_HEARTBEAT_MS);
      const tables = await deps.warehouse.clean(input.values).finally(() => clearInterval(beat));
      for (const t of tables)
        deps.logger.info(
          {
            target: t.target,
            table: t.table,
            rows: t.rows,
            remaining: t.remaining,
            failed: Boolean(t.error),
            reclaim: t.reclaim?.step,
            reclaimOk: t.reclaim?.ok,
          },
          'warehouse table cleaned',
        );
      return tables;
    },
    /** Builds and signs the certificate of a finished erasure (DESIGN §4). */
    async issueCertificate(input: { result: ErasureResult }): Promise<SignedCertificate> {
      const certificates = deps.certificates;
      if (!certificates)
        throw ApplicationFailure.nonRetryable(
          'no certificate signing key is configured (LETHE_CERT_SIGNING_KEY)',
          errorTypes.invalidRequest,
        );
      const certificate = buildCertificate(
        input.result,
        new Date().toISOString(),
        recordDigest(certificates.digestKey),
      );
      const signed = certificates.signer.sign(certificate);
      deps.logger.info(
        { requestId: input.result.requestId, keyId: signed.signature.keyId },
        'certificate issued',
      );
      return signed;
    },
  });
}

/** Every activity of `activities` wrapped by `wrap`, keeping its type. */
function everyKeptAlive<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  wrap: <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => (...args: A) => Promise<R>,
  activities: T,
): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      wrap(fn as (...args: unknown[]) => Promise<unknown>),
    ]),
  ) as unknown as T;
}

export type ErasureActivities = ReturnType<typeof createActivities>;
