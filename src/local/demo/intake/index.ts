import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { type RunningIntake, startIntake } from '../../../intake/service';
import { createLogger } from '../../../ops/logger';
import { LOCAL_DATA_CONVERTER } from '../../local-keys';
import type { LocalStack } from '../../stack';
import type { SeededPerson } from '../scenario';
import { ketchTool } from './ketch';
import { onetrustTool } from './onetrust';
import type { DemoTool } from './tool';
import { transcendTool } from './transcend';

/**
 * The privacy tools the demo can take its request from. Fides is left out: its connector names the
 * person by one email, and the demo's person is known by more (the demo would end incomplete, honestly).
 */
const tools = { transcend: transcendTool, ketch: ketchTool, onetrust: onetrustTool } as const;
export const demoIntakes = Object.keys(tools) as Array<keyof typeof tools>;
export type DemoIntake = keyof typeof tools;

/** A privacy tool's side and Lethe's intake, as the demo runs them: its request in, its dashboard out. */
export interface RunningDemoIntake {
  readonly toolName: string;
  readonly toolUrl: string;
  readonly intakeUrl: string;
  /** The person's request sent as the tool sends it; the erasure's workflow id. */
  submit(subject: SeededPerson): Promise<string>;
  /** The dashboard's new lines since the last call. */
  dashboard(): Promise<string[]>;
  /** Whether the tool's request was seen closed. */
  readonly completed: boolean;
  close(): Promise<void>;
}

/** The tool's simulator and the intake on the demo's stack; its identifier types are Lethe's kinds. */
export async function startDemoIntake(
  env: TestWorkflowEnvironment,
  stack: LocalStack,
  dayMs: number,
  which: DemoIntake,
): Promise<RunningDemoIntake> {
  const tool: DemoTool = await tools[which]();
  let intake: RunningIntake;
  try {
    intake = await startIntake({
      client: stack.client,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      dataConverter: LOCAL_DATA_CONVERTER,
      adapters: [tool.adapter],
      taskQueue: `${stack.taskQueue}-intake`,
      pollMs: Math.max(50, Math.round(dayMs / 4)),
      retryInitialMs: Math.max(100, Math.round(dayMs / 10)),
      retryMaximumMs: Math.max(1000, dayMs),
      logger: createLogger('silent'),
    });
    await tool.connect(intake.server.url);
  } catch (err) {
    await tool.close();
    throw err;
  }
  let printed = 0;
  let completed = false;
  return {
    toolName: tool.name,
    toolUrl: tool.url,
    intakeUrl: `${intake.server.url}/intake/${tool.adapter.id}`,
    get completed() {
      return completed;
    },
    async submit(subject) {
      return stack.client.workflowIdFor(await tool.submit(subject));
    },
    async dashboard() {
      const board = await tool.dashboard();
      const lines = board.lines.slice(printed);
      printed = board.lines.length;
      if (board.completed && !completed) {
        completed = true;
        lines.push(`request closed in ${tool.name}`);
      }
      return lines;
    },
    async close() {
      await intake.close();
      await tool.close();
    },
  };
}
