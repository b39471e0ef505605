import type { AdminClient } from './admin-client';
import type { VirtualClock } from './clock';
import type { DemoSeeder } from './demo-person';

/** The clock a local stack runs its simulators on: pinned to a test's time, or compressed from an epoch. */
export type SimulatorClockOptions =
  | { readonly realNow: () => number }
  | { readonly clockRate: number; readonly clockEpochMs: number; readonly tokenTtlMs?: number };

/** One platform's simulator as the local stack runs it. */
export interface LocalSimulator<Admin extends AdminClient = AdminClient, Sim = unknown> {
  /** The simulator itself (its context: options, store, journal). */
  readonly sim: Sim;
  readonly url: string;
  readonly admin: Admin;
  readonly clock: VirtualClock;
  /**
   * The platform's settings as an operator would configure them, pointing at this simulator (the input
   * of the platform's settings schema); `apiBasePath` is appended to its API base URL.
   */
  settings(apiBasePath?: string): Record<string, unknown>;
  /** The simulated account's monthly request quota, where the platform has one. */
  readonly monthlyQuota?: number;
  close(): Promise<void>;
}

/**
 * What a platform's simulator folder gives the local stack (`src/simulator/<id>/local.ts`, found by the
 * platform's id): how to start its simulator, with a test's overrides of its options.
 */
export interface LocalPlatform<Admin extends AdminClient = AdminClient, Sim = unknown, Overrides = unknown> {
  start(clock: SimulatorClockOptions, overrides?: Overrides): Promise<LocalSimulator<Admin, Sim>>;
  /** The admin client of the simulator that settings (as a kept demo's `cli.env` gives them) point at. */
  adminAt(settings: Readonly<Record<string, unknown>>): Admin | undefined;
  /** How it seeds the demo's person. */
  readonly demo: DemoSeeder<Admin>;
}
