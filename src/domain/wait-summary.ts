import type { ErasureState } from './erasure-state';
import { platformNames } from './platforms';

/**
 * What the erasure's next timer waits for, as the Web UI shows it beside the timer: "re-verify
 * LivePerson request 127001, day 7", "wait for open conversations to close". A platform's request id,
 * never a record id or a personal value.
 */
export function waitSummary(
  state: ErasureState,
  wakeAt: number,
  stopAt: number | undefined,
  dayMs: number,
): string {
  if (stopAt !== undefined && wakeAt >= stopAt) return 'hard stop: end with what is left, said as left';
  const phase = state.waitingPhase();
  if (phase === 'on_hold') return 'on hold: wait for its release';
  for (const [platform, ledger] of state.ledgers) {
    const next = ledger.nextCheck();
    if (next && next.at === wakeAt) {
      const day = Math.max(1, Math.round((next.at - next.submittedAt) / dayMs));
      return `re-verify ${platformNames[platform]} request ${next.requestId}, day ${day}`;
    }
    if (ledger.pausedUntil === wakeAt) return `wait for ${platformNames[platform]}'s monthly deletion quota`;
    if (ledger.activeCheckAt === wakeAt)
      return ledger.keptRecords().length > 0 && ledger.blockedRecords().length === 0
        ? `look again at what ${platformNames[platform]} kept`
        : `check whether open conversations on ${platformNames[platform]} have closed`;
  }
  if (phase === 'waiting_for_active') return 'wait for open conversations to close';
  if (phase === 'awaiting_confirmation') return 'wait for an operator to confirm or exclude derived matches';
  return 'wait, then check again';
}
