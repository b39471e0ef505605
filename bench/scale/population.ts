/**
 * The scale bench's people: each a consumer on LivePerson with three closed conversations and one chat
 * engagement under one email (five records), seeded in bulk through the simulator's admin API.
 */
import type { ErasureRequest } from '../../src/domain/request';
import type { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';

const DAY = 86_400_000;
/** Subjects per seed call: well under the simulator's 4 MB body limit. */
const SEED_BATCH = 250;

/** The erasure requests of subjects `from` … `from + count - 1`, seeded first. */
export async function seedPopulation(
  admin: LivePersonAdminClient,
  from: number,
  count: number,
  platformNow: number,
): Promise<ErasureRequest[]> {
  const requests: ErasureRequest[] = [];
  for (let start = from; start < from + count; start += SEED_BATCH) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, from + count - start) }, (_, i) => start + i);
    await admin.seed({
      consumers: batch.map((n) => ({ consumerId: `scale-consumer-${n}`, email: emailOf(n) })),
      conversations: batch.flatMap((n) =>
        [1, 2, 3].map((c) => {
          const startTime = platformNow - (c * 7 + (n % 7)) * DAY;
          return {
            conversationId: `scale-conv-${n}-${c}`,
            consumerId: `scale-consumer-${n}`,
            startTime,
            endTime: startTime + 600_000,
            messages: [{ text: 'a question about an order' }],
            sdes: { email: emailOf(n) },
          };
        }),
      ),
      engagements: batch.map((n) => ({
        chatId: String(5_000_000 + n),
        startTime: platformNow - (10 + (n % 11)) * DAY,
        sdes: { email: emailOf(n) },
      })),
    });
    for (const n of batch)
      requests.push({
        requestId: `scale-${n}`,
        subjectKey: `scale-subject-${n}`,
        identifiers: [{ kind: 'email', value: emailOf(n) }],
        requestedBy: 'scale-bench',
        reason: 'GDPR Art. 17 request (benchmark)',
      });
  }
  return requests;
}

const emailOf = (n: number): string => `scale.${n}@example.com`;
