const HOUR = 3_600_000;

/** Every number the simulated Genesys Cloud org keeps; defaults follow the documented ones where known. */
export interface GenesysSimulatorOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Lifetime of an access token (Genesys client credentials: 24 h by default). */
  readonly tokenTtlMs: number;
  /** Requests per access token per minute (`client.credentials.token.rate.per.minute`, default 300). */
  readonly ratePerMinute: number;
  /** A GDPR request moves INITIATED → SEARCHING after this long… */
  readonly searchingAfterMs: number;
  /** …to DELETING / UPDATING after this long… */
  readonly erasingAfterMs: number;
  /** …and is finished (COMPLETED, or ERROR on a partial completion) this long after creation. */
  readonly completedAfterMs: number;
  /**
   * A GDPR_DELETE without `deleteConfirmed=true` is refused (the spec documents the flag only as
   * "Confirm delete"; refusing is the simulator's reading of it).
   */
  readonly requireDeleteConfirmed: boolean;
  /** Largest page the list endpoints accept. */
  readonly maxPageSize: number;
}

export const defaultGenesysOptions: GenesysSimulatorOptions = {
  clientId: 'lethe-genesys-client',
  clientSecret: 'lethe-genesys-secret',
  tokenTtlMs: 24 * HOUR,
  ratePerMinute: 300,
  searchingAfterMs: 1 * HOUR,
  erasingAfterMs: 2 * HOUR,
  completedAfterMs: 24 * HOUR,
  requireDeleteConfirmed: true,
  maxPageSize: 100,
};
