/**
 * Long histories on the time-skipping server with the real defaults: a subject with 10,000 records is
 * erased completely, continuing as new when its history grows, with every run under the 4,096 events at
 * which Temporal suggests a fresh run and no payload over 512 KiB.
 */
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { historyStats } from '../../src/local/history-stats';
import { seedLargeSubject } from '../../src/simulator/liveperson/demo-person';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

describe('a subject with 10,000 records', () => {
  it('completes with every run under 4,096 events and every payload under 512 KiB', {
    timeout: 900_000,
  }, async () => {
    const x = await suite.harness();
    const request = await seedLargeSubject(x.admin, 10_000);
    const { workflowId, result } = await x.run(async () => {
      const started = await x.client.start(request);
      return { workflowId: started.workflowId, result: await started.handle.result() };
    });

    expect(result.outcome).toBe('completed');
    const lp = result.platforms.liveperson;
    expect(lp?.stillPresent).toEqual([]);
    expect(Object.values(lp?.erased ?? {}).flat()).toHaveLength(10_000);
    expect(lp?.requests).toHaveLength(102); // 9,998 conversations in 100 requests, then the engagement and the consumer
    expect(await x.admin.remaining([request.identifiers[0]?.value ?? ''])).toEqual([]);

    // A reader that takes history pages of any size (a run's page can pass gRPC's default 4 MB).
    const connection = await Connection.connect({
      address: suite.env.address,
      channelArgs: { 'grpc.max_receive_message_length': 256 * 1024 * 1024 },
    });
    try {
      const stats = await historyStats(
        new Client({ connection, namespace: suite.env.namespace ?? 'default' }),
        workflowId,
      );
      expect(stats.runs).toBeGreaterThan(1);
      expect(stats.maxEventsPerRun).toBeLessThan(4096);
      expect(stats.maxPayloadBytes).toBeLessThan(512 * 1024);
    } finally {
      await connection.close();
    }
  });
});
