import { type CryptoKey, importSPKI, type JWTPayload, jwtVerify, type KeyObject } from 'jose';
import { z } from 'zod';
import type { Secret } from '../../config/secret';
import type { IdentifierKind } from '../../domain/identifiers';
import type { UpstreamReport } from '../../domain/upstream-report';
import type { ReportOutcome, UpstreamTarget } from '../../workflows/upstream-report';
import { type InboundCall, type InboundOutcome, type IntakeAdapter, refused } from '../adapter';
import { parseJson } from '../inbound';
import { transcendStatusOf } from './status';

/** How Lethe reaches one Transcend data silo (docs: ../shared/notes/dsr-tool-contracts.md §1.1). */
export interface TranscendSettings {
  /** The Sombra gateway (multi-tenant: `https://multi-tenant.sombra.transcend.io`). */
  readonly sombraUrl: string;
  /** The data silo's API key: reports (`PUT /v1/data-silo`) and the signing key's fetch. */
  readonly apiKey: Secret;
  /** A self-hosted gateway's own key (`x-sombra-authorization`). */
  readonly sombraApiKey?: Secret;
  /** The audience the webhook's token must name. */
  readonly audience: string;
  /** Transcend's identifier types, as Lethe's identifier kinds; other types are not searched. */
  readonly identifierKinds: Readonly<Record<string, IdentifierKind>>;
  /** Set to pull the silo's pending erasures instead of (or besides) receiving its webhooks. */
  readonly pull?: { readonly dataSiloId: string; readonly everyMs: number };
  readonly fetch?: typeof fetch;
}

export const defaultTranscendIdentifierKinds: Readonly<Record<string, IdentifierKind>> = {
  email: 'email',
  phone: 'phone',
};

/** The "new privacy request job" webhook's body: only what Lethe reads (the rest passes). */
const JobSchema = z.looseObject({
  type: z.string().min(1),
  coreIdentifier: z.looseObject({ value: z.string().min(1) }),
  extras: z.looseObject({
    request: z.looseObject({ id: z.string().min(1).max(200), link: z.string().optional() }),
    profile: z.looseObject({ identifier: z.string().min(1), type: z.string().min(1) }),
  }),
});

/** `GET …/pending-requests/ERASURE`: the items Lethe reads (the rest passes). */
const PendingSchema = z.looseObject({
  items: z.array(
    z.looseObject({
      identifier: z.string().min(1),
      type: z.string().min(1),
      nonce: z.string().min(1),
      requestId: z.string().min(1).max(200),
    }),
  ),
});

/**
 * Transcend: its "new privacy request job" webhook in (one per identifier of the person, an ES384 token
 * in `x-sombra-token`, a nonce to report with), and `PUT /v1/data-silo` out. Every call for one privacy
 * request names the same erasure (its request id is the subject key), so the identifiers merge.
 */
export class TranscendAdapter implements IntakeAdapter {
  readonly id = 'transcend';
  private key?: Promise<CryptoKey | KeyObject>;
  private readonly fetch: typeof fetch;

  constructor(private readonly settings: TranscendSettings) {
    this.fetch = settings.fetch ?? fetch;
  }

  async receive(call: InboundCall): Promise<InboundOutcome> {
    const token = single(call.headers['x-sombra-token']);
    if (!token) return refused(401, 'x-sombra-token is missing');
    let claims: JWTPayload;
    try {
      claims = (
        await jwtVerify(token, await this.signingKey(), {
          algorithms: ['ES384'],
          audience: this.settings.audience,
          requiredClaims: ['exp'],
        })
      ).payload;
    } catch (err) {
      // A key that could not be fetched is ours to fix, not the caller's: 503, and Transcend retries.
      if (err instanceof KeyUnavailable) return refused(503, 'the Sombra signing key is unavailable');
      return refused(401, 'x-sombra-token does not verify (signature, expiry or audience)');
    }
    if (claims.scope !== 'coreIdentifier')
      return refused(401, 'x-sombra-token is not a coreIdentifier token');
    const nonce = single(call.headers['x-transcend-nonce']);
    if (!nonce) return refused(400, 'x-transcend-nonce is missing');
    const job = parseJob(call.rawBody);
    if (!job) return refused(400, 'the body is not a privacy request job');
    // The body must be the one the token was issued for: its core identifier is what was signed.
    if (job.coreIdentifier.value !== claims.value)
      return refused(401, 'coreIdentifier does not match x-sombra-token');
    if (job.type !== 'ERASURE') return refused(400, `only ERASURE jobs are handled here`);
    const erasure = this.erasureOf(job.extras.request.id, job.extras.profile, nonce, call.now);
    // An identifier Lethe cannot search by: Transcend's early "no user found" (204).
    return erasure ?? { kind: 'answer', answer: { status: 204 } };
  }

  /** Every ERASURE profile the silo still has pending, as erasures to start or join (§1.1, the cron way). */
  async pull(now: Date): Promise<InboundOutcome[]> {
    const pull = this.settings.pull;
    if (!pull) return [];
    const outcomes: InboundOutcome[] = [];
    const limit = 100;
    for (let offset = 0; ; offset += limit) {
      const url = `${this.base()}/v1/data-silo/${encodeURIComponent(pull.dataSiloId)}/pending-requests/ERASURE?offset=${offset}&limit=${limit}`;
      const res = await this.fetch(url, { headers: this.auth(), signal: AbortSignal.timeout(30_000) });
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`Transcend answered the pending list with HTTP ${res.status}`);
      }
      const page = PendingSchema.parse(await res.json());
      for (const item of page.items) {
        const erasure = this.erasureOf(
          item.requestId,
          { type: item.type, identifier: item.identifier },
          item.nonce,
          now,
        );
        if (erasure) outcomes.push(erasure);
      }
      if (page.items.length < limit) return outcomes;
    }
  }

  /** How often `pull` is called, when pulling is configured. */
  get pullEveryMs(): number | undefined {
    return this.settings.pull?.everyMs;
  }

  /** One profile of a privacy request as an erasure to start or join; none for a type Lethe cannot search by. */
  private erasureOf(
    requestId: string,
    profile: { type: string; identifier: string },
    nonce: string,
    now: Date,
  ): InboundOutcome | undefined {
    const kind = this.settings.identifierKinds[profile.type];
    if (!kind) return undefined;
    return {
      kind: 'erase',
      request: {
        requestId: `transcend:${requestId}`,
        subjectKey: `transcend:${requestId}`,
        identifiers: [{ kind, value: profile.identifier }],
        requestedBy: 'transcend',
        reason: 'an erasure request received through Transcend',
        receivedAt: now.toISOString(),
      },
      target: { adapter: this.id, ref: { nonce } },
      accepted: { status: 200 },
    };
  }

  /** `PUT /v1/data-silo` with the job's nonce; a 409 is the request closed or revoked in Transcend. */
  async report(target: UpstreamTarget, report: UpstreamReport): Promise<ReportOutcome> {
    const nonce = target.ref.nonce;
    if (!nonce) throw new Error('a Transcend report needs the job nonce');
    const res = await this.fetch(`${this.base()}/v1/data-silo`, {
      method: 'PUT',
      headers: {
        ...this.auth(),
        'content-type': 'application/json',
        'x-transcend-nonce': nonce,
      },
      body: JSON.stringify(transcendStatusOf(report)),
      signal: AbortSignal.timeout(30_000),
    });
    await res.body?.cancel();
    if (res.status === 409) return 'closed_upstream';
    if (!res.ok) throw new Error(`Transcend answered the report with HTTP ${res.status}`);
    return 'accepted';
  }

  private base(): string {
    return this.settings.sombraUrl.replace(/\/+$/, '');
  }

  private auth(): Record<string, string> {
    const s = this.settings;
    return {
      authorization: `Bearer ${s.apiKey.reveal()}`,
      ...(s.sombraApiKey ? { 'x-sombra-authorization': `Bearer ${s.sombraApiKey.reveal()}` } : {}),
    };
  }

  /** The gateway's signing key, fetched once (a failed fetch is tried again on the next call). */
  private signingKey(): Promise<CryptoKey | KeyObject> {
    this.key ??= this.fetchKey().catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    return this.key;
  }

  private async fetchKey(): Promise<CryptoKey | KeyObject> {
    let pem: string;
    try {
      const res = await this.fetch(`${this.base()}/public-keys/sombra-general-signing-key`, {
        headers: this.auth(),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      pem = (await res.text()).trim();
      return await importSPKI(pem, 'ES384');
    } catch (cause) {
      throw new KeyUnavailable(cause);
    }
  }
}

class KeyUnavailable extends Error {
  constructor(cause: unknown) {
    super('the Sombra signing key could not be fetched', { cause });
  }
}

function single(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.trim() !== '' ? v.trim() : undefined;
}

function parseJob(raw: string): z.infer<typeof JobSchema> | undefined {
  const parsed = JobSchema.safeParse(parseJson(raw));
  return parsed.success ? parsed.data : undefined;
}
