import { Client, Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { standardTiming } from '../../src/domain/timing';
import { registerSearchAttributes } from '../../src/local/search-attributes';
import { startLocalStack } from '../../src/local/stack';
import { timeSkippingServer } from '../../src/local/temporal-binaries';
import type { Figure } from '../figures';
import { benchBundle } from './temporal-setup';

const SIZES = (process.env.LETHE_BENCH_HISTORY_SIZES ?? '10,1000,10000').split(',').map(Number);
const DAY = 86_400_000;

/** The size of the largest payload in a history event, in bytes. */
function largestPayload(event: unknown): number {
  let max = 0;
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const data = (node as { data?: unknown }).data;
    if (data instanceof Uint8Array && (node as { metadata?: unknown }).metadata)
      max = Math.max(max, data.length);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value);
  };
  walk(event);
  return max;
}

/**
 * History events per run (and the largest payload) of one erasure with 10, 1,000 and 10,000 records on
 * the time-skipping server with the real 30-day defaults: every run must stay under the 4,096 events at
 * which the server suggests continuing as new.
 */
export async function historySuite(): Promise<Figure[]> {
  const workflowBundle = await benchBundle();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: timeSkippingServer() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const figures: Figure[] = [];
  // A reader that takes history pages of any size: a large subject's page outgrows gRPC's default 4 MB.
  const reader = new Client({
    connection: await Connection.connect({ address: env.address, channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 } }),
    namespace: env.namespace ?? 'default',
  });
  try {
    for (const size of SIZES) {
      const stack = await startLocalStack(env, {
        timing: standardTiming,
        clock: 'follow',
        taskQueue: `bench-history-${size}`,
        workflowBundle,
      });
      try {
        const now = await stack.admin.now();
        const conversations = size - 2; // plus one consumer profile and one chat engagement
        await stack.admin.seed({
          consumers: [{ consumerId: `consumer-${size}`, firstName: 'Ada', email: `ada.${size}@example.com` }],
          conversations: Array.from({ length: conversations }, (_, i) => ({
            conversationId: `c-${size}-${i}`,
            consumerId: `consumer-${size}`,
            startTime: now - (1 + (i % 300)) * DAY,
            endTime: now - (1 + (i % 300)) * DAY + 60_000,
            messages: [{ text: `message ${i}` }],
            sdes: { email: `ada.${size}@example.com` },
          })),
          engagements: [
            {
              chatId: String(1_000_000 + size),
              visitorName: 'Ada',
              startTime: now - 5 * DAY,
              lines: [{ text: 'hi' }],
              sdes: { email: `ada.${size}@example.com` },
            },
          ],
        });
        const workflowId = await stack.run(async () => {
          const { handle, workflowId: id } = await stack.client.start({
            requestId: `history-${size}`,
            subjectKey: `history-${size}`,
            identifiers: [{ kind: 'email', value: `ada.${size}@example.com` }],
            requestedBy: 'bench',
          });
          const result = await handle.result();
          if (result.outcome !== 'completed' || (result.platforms.liveperson?.stillPresent.length ?? 1) > 0) {
            throw new Error(`the ${size}-record erasure did not complete cleanly`);
          }
          return id;
        });
        let runId: string | undefined =
          (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo
            ?.firstRunId ?? undefined;
        let maxEvents = 0;
        let maxPayload = 0;
        let maxBytes = 0;
        let runs = 0;
        while (runId) {
          const history = await reader.workflow.getHandle(workflowId, runId).fetchHistory();
          const events = history.events ?? [];
          runs += 1;
          maxEvents = Math.max(maxEvents, events.length);
          maxBytes = Math.max(maxBytes, JSON.stringify(events, (_, v) => (v instanceof Uint8Array ? 'x'.repeat(v.length) : v)).length);
          for (const e of events) maxPayload = Math.max(maxPayload, largestPayload(e));
          runId =
            events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
        }
        figures.push({
          name: `events_max_run_${size}`,
          value: maxEvents,
          unit: `events (${runs} run${runs > 1 ? 's' : ''})`,
        });
        figures.push({ name: `payload_max_kb_${size}`, value: Math.round(maxPayload / 1024), unit: 'KiB' });
        figures.push({ name: `history_mb_max_run_${size}`, value: Math.round(maxBytes / 10_485.76) / 100, unit: 'MiB' });
      } finally {
        await stack.close();
      }
    }
  } finally {
    await env.teardown();
  }
  return figures;
}
