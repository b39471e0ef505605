import { AdminClient } from '../../kit/admin-client';
import type { ExecutorInput, NewRequestInput } from './admin-schemas';
import type { RequestView } from './request-view';

/** What running a request answers: Lethe's answer to the access request (status 0: none). */
export interface RunResult {
  readonly read: { readonly status: number; readonly body: string };
}

/** A typed client for the Fides simulator's admin API, used by tests and the demo. */
export class FidesAdminClient extends AdminClient {
  /** Sets Lethe's base URL, where the connector sends its requests. */
  executor(url: ExecutorInput['url']): Promise<{ url: string }> {
    return this.post('/admin/executor', { url });
  }
  /** Creates a `pending` privacy request (sends nothing); answers its id. */
  async createRequest(request: NewRequestInput): Promise<string> {
    return (await this.post<{ id: string }>('/admin/privacy-requests', request)).id;
  }
  /** Starts processing: the access request goes to Lethe; answers what Lethe answered. */
  run(id: string): Promise<RunResult> {
    return this.post(`${this.path(id)}/run`, {});
  }
  /** Cancels the request as an operator does in Fides; later callbacks get a 400. */
  cancel(id: string): Promise<{ id: string; status: string }> {
    return this.post(`${this.path(id)}/cancel`, {});
  }
  request(id: string): Promise<RequestView> {
    return this.get(this.path(id));
  }

  private path(id: string): string {
    return `/admin/privacy-requests/${encodeURIComponent(id)}`;
  }
}

export type { PrivacyRequestStatus, TaskStatus } from './contract';
export type { TaskView } from './request-view';
export type { CallbackRecord, ExecutorAnswer, TaskAction } from './store';
export type { ExecutorInput, NewRequestInput, RequestView };
