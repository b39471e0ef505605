import { loadClientConfigProfile, toClientOptions } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

/** Where Lethe's Temporal server is, resolved from Lethe's configuration and Temporal's own conventions. */
export interface TemporalSettings {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** TLS, API key and gRPC metadata, from Temporal's environment configuration (never logged). */
  readonly connection: Omit<NativeConnectionOptions, 'address'>;
}

/** What Lethe's own configuration says (file or LETHE_* / TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE). */
export interface TemporalBlock {
  readonly address?: string | undefined;
  readonly namespace?: string | undefined;
  readonly taskQueue: string;
}

/**
 * Resolves the Temporal connection the way every Temporal tool does (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS*, TEMPORAL_GRPC_META_*, TEMPORAL_PROFILE and the TOML file named by
 * TEMPORAL_CONFIG_FILE), so the same settings that point the `temporal` CLI at a cluster or at Temporal
 * Cloud point Lethe there too. Lethe's config file may name the address and namespace; the environment
 * wins over it, and it wins over the TOML profile.
 */
export function resolveTemporal(block: TemporalBlock, env: NodeJS.ProcessEnv): TemporalSettings {
  const profile = loadClientConfigProfile({ overrideEnvVars: definedOnly(env) });
  const { address, tls, apiKey, metadata } = toClientOptions(profile).connectionOptions;
  return {
    address: block.address ?? address ?? 'localhost:7233',
    namespace: block.namespace ?? profile.namespace ?? 'default',
    taskQueue: block.taskQueue,
    connection: {
      ...(tls !== undefined ? { tls } : {}),
      ...(apiKey !== undefined ? { apiKey } : {}),
      ...(metadata && Object.keys(metadata).length > 0 ? { metadata } : {}),
    },
  };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''),
  );
}
