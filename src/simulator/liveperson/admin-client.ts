import type { z } from 'zod';
import type { FaultsSchema } from '../kit/faults';
import type { JournalEntry } from '../kit/journal';
import type { Seed, SeedSchema } from './seed';
import type { RemainingData } from './store';

/** A typed client for the simulator's admin API, used by the demo, tests and benchmarks. */
export class LivePersonAdminClient {
  constructor(private readonly baseUrl: string) {}

  seed(seed: z.input<typeof SeedSchema>): Promise<Record<string, number>> {
    return this.post('/admin/seed', seed);
  }
  reset(): Promise<unknown> {
    return this.post('/admin/reset', {});
  }
  async now(): Promise<number> {
    return (await this.get<{ now: number }>('/admin/clock')).now;
  }
  async setClock(now: number): Promise<number> {
    return (await this.post<{ now: number }>('/admin/clock', { now })).now;
  }
  async advance(ms: number): Promise<number> {
    return (await this.post<{ now: number }>('/admin/clock', { advanceMs: ms })).now;
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
  journal(): Promise<{ entries: JournalEntry[]; violations: JournalEntry[] }> {
    return this.get('/admin/journal');
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
  faults(faults: z.input<typeof FaultsSchema>): Promise<unknown> {
    return this.post('/admin/faults', faults);
  }
  clearFaults(): Promise<unknown> {
    return this.send('DELETE', '/admin/faults');
  }
  /** Rotates the client secret the platform accepts, revoking every token. */
  rotateSecret(clientSecret: string): Promise<unknown> {
    return this.post('/admin/credentials', { clientSecret });
  }
  ignoreDeletionOf(ids: readonly string[]): Promise<unknown> {
    return this.post('/admin/ignore-deletion', { ids });
  }

  private get<T>(path: string): Promise<T> {
    return this.send('GET', path);
  }
  private post<T>(path: string, body: unknown): Promise<T> {
    return this.send('POST', path, body);
  }
  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (!res.ok)
      throw new Error(`simulator admin ${method} ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  }
}

export type { Seed };
