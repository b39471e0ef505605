import { sleep } from '@temporalio/workflow';
import type { SignedCertificate } from '../domain/certificate';
import type { PlatformId } from '../domain/platforms';
import type { CompletionEvent, DeliveryRecord, ErasureResult } from '../domain/result';
import type { Run } from './erasure-steps';

/** Rounds of delivery before giving up on a subscriber (its failures stay in the result). */
const ROUNDS = 8;

/**
 * Tells downstream subscribers the erasure ended (for the copies Lethe does not own), by signed
 * webhook: each round tries the subscribers not yet reached, then waits durably, doubling from a
 * minute to an hour of the erasure's time. Every attempt is recorded.
 */
export async function announce(
  run: Run,
  result: ErasureResult,
  certificate: SignedCertificate,
): Promise<DeliveryRecord[]> {
  const event: Omit<CompletionEvent, 'certificateDigest'> = {
    type:
      result.outcome === 'cancelled'
        ? 'lethe.erasure.cancelled'
        : result.outcome === 'incomplete'
          ? 'lethe.erasure.incomplete'
          : 'lethe.erasure.completed',
    requestId: result.requestId,
    subjectRef: result.subjectRef,
    outcome: result.outcome,
    systems: Object.keys(result.platforms) as PlatformId[],
    finishedAt: result.finishedAt,
  };
  const minute = run.input.timing.dayMs / 1440;
  const records: DeliveryRecord[] = [];
  let pending: string[] | undefined;
  for (let round = 0; round < ROUNDS; round += 1) {
    const attempt = await run.acts.announceCompletion({
      event,
      certificate,
      ...(pending ? { pending } : {}),
    });
    records.push(...attempt);
    pending = attempt.filter((r) => !r.delivered).map((r) => r.subscriber);
    if (pending.length === 0) break;
    if (round < ROUNDS - 1) await sleep(Math.min(minute * 2 ** round, minute * 60));
  }
  return records;
}
