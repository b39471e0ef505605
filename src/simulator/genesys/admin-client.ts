import type { z } from 'zod';
import type { FaultsSchema } from '../kit/faults';
import type { JournalEntry } from '../kit/journal';
import type { GenesysRemaining } from './admin-routes';
import type { GenesysSeed } from './seed';

/** A typed client for the Genesys simulator's admin API, used by the demo, tests and benchmarks. */
export class GenesysAdminClient {
  constructor(private readonly baseUrl: string) {}

  seed(seed: GenesysSeed): Promise<{ contacts: number; conversations: number }> {
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
  endConversation(id: string): Promise<unknown> {
    return this.post(`/admin/conversations/${encodeURIComponent(id)}/end`, {});
  }
  releaseRecording(id: string): Promise<unknown> {
    return this.post(`/admin/recordings/${encodeURIComponent(id)}/release`, {});
  }
  setRateLimit(perMinute: number): Promise<unknown> {
    return this.post('/admin/rate-limit', { perMinute });
  }
  rotateSecret(clientSecret: string): Promise<unknown> {
    return this.post('/admin/credentials', { clientSecret });
  }
  faults(faults: z.input<typeof FaultsSchema>): Promise<unknown> {
    return this.post('/admin/faults', faults);
  }
  async remaining(values: readonly string[]): Promise<GenesysRemaining[]> {
    return (await this.post<{ records: GenesysRemaining[] }>('/admin/remaining', { values })).records;
  }
  journal(): Promise<{ entries: JournalEntry[]; violations: JournalEntry[] }> {
    return this.get('/admin/journal');
  }
  async requests(): Promise<
    Array<{
      id: string;
      requestType: string;
      name?: string;
      status: string;
      createdAt: number;
      skippedOpen: number;
    }>
  > {
    return (await this.get<{ requests: never[] }>('/admin/requests')).requests;
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`);
    if (!res.ok) throw new Error(`admin GET ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`admin POST ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}
