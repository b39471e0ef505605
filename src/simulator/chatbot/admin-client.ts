import type { z } from 'zod';
import type { FaultsSchema } from '../kit/faults';
import type { JournalEntry } from '../kit/journal';
import type { SeedInput } from './seed';
import type { ExportRequest, RemainingData } from './store';

/** An accepted delete as the admin API reports it (times in epoch ms). */
export interface DeletionView {
  readonly seq: number;
  readonly uciValue: string;
  readonly acceptedAt: number;
  readonly dueAt: number;
  /** When it was carried out; `null` while pending. */
  readonly appliedAt: number | null;
  readonly deletedIds: string[];
}

/** A typed client for the chatbot simulator's admin API, used by tests and the demo. */
export class ChatbotAdminClient {
  constructor(private readonly baseUrl: string) {}

  /** Seeds chatters; answers the ids of the seeded conversations, in seed order. */
  seed(seed: SeedInput): Promise<{ chatters: number; conversations: string[] }> {
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
  async remaining(values: readonly string[]): Promise<RemainingData[]> {
    return (await this.post<{ records: RemainingData[] }>('/admin/remaining', { values })).records;
  }
  journal(): Promise<{ entries: JournalEntry[]; violations: JournalEntry[] }> {
    return this.get('/admin/journal');
  }
  async deletions(): Promise<DeletionView[]> {
    return (await this.get<{ deletions: DeletionView[] }>('/admin/deletions')).deletions;
  }
  async exports(): Promise<ExportRequest[]> {
    return (await this.get<{ exports: ExportRequest[] }>('/admin/exports')).exports;
  }
  faults(faults: z.input<typeof FaultsSchema>): Promise<unknown> {
    return this.post('/admin/faults', faults);
  }
  clearFaults(): Promise<unknown> {
    return this.send('DELETE', '/admin/faults');
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

export type { SeedInput };
