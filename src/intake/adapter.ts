import type { IncomingHttpHeaders } from 'node:http';
import type { ErasureRequest } from '../domain/request';
import type { UpstreamReport } from '../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../workflows/upstream-report';

/** One inbound call, as an adapter sees it: the raw body too, since signatures cover bytes. */
export interface InboundCall {
  readonly method: string;
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly rawBody: string;
  readonly now: Date;
}

/** An HTTP answer to the privacy tool. */
export interface InboundAnswer {
  readonly status: number;
  readonly body?: unknown;
  /** The body's exact text, when it must be sent byte for byte (a signed answer). */
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/**
 * What an adapter makes of an inbound call: an answer alone (refused, or nothing to do), or an erasure to
 * start or join and the upstream request to report to.
 */
export type InboundOutcome =
  | { readonly kind: 'answer'; readonly answer: InboundAnswer }
  | {
      readonly kind: 'erase';
      readonly request: ErasureRequest;
      /** Where reports go; its `ref` also keys the reporter (one per upstream request). */
      readonly target: UpstreamTarget;
      /** The answer once the erasure is started or joined (which may name it). */
      readonly accepted: InboundAnswer | ((erasureId: string) => InboundAnswer);
    }
  | {
      /** An answer now, and one report to deliver durably afterwards (no erasure involved). */
      readonly kind: 'report';
      readonly answer: InboundAnswer;
      readonly target: UpstreamTarget;
      readonly report: UpstreamReport;
    }
  | {
      /** The adapter started or joined the erasure itself; a reporter is still to start. */
      readonly kind: 'erase-started';
      readonly erasureId: string;
      readonly target: UpstreamTarget;
      readonly accepted: InboundAnswer;
    };

/**
 * One privacy tool behind one interface (issue 19): it authenticates and maps the tool's calls to an
 * erasure request, and reports an erasure's stages back as the tool's contract requires.
 */
export interface IntakeAdapter {
  /** Its name, in paths (`/intake/<id>`) and in workflow ids. */
  readonly id: string;
  /** Handles `/intake/<id>[/…]` (POST, and GET where `methods` says so). Never throws for bad input: it answers. */
  receive(call: InboundCall): Promise<InboundOutcome>;
  /** The methods its calls use (default POST). */
  readonly methods?: readonly string[];
  /** Requests waiting at the tool, for a tool Lethe pulls from (each admitted like a call). */
  pull?(now: Date): Promise<InboundOutcome[]>;
  /** How often to pull, when the adapter pulls. */
  readonly pullEveryMs?: number | undefined;
  /** Sends one report; `closed_upstream` when the tool says the request is closed or revoked. */
  report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome>;
}

/** An answer refusing the call, naming what was wrong (never echoing a value). */
export const refused = (status: number, error: string): InboundOutcome => ({
  kind: 'answer',
  answer: { status, body: { error } },
});
