import { z } from 'zod';
import type { Secret } from '../../config/secret';
import type { IdentifierKind } from '../../domain/identifiers';
import type { UpstreamReport } from '../../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../../workflows/upstream-report';
import type { InboundAnswer, InboundCall, InboundOutcome, IntakeAdapter } from '../adapter';
import { parseJson, sameSecret } from '../inbound';

/**
 * How Lethe takes Ketch's forwarded requests (the Ketch Forwarder protocol, `dsr/v1`:
 * ../shared/notes/dsr-tool-contracts.md §1.3, ketch-com/ketch-forwarder `api/dsr/v1/Delete.md`).
 */
export interface KetchSettings {
  /** The header Ketch is configured to send, and its value (a shared secret). */
  readonly headerName: string;
  readonly headerValue: Secret;
  /** Ketch identity spaces, as Lethe's identifier kinds; others (and hashed identities) are not searched. */
  readonly identityKinds: Readonly<Record<string, IdentifierKind>>;
  readonly fetch?: typeof fetch;
}

const API_VERSION = 'dsr/v1';

const MetadataSchema = z.looseObject({ uid: z.string().min(1).max(200), tenant: z.string().min(1).max(200) });
const CallbackSchema = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).optional(),
});
const DeleteRequestSchema = z.looseObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal('DeleteRequest'),
  metadata: MetadataSchema,
  request: z.looseObject({
    identities: z.array(
      z.looseObject({
        identitySpace: z.string().min(1),
        identityFormat: z.string().optional(),
        identityValue: z.string().min(1),
      }),
    ),
    callbacks: z.array(CallbackSchema).optional(),
    subject: z.looseObject({ email: z.string().optional() }),
    submittedTimestamp: z.number().int().positive(),
    dueTimestamp: z.number().int().positive(),
  }),
});
type Metadata = z.infer<typeof MetadataSchema>;

/**
 * Ketch: its `DeleteRequest` in (authenticated by the header the customer configured), a
 * `DeleteResponse` back at once, then a `DeleteStatusEvent` to every callback for each new stage until
 * a final one. Ketch has one completion state: `completed` (`executed`) only once every record was
 * verified gone; before, `in_progress`, with Lethe's stage in the event's `context`; an erasure that
 * ended otherwise is `cancelled`, never `completed`. The certificate goes as an internal document.
 */
export class KetchAdapter implements IntakeAdapter {
  readonly id = 'ketch';
  private readonly fetch: typeof fetch;

  constructor(private readonly settings: KetchSettings) {
    this.fetch = settings.fetch ?? fetch;
  }

  async receive(call: InboundCall): Promise<InboundOutcome> {
    const body = parseJson(call.rawBody);
    // An Error echoes the request's metadata when it can be read (Error.md), nothing else of it.
    const echoed = MetadataSchema.safeParse((body as { metadata?: unknown } | undefined)?.metadata);
    const meta = echoed.success ? { uid: echoed.data.uid, tenant: echoed.data.tenant } : {};
    const given = call.headers[this.settings.headerName.toLowerCase()];
    if (!sameSecret(given, this.settings.headerValue))
      return error(meta, 401, 'forbidden', `the ${this.settings.headerName} header is missing or wrong`);
    const parsed = DeleteRequestSchema.safeParse(body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
      return error(meta, 400, 'invalid', `not a dsr/v1 DeleteRequest (${fields})`);
    }
    const { metadata, request } = parsed.data;
    const identifiers = [
      ...request.identities
        .filter((i) => (i.identityFormat ?? 'raw') === 'raw')
        .flatMap((i) => {
          const kind = this.settings.identityKinds[i.identitySpace];
          return kind ? [{ kind, value: i.identityValue }] : [];
        }),
      ...(request.subject.email ? [{ kind: 'email' as const, value: request.subject.email }] : []),
    ];
    // Nothing Lethe can search by: completed, no match (the spec's answer for it).
    if (identifiers.length === 0)
      return {
        kind: 'answer',
        answer: deleteResponse(metadata, { status: 'completed', reason: 'no_match' }),
      };
    const received = new Date(request.submittedTimestamp * 1000);
    const due = new Date(request.dueTimestamp * 1000);
    return {
      kind: 'erase',
      request: {
        requestId: `ketch:${metadata.uid}`,
        subjectKey: `ketch:${metadata.uid}`,
        identifiers,
        requestedBy: 'ketch',
        reason: 'a deletion request forwarded by Ketch',
        receivedAt: received.toISOString(),
        ...(due > received ? { options: { deadline: due.toISOString() } } : {}),
      },
      target: {
        adapter: this.id,
        ref: {
          uid: metadata.uid,
          tenant: metadata.tenant,
          callbacks: JSON.stringify(request.callbacks ?? []),
        },
      },
      accepted: (erasureId) => deleteResponse(metadata, { status: 'in_progress', requestID: erasureId }),
    };
  }

  /** One `DeleteStatusEvent` to every callback of the request; each must take it (2xx), or all are tried again. */
  async report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome> {
    const metadata = { uid: target.ref.uid ?? '', tenant: target.ref.tenant ?? '' };
    const callbacks = z.array(CallbackSchema).parse(JSON.parse(target.ref.callbacks ?? '[]'));
    const body = JSON.stringify({
      apiVersion: API_VERSION,
      kind: 'DeleteStatusEvent',
      metadata,
      event: ketchEventOf(report),
    });
    let closed = false;
    for (const callback of callbacks) {
      const res = await this.fetch(callback.url, {
        method: 'POST',
        headers: { ...callback.headers, 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await res.body?.cancel();
      if (res.status === 409) closed = true;
      else if (!res.ok) throw new Error(`a Ketch callback answered HTTP ${res.status}`);
    }
    return closed ? 'closed_upstream' : 'accepted';
  }
}

/** A report as a `DeleteStatusEvent`'s `event` (statuses and reasons as `api/dsr/v1/Status.md` lists them). */
export function ketchEventOf(report: UpstreamReport): Record<string, unknown> {
  const context = {
    lethe_stage: report.stage,
    lethe_message: report.message,
    ...(report.certificateDigest ? { lethe_certificate_digest: report.certificateDigest } : {}),
  };
  const certificate = report.certificate
    ? {
        documents: [
          {
            data: Buffer.from(report.certificate).toString('base64'),
            headers: { 'Content-Type': 'application/json' },
          },
        ],
      }
    : {};
  if (report.stage === 'verified')
    return { status: 'completed', reason: 'executed', context, ...certificate };
  if (report.final) return { status: 'cancelled', reason: 'unknown', context, ...certificate };
  return { status: 'in_progress', context };
}

function deleteResponse(metadata: Metadata, response: Record<string, unknown>): InboundAnswer {
  return {
    status: 200,
    body: { apiVersion: API_VERSION, kind: 'DeleteResponse', metadata, response },
  };
}

/** A Ketch `Error` object (`api/runtime/v1/Error.md`). */
function error(metadata: Partial<Metadata>, code: number, status: string, message: string): InboundOutcome {
  return {
    kind: 'answer',
    answer: {
      status: code,
      body: { apiVersion: API_VERSION, kind: 'Error', metadata, error: { code, status, message } },
    },
  };
}
