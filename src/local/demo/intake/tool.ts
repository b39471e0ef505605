import type { IntakeAdapter } from '../../../intake/adapter';
import type { SeededPerson } from '../scenario';

/**
 * One privacy tool's side in the demo: its simulator, the adapter Lethe's intake uses for it, how the
 * demo's request is sent from it, and what its dashboard shows.
 */
export interface DemoTool {
  readonly name: string;
  readonly url: string;
  readonly adapter: IntakeAdapter;
  /** Points the tool at the intake (its base URL). */
  connect(intakeUrl: string): Promise<void>;
  /** Sends the person's request as the tool does; the erasure's subject key. */
  submit(subject: SeededPerson): Promise<string>;
  /** The dashboard's lines so far, in order, and whether the tool's request is closed. */
  dashboard(): Promise<{ lines: string[]; completed: boolean }>;
  close(): Promise<void>;
}
