import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Secret } from '../../config/secret';
import { identifierKinds } from '../../domain/identifiers';
import { type RunningIntake, startIntake } from '../../intake/service';
import { TranscendAdapter } from '../../intake/transcend/adapter';
import { createLogger } from '../../ops/logger';
import { TranscendAdminClient } from '../../simulator/privacy-tools/transcend/admin-client';
import { defaultTranscendOptions } from '../../simulator/privacy-tools/transcend/options';
import {
  startTranscendSimulator,
  type TranscendSimulator,
} from '../../simulator/privacy-tools/transcend/server';
import { LOCAL_DATA_CONVERTER } from '../local-keys';
import type { LocalStack } from '../stack';
import type { SeededPerson } from './scenario';

/** The privacy tools the demo can take its request from. */
export const demoIntakes = ['transcend'] as const;
export type DemoIntake = (typeof demoIntakes)[number];

/** A privacy tool's side and Lethe's intake, as the demo runs them: its request in, its dashboard out. */
export interface RunningDemoIntake {
  readonly toolUrl: string;
  readonly intakeUrl: string;
  /** The person's request sent as the tool sends it; the erasure's workflow id. */
  submit(subject: SeededPerson): Promise<string>;
  /** The dashboard's new lines since the last call (each profile's reports, in order). */
  dashboard(): Promise<string[]>;
  /** Whether the tool's request was seen completed. */
  readonly completed: boolean;
  close(): Promise<void>;
}

/**
 * Transcend's simulator and the intake on the demo's stack: the request arrives as Transcend's webhooks
 * (one per identifier, signed), and Transcend's dashboard shows what Lethe reports back. The company's
 * identifier types are named as Lethe's kinds, so every identifier of the request maps.
 */
export async function startDemoIntake(
  env: TestWorkflowEnvironment,
  stack: LocalStack,
  dayMs: number,
): Promise<RunningDemoIntake> {
  const sim: TranscendSimulator = await startTranscendSimulator();
  const admin = new TranscendAdminClient(sim.url);
  const o = defaultTranscendOptions;
  let intake: RunningIntake | undefined;
  try {
    intake = await startIntake({
      client: stack.client,
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      dataConverter: LOCAL_DATA_CONVERTER,
      adapters: [
        new TranscendAdapter({
          sombraUrl: sim.url,
          apiKey: new Secret(o.apiKey),
          audience: o.audience,
          identifierKinds: Object.fromEntries(identifierKinds.map((k) => [k, k])),
        }),
      ],
      taskQueue: `${stack.taskQueue}-intake`,
      pollMs: Math.max(50, Math.round(dayMs / 4)),
      retryInitialMs: Math.max(100, Math.round(dayMs / 10)),
      logger: createLogger('silent'),
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const running = intake;
  await admin.silo({ webhookUrl: `${running.server.url}/intake/transcend` });
  let requestId: string | undefined;
  const seen = new Map<string, number>();
  return {
    get completed() {
      return seen.has('completed');
    },
    toolUrl: sim.url,
    intakeUrl: running.server.url,
    async submit(subject) {
      const created = await admin.createRequest({
        identifiers: subject.request.identifiers.map((i) => ({ type: i.kind, value: i.value })),
      });
      requestId = created.id;
      const deliveries = await admin.deliver(created.id);
      const refused = deliveries.filter((d) => d.status !== 200 && d.status !== 204);
      if (refused.length > 0)
        throw new Error(
          `the intake refused ${refused.length} of Transcend's webhooks (HTTP ${refused[0]?.status})`,
        );
      return stack.client.workflowIdFor(`transcend:${created.id}`);
    },
    async dashboard() {
      if (!requestId) return [];
      const view = await admin.request(requestId);
      const lines: string[] = [];
      for (const [i, profile] of view.profiles.entries()) {
        const from = seen.get(profile.nonce) ?? 0;
        for (const r of profile.reports.slice(from))
          lines.push(`profile ${i + 1} (${profile.identifierType}): ${r.status ?? '-'}  ${r.message ?? ''}`);
        seen.set(profile.nonce, profile.reports.length);
      }
      if (view.state === 'completed' && !seen.has('completed')) {
        seen.set('completed', 1);
        lines.push('request completed in Transcend');
      }
      return lines;
    },
    async close() {
      await running.close();
      await sim.close();
    },
  };
}
