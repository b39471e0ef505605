import type { LostAnswer } from '../../domain/progress';

/** A row of LivePerson's request list: only what the documentation lists (no ids, no body). */
export interface DeletionRow {
  readonly request_id: string;
  readonly status: string;
  readonly request_time?: string | undefined;
  readonly requested_by?: string | undefined;
}

/**
 * The requests that could be one a lost attempt created: made since `since` (by the platform's
 * `request_time`; a row whose time does not parse counts, to be safe), not cancelled, not already known
 * to Lethe, and, once Lethe knows the name the platform gives its requests, not requested under another
 * name (a row that names no requester counts, to be safe).
 */
export function lostCreateCandidates(
  rows: readonly DeletionRow[],
  filter: { since: number; known: readonly string[]; requester?: string },
): string[] {
  const known = new Set(filter.known);
  return rows
    .filter((r) => {
      if (r.status === 'CANCELED' || known.has(r.request_id)) return false;
      if (filter.requester !== undefined && r.requested_by && r.requested_by !== filter.requester)
        return false;
      const at = r.request_time === undefined ? Number.NaN : Date.parse(r.request_time);
      return Number.isNaN(at) || at >= filter.since;
    })
    .map((r) => r.request_id);
}

/**
 * What to do after a lost answer, from the candidates. None: nothing was created, send (no note). One,
 * while this sender is the account's only one: it is the lost request, reuse it. Otherwise the documented
 * fields cannot tell which (if any) carried these ids, and the safe action is to send again: a duplicate
 * deletes the same records twice and costs one request of the month's quota; a request wrongly taken
 * for ours would leave them in place.
 */
export function lostAnswerOutcome(
  candidates: readonly string[],
  exclusiveSender: boolean,
): LostAnswer | undefined {
  if (candidates.length === 0) return undefined;
  if (candidates.length === 1 && exclusiveSender) {
    return {
      action: 'reused',
      candidates: [...candidates],
      note: "an earlier attempt lost its answer; the only request created on the account since then was taken as that attempt's (LivePerson lists requests without their ids)",
    };
  }
  return {
    action: 'sent_again',
    candidates: [...candidates],
    note: `an earlier attempt lost its answer; ${candidates.length} request(s) created since then could be it, and LivePerson lists requests without their ids: sent again rather than risk naming a request that never carried these ids`,
  };
}
