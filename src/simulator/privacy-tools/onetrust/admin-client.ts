import { AdminClient } from '../../kit/admin-client';
import type { IntakeInput, NewSubtaskInput, TriggerInput } from './admin-schemas';
import type { Delivery } from './store';
import type { SubtaskView } from './subtask-view';

/** What creating a subtask answers: its id and its request's reference. */
export interface CreatedSubtask {
  readonly subtaskId: string;
  readonly requestRefId: string;
}

/** A typed client for the OneTrust simulator's admin API, used by tests and the demo. */
export class OneTrustAdminClient extends AdminClient {
  /** Sets where the HTTP action posts (Lethe's intake). */
  intake(url: IntakeInput['url']): Promise<{ url: string }> {
    return this.post('/admin/intake', { url });
  }
  /** Sets the calls per minute each subtask endpoint takes before a 429. */
  rateLimit(perMinute: number): Promise<{ perMinute: number }> {
    return this.post('/admin/rate-limit', { perMinute });
  }
  /** Creates a request's system subtask for Lethe (OPEN); sends nothing. */
  createSubtask(input: NewSubtaskInput): Promise<CreatedSubtask> {
    return this.post('/admin/subtasks', input);
  }
  /** Runs the HTTP action now (default: one attempt); answers every POST of this run. */
  async trigger(subtaskId: string, options: TriggerInput = {}): Promise<Delivery[]> {
    return (await this.post<{ deliveries: Delivery[] }>(`${this.path(subtaskId)}/trigger`, options))
      .deliveries;
  }
  /** Rejects the subtask as an operator in OneTrust would: Lethe's later updates are refused. */
  reject(subtaskId: string): Promise<SubtaskView> {
    return this.post(`${this.path(subtaskId)}/reject`, {});
  }
  subtask(subtaskId: string): Promise<SubtaskView> {
    return this.get(this.path(subtaskId));
  }

  private path(id: string): string {
    return `/admin/subtasks/${encodeURIComponent(id)}`;
  }
}

export type { SettableStatus, SubtaskStatus } from './contract';
export type { HttpActionBody } from './http-action';
export type { Attachment, CommentEntry, StatusEntry, StatusSource } from './store';
export type { Delivery, IntakeInput, NewSubtaskInput, SubtaskView, TriggerInput };
