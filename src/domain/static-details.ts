/**
 * What the Temporal Web UI shows for an erasure or a governor before anything happens (SDK user
 * metadata: a static summary, one line in the list, and static details on its page), and a governor's
 * current details. No personal data: request ids, platforms, dates and counts. The codec encrypts static
 * metadata like any payload, so the UI shows it through the codec server.
 */
import { utc } from './current-details';
import type { PlatformId, RecordKind } from './platforms';
import { deadlineOf, type Timing } from './timing';

/** One line in the workflow list: `Erasure · request DSR-1 · liveperson, genesys · due 2026-12-31`. */
export function erasureStaticSummary(input: {
  requestId: string;
  systems: readonly PlatformId[];
  deadline: string;
  dryRun?: boolean;
}): string {
  const what = input.dryRun ? 'Erasure dry run' : 'Erasure';
  return `${what} · request ${input.requestId} · ${input.systems.join(', ')} · due ${input.deadline.slice(0, 10)}`;
}

/**
 * The static summary and details an erasure is started with; its due date as the workflow will compute
 * it from the same input (`deadlineOf`), `now` standing for a receipt the request does not state.
 */
export function erasureStartMetadata(
  input: {
    requestId: string;
    systems: readonly PlatformId[];
    receivedAt?: string | undefined;
    timing: Pick<Timing, 'deadlineMs'>;
    options?: { deadline?: string | undefined; dryRun?: boolean | undefined } | undefined;
  },
  workflowId: string,
  now: number,
): { staticSummary: string; staticDetails: string } {
  const received = input.receivedAt ? Date.parse(input.receivedAt) : now;
  const requested = input.options?.deadline ? Date.parse(input.options.deadline) : undefined;
  return {
    staticSummary: erasureStaticSummary({
      requestId: input.requestId,
      systems: input.systems,
      deadline: new Date(deadlineOf(received, input.timing, requested)).toISOString(),
      ...(input.options?.dryRun ? { dryRun: true } : {}),
    }),
    staticDetails: erasureStaticDetails(workflowId),
  };
}

/** What an erasure is and how to steer it: the CLI, never the Web UI's own buttons. */
export function erasureStaticDetails(workflowId: string): string {
  return [
    "One data subject's erasure across the platforms above (Lethe). Its current details below say where it stands.",
    '',
    '**Steer it with the CLI** (who and why go into its evidence):',
    `- \`lethe status ${workflowId}\`, \`lethe watch ${workflowId}\``,
    `- \`lethe hold|release ${workflowId} --by <you> --reason <why>\``,
    `- \`lethe cancel ${workflowId} --by <you> --reason <why>\``,
    `- \`lethe result ${workflowId}\`, \`lethe certificate ${workflowId}\` once it has ended`,
    '',
    'Do not use **Request Cancellation**, **Terminate** or **Reset** here: they skip the record of who stopped it and why, and what was sent is not withdrawn.',
  ].join('\n');
}

/** One line in the workflow list: `Quota governor · liveperson account 1234`. */
export const governorStaticSummary = (platform: PlatformId, account: string): string =>
  `Quota governor · ${platform} account ${account}`;

export const GOVERNOR_WARNING =
  '**Never cancel, terminate or reset it**: every erasure of this account hands its ids to this governor and waits for its answer; without it they all stall.';

/** What a governor is, and why it must keep running. */
export function governorStaticDetails(platform: PlatformId): string {
  return [
    `Sends every deletion request of one ${platform} account, packing the ids erasures hand it into full requests within the account's monthly quota. Its current details below show the month's quota and its queue.`,
    '',
    GOVERNOR_WARNING,
  ].join('\n');
}

/** What a governor's page shows as it moves: the month's quota, its queue by kind, the next send. */
export function governorCurrentDetails(s: {
  usedThisMonth: number;
  monthlyQuota: number;
  queued: ReadonlyArray<{ kind: RecordKind; ids: number }>;
  nextSendAt?: string;
  pausedUntil?: string;
  /** The error's type only: a platform's message may quote what it refused. */
  lastErrorType?: string;
}): string {
  const left = Math.max(0, s.monthlyQuota - s.usedThisMonth);
  const queued = s.queued.filter((q) => q.ids > 0);
  const lines = [
    `**Quota this month:** ${s.usedThisMonth} of ${s.monthlyQuota} requests used, ${left} left`,
    `**Queued:** ${queued.length > 0 ? queued.map((q) => `${q.ids} ${q.kind} ids`).join(', ') : 'nothing'}`,
  ];
  if (s.pausedUntil)
    lines.push(
      `**Paused:** the platform said the month's quota is spent; next request after ${utc(s.pausedUntil)}`,
    );
  else if (queued.length > 0 && s.nextSendAt) lines.push(`**Next look at the queue:** ${utc(s.nextSendAt)}`);
  if (s.lastErrorType) lines.push(`**Last error:** ${s.lastErrorType}`);
  lines.push('', GOVERNOR_WARNING);
  return lines.join('\n');
}
