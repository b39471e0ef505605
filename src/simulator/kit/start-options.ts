/** Where and on which clock a simulator starts: what every simulator's start options share. */
export interface SimulatorStartOptions {
  readonly port?: number;
  readonly host?: string;
  /** The real-time source under the virtual clock (tests may pin it). */
  readonly realNow?: () => number;
  /** Platform milliseconds per real millisecond (default 1). */
  readonly clockRate?: number;
  /** The real instant from which the clock runs at `clockRate`; default: start. */
  readonly clockEpochMs?: number;
}
