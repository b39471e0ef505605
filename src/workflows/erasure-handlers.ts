import { log, setHandler } from '@temporalio/workflow';
import type { z } from 'zod';
import type { ErasureState } from '../domain/erasure-state';
import {
  AddIdentifiersInputSchema,
  CancelInputSchema,
  ConfirmMatchesInputSchema,
  LegalHoldInputSchema,
  operatorIssues,
  RetryInputSchema,
} from '../domain/operator-input';
import type { PlatformId } from '../domain/platforms';
import type { Timing } from '../domain/timing';
import { messageIssues, ReceiptSchema, RejectionSchema, ReleasedSchema } from '../domain/workflow-messages';
import { checkTiming } from './check-timing';
import {
  addIdentifiersUpdate,
  cancelSignal,
  confirmMatchesUpdate,
  type GovernorReceipt,
  legalHoldUpdate,
  progressQuery,
  queueReleasedSignal,
  receiptSignal,
  rejectionSignal,
  retryUpdate,
} from './definitions';
import { now } from './platform-calls';

/** Parses an update's input or refuses it, naming the fields (never the values). */
function valid<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Error(`invalid ${what}: ${operatorIssues(parsed.error)}`);
  return parsed.data;
}

/**
 * Runs a signal's handler on its parsed input, or logs (field paths only) and drops a malformed one:
 * a signal has nobody to answer. A handler that still throws is logged too, never left to fail the
 * workflow task (it would fail again on every retry and the erasure would stop answering).
 */
function onSignal<S extends z.ZodType>(signal: string, schema: S, handle: (input: z.output<S>) => void) {
  return (input: unknown): void => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      log.warn('ignored a malformed signal', { signal, issues: messageIssues(parsed.error) });
      return;
    }
    try {
      handle(parsed.data);
    } catch (err) {
      log.error('a signal could not be applied', {
        signal,
        error: err instanceof Error ? err.name : 'unknown',
      });
    }
  };
}

/**
 * Registers every query, signal and update of one erasure. Each checks its input before it touches the
 * state: a signal sent by hand with no input, `{}` or the wrong types is logged and ignored, an update
 * is refused by its validator naming the field, and the query always answers. Nothing a message holds
 * can fail a workflow task (a task that throws is retried forever and the erasure stops answering).
 */
export function registerErasureHandlers(state: ErasureState, timing: Timing): void {
  setHandler(progressQuery, () => state.progress(now()));
  setHandler(
    receiptSignal,
    onSignal('receipt', ReceiptSchema, (receipt) => {
      if (!inScope(state, receipt.platform)) return;
      const r = receipt as GovernorReceipt;
      // A governor's answers come by activity, at least once: a repeat changes nothing.
      if (state.ledger(r.platform).hasReceipt(r.requestId, r.kind)) return;
      state.ledger(r.platform).recordSubmission(r, now(), checkTiming(timing), r.shared);
      state.countGovernorAnswer();
    }),
  );
  setHandler(
    rejectionSignal,
    onSignal('rejection', RejectionSchema, ({ platform, kind, ids, errorType, message }) => {
      if (!inScope(state, platform)) return;
      if (state.ledger(platform).hasFailedBatch({ kind, ids, errorType })) return;
      state.ledger(platform).recordFailedBatch({ kind, ids, errorType, message }, now());
      state.noteError({ platform, type: errorType, message }, now());
      state.countGovernorAnswer();
    }),
  );
  setHandler(
    queueReleasedSignal,
    onSignal('released', ReleasedSchema, ({ platform, entries }) => {
      if (!inScope(state, platform)) return;
      for (const entry of entries) state.ledger(platform).unqueue(entry);
      state.countGovernorAnswer();
    }),
  );
  setHandler(
    cancelSignal,
    onSignal('cancel', CancelInputSchema, (cancel) =>
      state.requestCancel({ ...cancel, at: now(), via: 'signal' }),
    ),
  );
  const ended = (): void => {
    if (state.isEnded) throw new Error(`the erasure has ended (${state.phase})`);
  };
  setHandler(
    legalHoldUpdate,
    (input) => {
      const { on, by, reason } = valid(LegalHoldInputSchema, input, 'legal hold');
      if (on) state.placeHold({ by, reason }, now());
      else state.releaseHold({ by, reason }, now());
      return { onHold: on };
    },
    {
      validator: (input) => {
        const { on } = valid(LegalHoldInputSchema, input, 'legal hold');
        ended();
        if (on && state.activeHold) throw new Error('a legal hold is already in place');
        if (!on && !state.activeHold) throw new Error('there is no legal hold to release');
      },
    },
  );
  setHandler(
    addIdentifiersUpdate,
    (input) => {
      const { identifiers, by, requestId } = valid(AddIdentifiersInputSchema, input, 'identifiers update');
      // A joined request's identifiers are the requester's own, as a first request's are.
      const provenance = requestId !== undefined ? 'request' : `update:${by}`;
      const added = state.addIdentifiers(identifiers.map((i) => ({ ...i, provenance })));
      if (added > 0) state.askRediscovery();
      if (requestId !== undefined)
        state.linkRequest({ requestId, by, at: new Date(now()).toISOString(), identifiersAdded: added });
      return { added };
    },
    {
      validator: (input) => {
        valid(AddIdentifiersInputSchema, input, 'identifiers update');
        ended();
      },
    },
  );
  setHandler(
    confirmMatchesUpdate,
    (input) => state.decideMatches(valid(ConfirmMatchesInputSchema, input, 'confirmation'), now()),
    {
      validator: (input) => {
        const { exclude = [], confirm = [] } = valid(ConfirmMatchesInputSchema, input, 'confirmation');
        ended();
        const waiting = new Set(state.waitingMatches());
        if (waiting.size === 0) throw new Error('no derived match waits for confirmation');
        const unknown = [...exclude, ...confirm].filter((ref) => !waiting.has(ref));
        if (unknown.length > 0) throw new Error(`no derived match waits under ${unknown.join(', ')}`);
        if (exclude.some((ref) => confirm.includes(ref)))
          throw new Error('a derived match cannot be both confirmed and excluded');
      },
    },
  );
  setHandler(
    retryUpdate,
    () => {
      state.attention.askRetry();
      return { retrying: true };
    },
    {
      validator: (input) => {
        valid(RetryInputSchema, input, 'retry');
        if (!state.attention.current) throw new Error('nothing needs attention: there is nothing to retry');
      },
    },
  );
}

/** A governor's answer for a platform this erasure does not cover is someone's mistake: dropped, logged. */
function inScope(state: ErasureState, platform: PlatformId): boolean {
  if (state.ledgers.has(platform)) return true;
  log.warn('ignored a governor answer for a platform out of scope', { platform });
  return false;
}
