import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from './codec/data-converter';

/** The folder whose index lists every workflow type a Lethe worker registers. */
export const WORKFLOWS_PATH = join(__dirname, 'workflows');

/**
 * How every workflow bundle of Lethe is built (worker, tests, benchmarks, the history recorder): one
 * place, so what runs in tests is what runs in production.
 *
 * Not preloaded (`preloadModules`): sharing zod and the domain modules between workflows fails, since
 * the SDK deep-freezes shared modules and zod 4 defines a schema's methods on first use
 * ("Cannot define property safeParse, object is not extensible").
 */
export function workflowBundleOptions(
  extra: Omit<BundleOptions, 'workflowsPath'> & { workflowsPath?: string } = {},
): BundleOptions {
  return { workflowsPath: WORKFLOWS_PATH, failureConverterPath: FAILURE_CONVERTER_PATH, ...extra };
}
