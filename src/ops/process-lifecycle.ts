import { createLogger } from './logger';
import { SHUTDOWN_SIGNALS } from './shutdown';

/** Resolves on the first SIGINT or SIGTERM: a part run as its own process stops cleanly on either. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      for (const s of SHUTDOWN_SIGNALS) process.off(s, stop);
      resolve(signal);
    };
    for (const s of SHUTDOWN_SIGNALS) process.on(s, stop);
  });
}

/** Runs `part` as the whole process: exit 0 when it stops, 1 (with the reason logged) when it fails. */
export function runAsProcess(name: string, part: () => Promise<void>): void {
  part().then(
    () => process.exit(0),
    (err: unknown) => {
      createLogger('error').fatal(
        { error: err instanceof Error ? err.message : String(err) },
        `${name} failed`,
      );
      process.exit(1);
    },
  );
}
