import type { z } from 'zod';
import { AdminClient } from '../kit/admin-client';
import type { Seed, SeedSchema } from './seed';
import type { RemainingData } from './store';

/** A typed client for the simulator's admin API, used by the demo, tests and benchmarks. */
export class LivePersonAdminClient extends AdminClient {
  seed(seed: z.input<typeof SeedSchema>): Promise<Record<string, number>> {
    return this.post('/admin/seed', seed);
  }
  closeConversation(id: string): Promise<unknown> {
    return this.post(`/admin/conversations/${encodeURIComponent(id)}/close`, {});
  }
  endEngagement(id: string): Promise<unknown> {
    return this.post(`/admin/engagements/${encodeURIComponent(id)}/end`, {});
  }
  async remaining(values: readonly string[]): Promise<RemainingData[]> {
    return (await this.post<{ records: RemainingData[] }>('/admin/remaining', { values })).records;
  }
  async requests(): Promise<
    Array<{ requestId: number; kind: string; ids: string[]; createdAt: number; status: string }>
  > {
    return (
      await this.get<{
        requests: Array<{
          requestId: number;
          kind: string;
          ids: string[];
          createdAt: number;
          status: string;
        }>;
      }>('/admin/requests')
    ).requests;
  }
  /** Rotates the client secret the platform accepts, revoking every token. */
  rotateSecret(clientSecret: string): Promise<unknown> {
    return this.post('/admin/credentials', { clientSecret });
  }
  ignoreDeletionOf(ids: readonly string[]): Promise<unknown> {
    return this.post('/admin/ignore-deletion', { ids });
  }
}

export type { Seed };
