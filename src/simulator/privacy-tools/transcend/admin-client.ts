import { AdminClient } from '../../kit/admin-client';
import type { ForgedInput, NewRequestInput, SiloInput } from './admin-schemas';
import type { RequestView } from './request-view';
import type { DeliveryResult } from './webhooks';

/** What creating a request answers: its id and one nonce per identifier, in the order given. */
export interface CreatedRequest {
  readonly id: string;
  readonly profiles: ReadonlyArray<{ readonly nonce: string; readonly identifierType: string }>;
}

/** A typed client for the Transcend simulator's admin API, used by tests and the demo. */
export class TranscendAdminClient extends AdminClient {
  /** Sets where the silo's webhooks go and/or the PUT rate limit; answers the settings now. */
  silo(settings: SiloInput): Promise<{ webhookUrl: string | null; ratePerMinute: number }> {
    return this.post('/admin/silo', settings);
  }
  /** Creates a request and its profiles (one nonce each); sends nothing. */
  createRequest(request: NewRequestInput): Promise<CreatedRequest> {
    return this.post('/admin/requests', request);
  }
  /** Sends the request's webhooks now, in order (default: every profile not resolved yet). */
  async deliver(id: string, only?: readonly number[]): Promise<DeliveryResult[]> {
    const body = only === undefined ? {} : { only };
    return (await this.post<{ deliveries: DeliveryResult[] }>(`${this.path(id)}/deliver`, body)).deliveries;
  }
  /** Sends one webhook of the request whose token is broken the `kind` way, under an unissued nonce. */
  async deliverForged(id: string, forged: ForgedInput): Promise<DeliveryResult> {
    return (await this.post<{ delivery: DeliveryResult }>(`${this.path(id)}/deliver-forged`, forged))
      .delivery;
  }
  /** Revokes the request: later reports on its nonces answer 409. */
  revoke(id: string): Promise<RequestView> {
    return this.post(`${this.path(id)}/revoke`, {});
  }
  request(id: string): Promise<RequestView> {
    return this.get(this.path(id));
  }

  private path(id: string): string {
    return `/admin/requests/${encodeURIComponent(id)}`;
  }
}

export type { ProfileView } from './request-view';
export type { ForgeryKind } from './signing';
export type { DeliveryResult, ForgedInput, NewRequestInput, RequestView, SiloInput };
