import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Secret } from '../../config/secret';
import type { UpstreamReport } from '../../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../../workflows/upstream-report';
import { type InboundCall, type InboundOutcome, type IntakeAdapter, refused } from '../adapter';
import { parseJson, sameSecret } from '../inbound';

/**
 * How Lethe sits behind Ethyca Fides: a custom SaaS connector with the callback strategy
 * (../shared/notes/dsr-tool-contracts.md §1.2), whose configuration Lethe ships in `deploy/fides/`.
 */
export interface FidesSettings {
  /** The Fides server Lethe calls back (`POST {fidesUrl}/api/v1/request-task/callback`). */
  readonly fidesUrl: string;
  /** The connector's `api_key`: Fides sends it as `Authorization: Bearer`. */
  readonly connectorKey: Secret;
  readonly fetch?: typeof fetch;
}

/** The paths the shipped connector configuration points at (deploy/fides/lethe-saas-config.yml). */
export const FIDES_PATHS = {
  test: '/intake/fides/health',
  read: '/intake/fides/person',
  erasure: '/intake/fides/erasure',
} as const;
/** Fides' callback endpoint: the only path Lethe posts to, whatever `reply-to` says. */
export const FIDES_CALLBACK_PATH = '/api/v1/request-task/callback';

const ErasureSchema = z.strictObject({
  email: z.email().max(254),
  person_id: z.string().regex(/^lethe-person-[0-9a-f]{32}$/),
});

/** The opaque row id Lethe gives the person on its access step (a digest of the email, never the email). */
const personIdOf = (email: string): string =>
  `lethe-person-${createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32)}`;

/**
 * Fides. Its access traversal calls the connector's read first: Lethe answers at once and completes the
 * access task by callback with one row naming the person (an opaque id and the email Fides sent), so
 * that Fides goes on to the erasure. The erasure call starts or joins the person's erasure; Lethe
 * completes that task, `rows_masked`, only once every record was verified gone (Fides has one completion
 * state and no progress for a task). An erasure that ended otherwise is never reported done: the task
 * stays awaiting, and Fides' own async timeout fails it. A 400 on the callback is the privacy request no
 * longer in processing (canceled in Fides): the erasure is cancelled with that reason.
 */
export class FidesAdapter implements IntakeAdapter {
  readonly id = 'fides';
  readonly methods = ['GET', 'POST'] as const;
  private readonly fetch: typeof fetch;

  constructor(private readonly settings: FidesSettings) {
    this.fetch = settings.fetch ?? fetch;
  }

  async receive(call: InboundCall): Promise<InboundOutcome> {
    const auth = call.headers.authorization;
    const bearer =
      typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    if (!sameSecret(bearer, this.settings.connectorKey))
      return refused(401, 'a valid Bearer connector key is required');
    if (call.method === 'GET' && call.path === FIDES_PATHS.test)
      return { kind: 'answer', answer: { status: 200, body: {} } };
    const token = call.headers['reply-to-token'];
    if (typeof token !== 'string' || token === '') return refused(400, 'reply-to-token is missing');
    if (call.method === 'GET' && call.path === FIDES_PATHS.read) {
      const email = z
        .email()
        .max(254)
        .safeParse(call.query?.get('email') ?? '');
      if (!email.success) return refused(400, 'email is missing or not an email address');
      return {
        kind: 'report',
        answer: { status: 200, body: {} },
        target: { adapter: this.id, ref: { phase: 'access', token, email: email.data } },
        report: { stage: 'received', message: 'the person named for erasure', final: true },
      };
    }
    if (call.method === 'POST' && call.path === FIDES_PATHS.erasure) {
      const body = ErasureSchema.safeParse(parseJson(call.rawBody));
      if (!body.success) return refused(400, 'the body must be {email, person_id}');
      if (body.data.person_id !== personIdOf(body.data.email))
        return refused(400, "person_id is not this email's");
      return {
        kind: 'erase',
        request: {
          requestId: `fides:${body.data.person_id}`,
          subjectKey: `fides:${body.data.person_id}`,
          identifiers: [{ kind: 'email', value: body.data.email }],
          requestedBy: 'fides',
          reason: 'an erasure request from Fides',
          receivedAt: call.now.toISOString(),
        },
        target: { adapter: this.id, ref: { phase: 'erasure', token } },
        accepted: { status: 200, body: {} },
      };
    }
    return refused(404, 'no such path');
  }

  /** The access step's row; the erasure's completion once verified (nothing before, nothing otherwise). */
  async report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome> {
    const { phase, token, email } = target.ref;
    if (!token) throw new Error('a Fides callback needs the task token');
    let body: Record<string, unknown>;
    if (phase === 'access') {
      if (!email) throw new Error('the access step needs the email');
      body = { access_results: [{ id: personIdOf(email), email }] };
    } else if (report.stage === 'verified') {
      body = { rows_masked: report.records ?? 0 };
    } else return 'accepted';
    const res = await this.fetch(`${this.settings.fidesUrl.replace(/\/+$/, '')}${FIDES_CALLBACK_PATH}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    await res.body?.cancel();
    if (res.status === 400) return 'closed_upstream';
    // Fides' task tokens expire (privacy_request_delay_timeout, 60 hours by default): tried again, and
    // said so, until an operator raises the setting or closes the task in Fides.
    if (res.status === 403)
      throw new Error(
        "Fides refused the task's token (expired? raise privacy_request_delay_timeout above the erasure's window)",
      );
    if (!res.ok) throw new Error(`Fides answered the callback with HTTP ${res.status}`);
    return 'accepted';
  }
}
