import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * Installs the SDK runtime with its own and its core's logs at `level` and above, once per process
 * (the runtime is a singleton that must be installed before any worker or connection exists).
 */
export function installQuietRuntime(level: 'WARN' | 'ERROR' = 'ERROR'): void {
  if (installed) return;
  installed = true;
  Runtime.install({
    logger: new DefaultLogger(level),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core: level, other: level }) },
    },
  });
}
