import type { LogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import { IllegalStateError } from '@temporalio/common';
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { BindAddress } from '../config/schemas';
import type { Logger } from './logger';

/** `ip:port` as the SDK's Prometheus exporter parses it (IPv6 in brackets). */
export const formatBindAddress = (a: BindAddress): string =>
  a.host.includes(':') ? `[${a.host}]:${a.port}` : `${a.host}:${a.port}`;

const PINO_OF: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's logger (its own lines, Core's, workflows' `log`) writing through Lethe's pino logger. */
export function sdkLogger(logger: Logger): SdkLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    // pino serialises an Error only under `err`; the SDK passes it as `error`.
    const { error, ...rest } = (meta ?? {}) as Record<string, unknown>;
    logger[PINO_OF[level]]({ ...rest, ...(error === undefined ? {} : { err: error }) }, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}

/** The SDK level closest to a pino level, for Core's log filter. */
function coreLevel(level: string): LogLevel {
  if (level === 'trace') return 'TRACE';
  if (level === 'debug') return 'DEBUG';
  if (level === 'info') return 'INFO';
  return level === 'warn' ? 'WARN' : 'ERROR';
}

export interface WorkerRuntimeOptions {
  readonly logger: Logger;
  readonly logLevel: string;
  /** Serve the SDK's metrics for Prometheus here (`/metrics`). */
  readonly metrics?: { readonly address: BindAddress; readonly prefix: string };
}

/**
 * Installs the SDK runtime for a worker process, before any connection or worker exists: logs through
 * pino, Prometheus metrics when asked, and no signal handling of its own (`run()` handles SIGTERM and
 * SIGINT, so readiness drops before the worker stops polling). The runtime is a process-wide singleton:
 * when one is already installed (tests), it is reused, unless metrics are asked for, which only a fresh
 * runtime can serve. Returns whether this call installed it.
 */
export function installWorkerRuntime(options: WorkerRuntimeOptions): boolean {
  const level = coreLevel(options.logLevel);
  try {
    Runtime.install({
      logger: sdkLogger(options.logger.child({ component: 'temporal-sdk' })),
      shutdownSignals: [],
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: level, other: 'WARN' }) },
        ...(options.metrics
          ? {
              metrics: {
                metricPrefix: options.metrics.prefix,
                globalTags: { service: 'lethe' },
                prometheus: { bindAddress: formatBindAddress(options.metrics.address) },
              },
            }
          : {}),
      },
    });
    return true;
  } catch (err) {
    if (!(err instanceof IllegalStateError)) throw err;
    if (options.metrics)
      throw new Error(
        'metrics need the Temporal runtime installed by the worker, but this process already has one: run the worker before any other worker or native connection',
        { cause: err },
      );
    return false;
  }
}
