import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './codec/data-converter';

/** The folder whose index lists every workflow type a Lethe worker registers. */
export const WORKFLOWS_PATH = join(__dirname, 'workflows');

/** The one module every workflow of a worker shares: the schemas (src/domain/shared-schemas.ts). */
export const SHARED_SCHEMAS_PATH = join(__dirname, 'domain', 'shared-schemas');

/**
 * How every workflow bundle of Lethe is built (worker, tests, benchmarks, the history recorder): one
 * place, so what runs in tests is what runs in production.
 *
 * Preloaded, and so shared by every workflow of a worker: only the schema registry. Sharing zod or the
 * schema modules themselves fails, since the SDK deep-freezes shared modules and zod writes to its
 * schemas as they are used ("Cannot define property safeParse, object is not extensible"; "Cannot
 * assign to read only property 'lastIndex'").
 */
export function workflowBundleOptions(
  extra: Omit<BundleOptions, 'workflowsPath'> & { workflowsPath?: string } = {},
): BundleOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    preloadModules: [SHARED_SCHEMAS_PATH],
    ...extra,
  };
}
