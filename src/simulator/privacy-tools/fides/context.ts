import type { CallJournal } from '../../kit/call-journal';
import type { SimulatorCore } from '../../kit/serve';
import type { FidesOptions } from './options';
import type { FidesStore } from './store';

/** Everything the simulator's routes and its connector share. */
export interface FidesContext extends SimulatorCore {
  readonly options: FidesOptions;
  /** Lethe's base URL; the admin API can change it (a reset restores the option's value). */
  readonly executor: { url?: string };
  readonly store: FidesStore;
  /** The kit's journal, plus breaches of calls Fides answered as usual (a callback it took). */
  readonly journal: CallJournal;
  /** Sends still running after the callback that started them was answered (tests may await them). */
  readonly inflight: Set<Promise<void>>;
}

/** The executor as the options start it. */
export const executorOf = (options: FidesOptions): { url?: string } =>
  options.executorUrl !== undefined ? { url: options.executorUrl } : {};
