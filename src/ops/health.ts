import type { State, WorkerStatus } from '@temporalio/worker';

/** The part of a worker the health endpoints read (a `Worker`, or a fake in tests). */
export interface WorkerStatusSource {
  getStatus(): Pick<
    WorkerStatus,
    | 'runState'
    | 'workflowPollerState'
    | 'activityPollerState'
    | 'numInFlightActivities'
    | 'numInFlightWorkflowActivations'
    | 'numCachedWorkflows'
  >;
}

type WorkerStatusView = ReturnType<WorkerStatusSource['getStatus']>;

/** A poller's or a run's state across workers: the first that is not the healthy one, else the healthy one. */
const worst = <S extends string>(states: readonly S[], healthy: S): S =>
  states.find((s) => s !== healthy) ?? healthy;

/**
 * Several workers of one process (erasures and governors) as one: running and polling only when every
 * one is, counts summed.
 */
export function combinedStatus(sources: readonly WorkerStatusSource[]): WorkerStatusSource {
  return {
    getStatus(): WorkerStatusView {
      const all = sources.map((s) => s.getStatus());
      const sum = (pick: (s: WorkerStatusView) => number): number => all.reduce((n, s) => n + pick(s), 0);
      return {
        runState: worst(
          all.map((s) => s.runState),
          'RUNNING',
        ),
        workflowPollerState: worst(
          all.map((s) => s.workflowPollerState),
          'POLLING',
        ),
        activityPollerState: worst(
          all.map((s) => s.activityPollerState),
          'POLLING',
        ),
        numInFlightActivities: sum((s) => s.numInFlightActivities),
        numInFlightWorkflowActivations: sum((s) => s.numInFlightWorkflowActivations),
        numCachedWorkflows: sum((s) => s.numCachedWorkflows),
      };
    },
  };
}

/** What `/healthz` and `/readyz` answer: states and counts only, never a workflow id or a payload. */
export interface HealthReport {
  /** `STARTING` until the worker exists (connecting, bundling the workflows). */
  readonly state: State | 'STARTING';
  readonly live: boolean;
  readonly ready: boolean;
  readonly shuttingDown: boolean;
  readonly pollers?: { readonly workflow: string; readonly activity: string };
  readonly inFlight?: { readonly activities: number; readonly workflowActivations: number };
  readonly cachedWorkflows?: number;
}

/** States in which the process is still doing its job (starting, serving, or draining in-flight work). */
const LIVE_STATES: ReadonlySet<State> = new Set([
  'INITIALIZED',
  'RUNNING',
  'STOPPING',
  'DRAINING',
  'DRAINED',
]);

/**
 * The worker's health as the endpoints report it. Live: starting, running or draining (a probe must not
 * kill a worker that is finishing its activities). Ready: running with both pollers polling and no
 * shutdown requested; not-ready comes first on shutdown so the platform stops routing to it.
 */
export class WorkerHealth {
  private worker: WorkerStatusSource | undefined;
  private stopping = false;

  /** The worker to report on, once it exists. */
  attach(worker: WorkerStatusSource): void {
    this.worker = worker;
  }

  /** Marks the process as shutting down: not ready from now on, still live while it drains. */
  beginShutdown(): void {
    this.stopping = true;
  }

  get shuttingDown(): boolean {
    return this.stopping;
  }

  report(): HealthReport {
    if (!this.worker) return { state: 'STARTING', live: true, ready: false, shuttingDown: this.stopping };
    const s = this.worker.getStatus();
    const ready =
      !this.stopping &&
      s.runState === 'RUNNING' &&
      s.workflowPollerState === 'POLLING' &&
      s.activityPollerState === 'POLLING';
    return {
      state: s.runState,
      live: LIVE_STATES.has(s.runState),
      ready,
      shuttingDown: this.stopping,
      pollers: { workflow: s.workflowPollerState, activity: s.activityPollerState },
      inFlight: {
        activities: s.numInFlightActivities,
        workflowActivations: s.numInFlightWorkflowActivations,
      },
      cachedWorkflows: s.numCachedWorkflows,
    };
  }
}
