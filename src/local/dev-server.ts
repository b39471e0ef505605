import { TestWorkflowEnvironment } from '@temporalio/testing';
import { letheSearchAttributes } from '../workflows/search-attributes';
import { LOCAL_DATA_CONVERTER } from './local-keys';
import { temporalCli } from './temporal-binaries';

export interface DevServerOptions {
  /** Serve the Web UI on this port (default: no UI). */
  readonly uiPort?: number;
  /** gRPC port (default: any free port). */
  readonly port?: number;
  readonly namespace?: string;
  /** Keep the server's SQLite database in this file (benchmarks measure its size); default in memory. */
  readonly dbFilename?: string;
  /** Extra `temporal server start-dev` arguments, e.g. dynamic config. */
  readonly extraArgs?: string[];
}

/**
 * Starts a local Temporal dev server (SQLite in memory) through the SDK, with the binary chosen by
 * `temporalCli()`. Write-ahead logging and no fsync: the data lives only as long as the demo or test.
 */
export function startDevServer(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    client: { dataConverter: LOCAL_DATA_CONVERTER },
    server: {
      executable: temporalCli(),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
      ...(options.dbFilename !== undefined ? { dbFilename: options.dbFilename } : {}),
      ...(options.uiPort !== undefined ? { ui: true, uiPort: options.uiPort } : {}),
      log: { format: 'json', level: 'error' },
      searchAttributes: [...letheSearchAttributes],
      extraArgs: [
        '--sqlite-pragma',
        'journal_mode=WAL',
        '--sqlite-pragma',
        'synchronous=OFF',
        // Offline-friendly: the UI would otherwise fetch Temporal's newsfeed from the internet.
        ...(options.uiPort !== undefined ? ['--ui-disable-news-fetch'] : []),
        ...(options.extraArgs ?? []),
      ],
    },
  });
}
