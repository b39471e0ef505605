import { AdminClient } from '../../kit/admin-client';
import type { EndpointInput, NewRequestInput, SendInput } from './admin-schemas';
import type { RequestView } from './request-view';
import type { DeliveryAttempt } from './store';

/** A typed client for the Ketch simulator's admin API, used by tests and the demo. */
export class KetchAdminClient extends AdminClient {
  /** Sets the executor endpoint requests are forwarded to. */
  endpoint(url: EndpointInput['url']): Promise<{ url: string }> {
    return this.post('/admin/endpoint', { url });
  }
  /** Creates a deletion (sends nothing); answers its uid. */
  async createRequest(request: NewRequestInput): Promise<string> {
    return (await this.post<{ uid: string }>('/admin/requests', request)).uid;
  }
  /** Forwards the request now, retrying as Ketch does; answers every attempt of this send. */
  async forward(uid: string, options: SendInput = {}): Promise<DeliveryAttempt[]> {
    return (await this.post<{ attempts: DeliveryAttempt[] }>(`${this.path(uid)}/send`, options)).attempts;
  }
  request(uid: string): Promise<RequestView> {
    return this.get(this.path(uid));
  }

  private path(uid: string): string {
    return `/admin/requests/${encodeURIComponent(uid)}`;
  }
}

export type { KetchStatus, StatusUpdate } from './contract';
export type { DeleteRequestBody, KetchIdentity } from './delete-request';
export type { RequestState, StatusEntry, StatusSource } from './store';
export type { DeliveryAttempt, EndpointInput, NewRequestInput, RequestView, SendInput };
