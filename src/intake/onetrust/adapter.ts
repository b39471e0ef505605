import { z } from 'zod';
import type { Secret } from '../../config/secret';
import type { IdentifierKind } from '../../domain/identifiers';
import type { UpstreamReport } from '../../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../../workflows/upstream-report';
import type { InboundCall, InboundOutcome, IntakeAdapter } from '../adapter';
import { refused } from '../adapter';
import { parseJson, sameSecret } from '../inbound';

/** How Lethe works behind OneTrust (../shared/notes/dsr-tool-contracts.md §1.4). */
export interface OneTrustSettings {
  /** The tenant's host, by region: `https://app.onetrust.com`, `https://app-eu.onetrust.com`, … */
  readonly hostUrl: string;
  /** OAuth 2.0 client credentials with the DSAR_WRITE scope: status back. */
  readonly clientId: string;
  readonly clientSecret: Secret;
  /** The header the workflow integration's HTTP action sends, and its value (a shared secret). */
  readonly headerName: string;
  readonly headerValue: Secret;
  /** OneTrust's identifier types (as the admin maps them), as Lethe's identifier kinds. */
  readonly identifierKinds: Readonly<Record<string, IdentifierKind>>;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/**
 * The JSON an admin maps the HTTP action's body to (OneTrust's outbound payload is whatever the
 * customer configures, so Lethe documents the one it takes: README, "OneTrust").
 */
const ActionSchema = z.strictObject({
  subtaskId: z.string().trim().min(1).max(200),
  requestRefId: z.string().trim().min(1).max(200),
  identifiers: z
    .array(z.strictObject({ type: z.string().trim().min(1).max(100), value: z.string().min(1).max(500) }))
    .min(1)
    .max(50),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  deadline: z.iso.datetime({ offset: true }).optional(),
});

const TokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
});

/**
 * OneTrust: its workflow integration's HTTP action in (the subtask Lethe is the system of), and the
 * subtask API out: `IN_PROGRESS` while the erasure goes on, completion with the certificate's digest in
 * the comment once every record was verified gone, `FAILED` when it ended otherwise. OneTrust's subtask
 * carries no message besides the completion comment: the platforms' confirmation shows as IN_PROGRESS.
 */
export class OneTrustAdapter implements IntakeAdapter {
  readonly id = 'onetrust';
  private token?: { value: string; until: number };
  private readonly fetch: typeof fetch;
  private readonly now: () => number;

  constructor(private readonly settings: OneTrustSettings) {
    this.fetch = settings.fetch ?? fetch;
    this.now = settings.now ?? Date.now;
  }

  async receive(call: InboundCall): Promise<InboundOutcome> {
    const given = call.headers[this.settings.headerName.toLowerCase()];
    if (!sameSecret(given, this.settings.headerValue))
      return refused(401, `the ${this.settings.headerName} header is missing or wrong`);
    const parsed = ActionSchema.safeParse(parseJson(call.rawBody));
    if (!parsed.success)
      return {
        kind: 'answer',
        answer: {
          status: 400,
          body: {
            error: 'invalid body',
            fields: parsed.error.issues.map((i) => i.path.join('.') || '(body)'),
          },
        },
      };
    const action = parsed.data;
    const identifiers = action.identifiers.flatMap((i) => {
      const kind = this.settings.identifierKinds[i.type];
      return kind ? [{ kind, value: i.value }] : [];
    });
    if (identifiers.length === 0)
      return refused(422, 'no identifier of a type Lethe is configured to search by');
    return {
      kind: 'erase',
      request: {
        requestId: `onetrust:${action.requestRefId}`,
        subjectKey: `onetrust:${action.requestRefId}`,
        identifiers,
        requestedBy: 'onetrust',
        reason: 'a data subject request from OneTrust',
        receivedAt: action.receivedAt ?? call.now.toISOString(),
        ...(action.deadline ? { options: { deadline: action.deadline } } : {}),
      },
      target: { adapter: this.id, ref: { subtaskId: action.subtaskId } },
      accepted: (erasureId) => ({ status: 202, body: { erasureId } }),
    };
  }

  /** The subtask's status, or its completion; a subtask already closed in OneTrust is `closed_upstream`. */
  async report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome> {
    const id = target.ref.subtaskId;
    if (!id) throw new Error('a OneTrust report needs the subtask id');
    const base = `/api/datasubject/v2/subtasks/${encodeURIComponent(id)}`;
    const digest = report.certificateDigest ? ` Certificate ${report.certificateDigest}.` : '';
    const answer =
      report.stage === 'verified'
        ? await this.put(`${base}/complete`, {
            comment: `Lethe: ${report.message}.${digest}`,
            markAsComplete: true,
          })
        : await this.put(`${base}/status`, { status: report.final ? 'FAILED' : 'IN_PROGRESS' });
    if (answer === 409) return 'closed_upstream';
    if (answer < 200 || answer >= 300)
      throw new Error(`OneTrust answered the subtask update with HTTP ${answer}`);
    return 'accepted';
  }

  /** One PUT with a token; a 401 (a revoked or expired token) gets a new token once. */
  private async put(path: string, body: unknown): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const res = await this.fetch(`${this.base()}${path}`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${await this.accessToken()}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      await res.body?.cancel();
      if (res.status !== 401 || attempt > 0) return res.status;
      this.token = undefined;
    }
  }

  /** An OAuth 2.0 client-credentials token (`POST /api/access/v1/oauth/token`), kept until a minute before it expires. */
  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value;
    const res = await this.fetch(`${this.base()}/api/access/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: this.settings.clientId,
        client_secret: this.settings.clientSecret.reveal(),
      }).toString(),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      await res.body?.cancel();
      throw new Error(`OneTrust refused the client credentials (HTTP ${res.status})`);
    }
    const token = TokenSchema.parse(await res.json());
    const ttl = (token.expires_in ?? 3600) * 1000;
    this.token = { value: token.access_token, until: this.now() + Math.max(0, ttl - 60_000) };
    return token.access_token;
  }

  private base(): string {
    return this.settings.hostUrl.replace(/\/+$/, '');
  }
}
