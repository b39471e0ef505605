import type { z } from 'zod';
import type { FaultsSchema } from './faults';
import type { JournalEntry } from './journal';

/**
 * The typed client of the admin routes every simulator has (`coreAdminRoutes`); each platform's admin
 * client extends it with its own.
 */
export class AdminClient {
  constructor(protected readonly baseUrl: string) {}

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
  journal(): Promise<{ entries: JournalEntry[]; violations: JournalEntry[] }> {
    return this.get('/admin/journal');
  }
  faults(faults: z.input<typeof FaultsSchema>): Promise<unknown> {
    return this.post('/admin/faults', faults);
  }
  clearFaults(): Promise<unknown> {
    return this.send('DELETE', '/admin/faults');
  }

  protected get<T>(path: string): Promise<T> {
    return this.send('GET', path);
  }
  protected post<T>(path: string, body: unknown): Promise<T> {
    return this.send('POST', path, body);
  }
  protected async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator admin ${method} ${path}: HTTP ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }
}
