import { AdminClient } from '../kit/admin-client';
import type { GenesysRemaining } from './admin-routes';
import type { GenesysSeed } from './seed';

/** A typed client for the Genesys simulator's admin API, used by the demo, tests and benchmarks. */
export class GenesysAdminClient extends AdminClient {
  seed(seed: GenesysSeed): Promise<{ contacts: number; conversations: number }> {
    return this.post('/admin/seed', seed);
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
  async remaining(values: readonly string[]): Promise<GenesysRemaining[]> {
    return (await this.post<{ records: GenesysRemaining[] }>('/admin/remaining', { values })).records;
  }
  async requests(): Promise<
    Array<{
      id: string;
      requestType: string;
      name?: string;
      /** The GDPRSubject the request named. */
      subject: { externalContactId?: string; emailAddresses?: string[]; phoneNumbers?: string[] };
      status: string;
      createdAt: number;
      skippedOpen: number;
    }>
  > {
    return (await this.get<{ requests: never[] }>('/admin/requests')).requests;
  }
}
