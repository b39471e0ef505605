import { AdminClient } from '../kit/admin-client';
import type { ZendeskRemaining } from './admin-routes';
import type { TicketStatus, ZendeskSeed } from './seed';

/** A typed client for the Zendesk simulator's admin API, used by the demo, tests and benchmarks. */
export class ZendeskAdminClient extends AdminClient {
  seed(seed: ZendeskSeed): Promise<{ users: number; tickets: number; messagingUsers: number }> {
    return this.post('/admin/seed', seed);
  }
  /** An agent changing the ticket's status (closing it ends what blocks its requester's deletion). */
  setTicketStatus(id: number, status: TicketStatus): Promise<unknown> {
    return this.post(`/admin/tickets/${id}/status`, { status });
  }
  setRateLimit(perMinute: number): Promise<unknown> {
    return this.post('/admin/rate-limit', { perMinute });
  }
  async remaining(values: readonly string[]): Promise<ZendeskRemaining[]> {
    return (await this.post<{ records: ZendeskRemaining[] }>('/admin/remaining', { values })).records;
  }
  async jobs(): Promise<Array<{ id: string; job_type: string; status: string; ids: number[] }>> {
    return (
      await this.get<{ jobs: Array<{ id: string; job_type: string; status: string; ids: number[] }> }>(
        '/admin/jobs',
      )
    ).jobs;
  }
}

export type { ZendeskRemaining, ZendeskSeed };
