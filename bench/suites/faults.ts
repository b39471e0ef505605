import { Agent } from 'undici';
import { Secret } from '../../src/config/secret';
import { type CallContext, type ProgressDetails, StepProgress } from '../../src/connectors/call-context';
import { LivePersonConnector } from '../../src/connectors/liveperson/connector';
import { defaultRetryPolicy, noRetries } from '../../src/connectors/retry';
import { mergeIdentifiers, type ResolvedIdentifier } from '../../src/domain/identifiers';
import { addUtcMonths } from '../../src/domain/search-windows';
import type { Faults } from '../../src/simulator/kit/faults';
import { LivePersonAdminClient } from '../../src/simulator/liveperson/admin-client';
import { type LivePersonSimulator, startLivePersonSimulator } from '../../src/simulator/liveperson/server';
import { type Figure, round } from '../figures';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12, 0);
const EMAIL = 'thirteen.months@example.com';
/** The fault mix: 5 % 5xx, 3 % malformed bodies, 2 % timeouts, per call. */
const MIX: Partial<Faults> = { errorRate: 0.05, malformedRate: 0.03, timeoutRate: 0.02, timeoutHoldMs: 400 };
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
/** Activity attempts before the bench gives up (Temporal would go on). */
const MAX_ATTEMPTS = 25;

/** A subject with 13 months of history: conversations of two consumers and chats, every week. */
async function seedHistory(admin: LivePersonAdminClient): Promise<void> {
  const start = addUtcMonths(NOW, -13) + DAY;
  const weeks = Math.floor((NOW - start) / (7 * DAY));
  await admin.seed({
    consumers: [
      { consumerId: 'thirteen-a', email: EMAIL },
      { consumerId: 'thirteen-b', email: EMAIL },
    ],
    conversations: Array.from({ length: weeks * 4 }, (_, i) => ({
      conversationId: `thirteen-conv-${i}`,
      consumerId: i % 2 === 0 ? 'thirteen-a' : 'thirteen-b',
      startTime: start + (i * 7 * DAY) / 4,
      endTime: start + (i * 7 * DAY) / 4 + 600_000,
      messages: [{ text: `message ${i}` }],
      sdes: { email: EMAIL },
    })),
    engagements: Array.from({ length: weeks }, (_, i) => ({
      chatId: String(900_000 + i),
      startTime: start + i * 7 * DAY,
      sdes: { email: EMAIL },
    })),
  });
}

/** The bench stopped retrying an activity (Temporal would go on). */
class GaveUp extends Error {}

/** What discovery finds, as one comparable string. */
const found = (ids: readonly ResolvedIdentifier[], records: ReadonlyArray<{ kind: string; id: string }>) =>
  JSON.stringify([
    ids.map((i) => `${i.kind}:${i.value}`).sort(),
    records.map((r) => `${r.kind}:${r.id}`).sort(),
  ]);

/**
 * Resolution then discovery as the worker runs them: each activity attempt given what the last one saved
 * in its heartbeat details, until one succeeds. Returns what it found and how many attempts it took.
 * `naive`: as before issue 12, no retry inside a call and every attempt from the start (the baseline).
 */
async function discover(
  sim: LivePersonSimulator,
  naive = false,
): Promise<{ found: string; attempts: number; finished: boolean }> {
  const dispatcher = new Agent();
  const o = sim.context.options;
  const connector = new LivePersonConnector({
    auth: {
      accountId: o.accountId,
      domainApiUrl: sim.url,
      clientId: o.clientId,
      clientSecret: new Secret(o.clientSecret),
    },
    dispatcher,
    timeoutMs: 150,
    now: () => sim.context.clock.now(),
    // Waits move the platform's clock on: the count of calls is what is measured, not time.
    retry: {
      ...(naive ? noRetries : defaultRetryPolicy),
      sleep: async (ms) => {
        sim.context.clock.advance(ms);
      },
    },
  });
  let attempts = 0;
  const activity = async <T>(run: (context: CallContext) => Promise<T>): Promise<T> => {
    let saved: ProgressDetails | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      attempts += 1;
      const progress = StepProgress.of(
        naive ? undefined : saved && JSON.parse(JSON.stringify(saved)),
        (d) => {
          saved = d;
        },
      );
      try {
        return await run({ attempt, firstAttemptAt: NOW, progress });
      } catch {
        // The activity fails; Temporal retries it with the last heartbeat details.
      }
    }
    throw new GaveUp();
  };
  try {
    const known: ResolvedIdentifier[] = [{ kind: 'email', value: EMAIL, provenance: 'request' }];
    const ids = mergeIdentifiers(known, await activity((c) => connector.resolve(known, c)));
    const records = await activity((c) => connector.discover(ids, c));
    return { found: found(ids, records), attempts, finished: true };
  } catch (err) {
    if (err instanceof GaveUp) return { found: '', attempts, finished: false };
    throw err;
  } finally {
    await dispatcher.close();
  }
}

/**
 * Discovery of a subject with 13 months of history on a flaky platform (5 % 5xx, 3 % malformed bodies,
 * 2 % timeouts), against the same discovery fault-free, in calls to the platform. Reads retry inside the
 * call and a failed attempt resumes from its saved progress, so faults cost little more than the calls
 * they spoil. Target: at most 3× the fault-free count. Several fault seeds; the worst is the figure.
 */
export async function faultsSuite(): Promise<Figure[]> {
  const sim = await startLivePersonSimulator({ realNow: () => NOW });
  const admin = new LivePersonAdminClient(sim.url);
  try {
    await seedHistory(admin);
    const clean = await discover(sim);
    const cleanCalls = (await admin.journal()).entries.length;
    /** Calls to the platform per discovery under the fault mix, over the fault-free count, per seed. */
    const underFaults = async (naive: boolean) => {
      const ratios: number[] = [];
      let attempts = 0;
      let unfinished = 0;
      for (const seed of SEEDS) {
        await admin.reset();
        await seedHistory(admin);
        await admin.faults({ ...MIX, seed });
        const faulted = await discover(sim, naive);
        await admin.clearFaults();
        if (!faulted.finished) unfinished += 1;
        else if (faulted.found !== clean.found)
          throw new Error(`seed ${seed}: discovery under faults found otherwise`);
        ratios.push((await admin.journal()).entries.length / cleanCalls);
        attempts = Math.max(attempts, faulted.attempts);
      }
      return { ratios, attempts, unfinished };
    };
    const lethe = await underFaults(false);
    const naive = await underFaults(true);
    if (lethe.unfinished > 0) throw new Error(`${lethe.unfinished} discoveries under faults did not finish`);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return [
      { name: 'calls_fault_free', value: cleanCalls, unit: 'calls' },
      {
        name: 'calls_ratio_max',
        value: round(Math.max(...lethe.ratios)),
        unit: 'x fault-free (target <= 3)',
      },
      { name: 'calls_ratio_mean', value: round(mean(lethe.ratios)), unit: 'x fault-free' },
      { name: 'activity_attempts_max', value: lethe.attempts, unit: 'attempts (resolve + discover)' },
      {
        name: 'baseline_calls_ratio_mean',
        value: round(mean(naive.ratios)),
        unit: `x fault-free, no retry inside a call and every attempt from the start (${naive.unfinished}/${SEEDS.length} unfinished after ${MAX_ATTEMPTS} attempts)`,
      },
    ];
  } finally {
    await sim.close();
  }
}
