import { defaultRetryPolicy, type RetryPolicy } from '../../src/connectors/retry';
import type { VirtualClock } from '../../src/simulator/kit/clock';

/**
 * A connector's retry policy for tests against a pinned simulator: every wait moves the simulator's
 * clock on instead of waiting real time, and the jitter is none (waits are exactly what the policy says).
 */
export const retriesOn = (clock: VirtualClock, overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  ...defaultRetryPolicy,
  random: () => 0,
  sleep: async (ms) => {
    clock.advance(ms);
  },
  ...overrides,
});
