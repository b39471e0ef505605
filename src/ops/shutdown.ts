import { constants } from 'node:os';
import type { Logger } from './logger';

/** The signals a worker drains on: SIGTERM from the orchestrator, SIGINT from a terminal. */
export const SHUTDOWN_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/** How long after the grace period a worker whose activities ignore cancellation is given up on. */
export const SHUTDOWN_FORCE_MARGIN_MS = 10_000;

/** Signal handling for a worker process, installed for its whole life and removed by `dispose`. */
export interface ShutdownSignals {
  /** The signal that asked for the shutdown, once one did. */
  readonly requested: NodeJS.Signals | undefined;
  dispose(): void;
}

/**
 * On the first SIGTERM or SIGINT calls `drain` once (stop taking work, let in-flight activities finish).
 * A second signal while draining means the operator will not wait: it is logged and the process exits
 * at once with 128 + the signal's number; activities still running are retried by another worker after
 * their timeout.
 */
export function handleShutdownSignals(options: {
  readonly logger: Logger;
  readonly drain: (signal: NodeJS.Signals) => void;
  /** Replaced in tests; default `process.exit`. */
  readonly exit?: (code: number) => void;
  /** Where the signals arrive; replaced in tests; default `process`. */
  readonly source?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
}): ShutdownSignals {
  let requested: NodeJS.Signals | undefined;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (requested) {
      options.logger.warn({ signal, first: requested }, 'second shutdown signal: exiting without draining');
      exit(128 + (constants.signals[signal] ?? 0));
      return;
    }
    requested = signal;
    options.drain(signal);
  };
  const source = options.source ?? process;
  for (const signal of SHUTDOWN_SIGNALS) source.on(signal, onSignal);
  return {
    get requested() {
      return requested;
    },
    dispose() {
      for (const signal of SHUTDOWN_SIGNALS) source.off(signal, onSignal);
    },
  };
}
