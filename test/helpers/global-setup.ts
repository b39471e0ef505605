import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { workflowBundleOptions } from '../../src/workflow-bundle';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the workflow bundle built once for the whole Temporal test run. */
    workflowBundlePath: string;
  }
}

/** Bundles the workflows once, so each test file starts its workers from the same code without webpack. */
export default async function setup(project: TestProject): Promise<void> {
  const root = join(__dirname, '..', '..');
  const { code } = await bundleWorkflowCode(workflowBundleOptions({ logger: quietLogger }));
  const dir = join(root, '.lethe');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'workflow-bundle.js');
  writeFileSync(path, code);
  project.provide('workflowBundlePath', path);
}

const noop = (): void => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop };
