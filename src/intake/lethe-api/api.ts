import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { CertificateSigner } from '../../certificate/signing';
import type { ErasureClient } from '../../client';
import { ErasureNotFoundError, InvalidRequestError, RequestRefusedError } from '../../client/errors';
import type { Secret } from '../../config/secret';
import type { UpstreamReport } from '../../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../../workflows/upstream-report';
import { observeErasure } from '../activities';
import type { InboundAnswer, InboundOutcome, IntakeAdapter } from '../adapter';
import { parseJson } from '../inbound';
import { SIGNATURE_HEADER, signatureHeader } from './signature';

/** One caller of the API: its name (who asks, in the evidence) and its key. */
export interface ApiKey {
  readonly name: string;
  readonly key: Secret;
}

const CreateSchema = z.strictObject({
  /** The erasure request, as the typed client takes it (src/domain/request.ts). */
  request: z.record(z.string(), z.unknown()),
  /** Where each new stage is posted, signed; https, or http on loopback. */
  callbackUrl: z
    .url({ protocol: /^https?$/ })
    .refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(u), {
      message: 'must be https (http only on loopback)',
    })
    .optional(),
});
const RevokeSchema = z.strictObject({ reason: z.string().trim().min(1).max(2000) });

/**
 * Lethe's own status API, for companies without a privacy tool (issue 19): create an erasure, read its
 * status, revoke it, and a status callback. Every answer and callback is signed (`lethe-signature`,
 * Ed25519 with the certificate's key), so the caller can prove what Lethe said and when. Callers
 * authenticate with `Authorization: Bearer <key>`.
 */
export class LetheApi implements IntakeAdapter {
  readonly id = 'lethe';

  constructor(
    private readonly client: ErasureClient,
    private readonly signer: CertificateSigner,
    private readonly keys: readonly ApiKey[],
    private readonly now: () => Date = () => new Date(),
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  /** `/v1/erasures…`: an answer, or an erasure to start with a callback reporter. */
  async handle(
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    rawBody: string,
  ): Promise<InboundOutcome> {
    const caller = this.caller(headers.authorization);
    if (!caller) return this.answer(401, { error: 'a valid Authorization: Bearer key is required' });
    if (path === '/v1/erasures' && method === 'POST') return this.create(caller, rawBody);
    const m = /^\/v1\/erasures\/(erasure-[0-9a-f]{64})(\/revoke)?$/.exec(path);
    if (!m) return this.answer(404, { error: 'no such resource' });
    const erasureId = m[1] as string;
    if (!m[2] && method === 'GET') return this.status(erasureId);
    if (m[2] && method === 'POST') return this.revoke(caller, erasureId, rawBody);
    return this.answer(405, { error: 'method not allowed' });
  }

  /** The API is not a webhook adapter: calls come through `handle`. */
  async receive(): Promise<InboundOutcome> {
    return this.answer(404, { error: 'no such intake' });
  }

  /** Posts a stage to the caller's callback, signed; any 2xx takes it, anything else is tried again. */
  async report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome> {
    const { callbackUrl, erasureId, requestId } = target.ref;
    if (!callbackUrl || !erasureId) throw new Error('a callback report needs its URL and erasure');
    const body = JSON.stringify(statusBody(erasureId, requestId, report, this.now()));
    const res = await this.fetchImpl(callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signatureHeader(this.signer, body, this.now()),
      },
      body,
      signal: AbortSignal.timeout(30_000),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`the status callback answered HTTP ${res.status}`);
    return 'accepted';
  }

  private async create(caller: ApiKey, rawBody: string): Promise<InboundOutcome> {
    const parsed = CreateSchema.safeParse(parseJson(rawBody));
    if (!parsed.success)
      return this.answer(400, {
        error: 'invalid body',
        fields: parsed.error.issues.map((i) => i.path.join('.') || '(body)'),
      });
    const { request, callbackUrl } = parsed.data;
    let started: Awaited<ReturnType<ErasureClient['start']>>;
    try {
      started = await this.client.start(request as Parameters<ErasureClient['start']>[0]);
    } catch (err) {
      if (err instanceof InvalidRequestError)
        return this.answer(400, {
          error: 'invalid request',
          fields: err.issues.map((i) => `request.${i.field}`),
        });
      if (err instanceof RequestRefusedError) return this.answer(503, { error: err.message });
      throw err;
    }
    const erasureId = started.workflowId;
    const requestId = String(request.requestId ?? '');
    const status = await observeErasure(this.client, erasureId).catch(() => undefined);
    const accepted = this.signed(202, {
      ...statusBody(erasureId, requestId, status ?? received, this.now()),
      joined: started.joined,
      by: caller.name,
    }).answer;
    if (!callbackUrl) return { kind: 'answer', answer: accepted };
    return {
      kind: 'erase-started',
      erasureId,
      target: { adapter: this.id, ref: { callbackUrl, erasureId, requestId } },
      accepted,
    };
  }

  private async status(erasureId: string): Promise<InboundOutcome> {
    try {
      const report = (await observeErasure(this.client, erasureId)) ?? closing;
      const progress = await this.client.progress(erasureId);
      return this.answer(200, statusBody(erasureId, progress.requestId, report, this.now()));
    } catch (err) {
      if (err instanceof ErasureNotFoundError) return this.answer(404, { error: 'no such erasure' });
      throw err;
    }
  }

  private async revoke(caller: ApiKey, erasureId: string, rawBody: string): Promise<InboundOutcome> {
    const parsed = RevokeSchema.safeParse(parseJson(rawBody));
    if (!parsed.success) return this.answer(400, { error: 'invalid body', fields: ['reason'] });
    try {
      await this.client.cancel(erasureId, { by: `api:${caller.name}`, reason: parsed.data.reason });
    } catch (err) {
      if (err instanceof ErasureNotFoundError) return this.answer(404, { error: 'no such erasure' });
      if (err instanceof RequestRefusedError) return this.answer(409, { error: err.message });
      throw err;
    }
    return this.answer(202, { erasureId, revoked: true, at: this.now().toISOString() });
  }

  private caller(authorization: string | undefined): ApiKey | undefined {
    const m = /^Bearer\s+(\S+)$/.exec(authorization ?? '');
    if (!m) return undefined;
    const given = Buffer.from(m[1] as string);
    return this.keys.find((k) => {
      const want = Buffer.from(k.key.reveal());
      return want.length === given.length && timingSafeEqual(want, given);
    });
  }

  private answer(status: number, body: unknown): InboundOutcome {
    return this.signed(status, body);
  }

  /** Every answer signed, errors included: what Lethe refused is evidence too. */
  private signed(status: number, body: unknown): { kind: 'answer'; answer: InboundAnswer } {
    const text = JSON.stringify(body);
    return {
      kind: 'answer',
      answer: {
        status,
        raw: text,
        headers: { [SIGNATURE_HEADER]: signatureHeader(this.signer, text, this.now()) },
      },
    };
  }
}

const received: UpstreamReport = { stage: 'received', message: 'received', final: false };
const closing: UpstreamReport = {
  stage: 'in_progress',
  message: 'closing: the certificate is being issued',
  final: false,
};

/** A status as the API answers and posts it: what stands, for which erasure and request, and when. */
export function statusBody(
  erasureId: string,
  requestId: string | undefined,
  report: UpstreamReport,
  at: Date,
) {
  return {
    erasureId,
    ...(requestId ? { requestId } : {}),
    stage: report.stage,
    message: report.message,
    final: report.final,
    ...(report.certificateDigest ? { certificateDigest: report.certificateDigest } : {}),
    at: at.toISOString(),
  };
}
