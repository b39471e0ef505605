import { AdminClient } from '../kit/admin-client';
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
  /** The earlier delete of the same chatter that already erases everything this one could. */
  readonly overlaps: number | null;
}

/** A typed client for the chatbot simulator's admin API, used by tests and the demo. */
export class ChatbotAdminClient extends AdminClient {
  /** Seeds chatters; answers the ids of the seeded conversations, in seed order. */
  seed(seed: SeedInput): Promise<{ chatters: number; conversations: string[] }> {
    return this.post('/admin/seed', seed);
  }
  endConversation(id: string): Promise<unknown> {
    return this.post(`/admin/conversations/${encodeURIComponent(id)}/end`, {});
  }
  async remaining(values: readonly string[]): Promise<RemainingData[]> {
    return (await this.post<{ records: RemainingData[] }>('/admin/remaining', { values })).records;
  }
  async deletions(): Promise<DeletionView[]> {
    return (await this.get<{ deletions: DeletionView[] }>('/admin/deletions')).deletions;
  }
  async exports(): Promise<ExportRequest[]> {
    return (await this.get<{ exports: ExportRequest[] }>('/admin/exports')).exports;
  }
}

export type { SeedInput };
