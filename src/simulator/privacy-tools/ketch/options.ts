/** A header as a Ketch customer configures it: one name and its value. */
export interface KetchHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * What the simulated Ketch tenant is set up with. The protocol fixes none of these values (the customer
 * configures them): they are the simulator's defaults, and Lethe takes the real ones as configuration.
 */
export interface KetchOptions {
  /** `metadata.tenant` of every request. */
  readonly tenant: string;
  /** The executor's endpoint (Lethe's) that `DeleteRequest`s are POSTed to; settable later by admin. */
  readonly endpointUrl?: string;
  /** The static header Ketch sends the executor ("a header key and value you configure"). */
  readonly endpointHeader: KetchHeader;
  /** The header Ketch puts in each callback's `headers` and requires back on every status event. */
  readonly callbackHeader: KetchHeader;
  /** Attempts per send, the first included ("Ketch retries delivery 3 times"). */
  readonly deliveryAttempts: number;
  /** How long one attempt waits for the executor's answer before it counts as failed (status 0). */
  readonly timeoutMs: number;
}

export const defaultKetchOptions: KetchOptions = {
  tenant: 'lethe-test',
  endpointHeader: { name: 'Authorization', value: 'ketch-forwarder-secret' },
  callbackHeader: { name: 'Authorization', value: 'ketch-callback-secret' },
  deliveryAttempts: 3,
  timeoutMs: 10_000,
};
