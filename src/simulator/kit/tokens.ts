import { randomBytes } from 'node:crypto';
import { ContractError, type SimRequest } from './http';

/** Issued access tokens and their expiry on the simulator clock. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();

  issue(clientId: string, now: number, ttlMs: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId, expiresAt: now + ttlMs });
    return token;
  }

  /** The client id behind a valid bearer token; otherwise a 401 that the journal records. */
  authenticate(req: SimRequest, now: number): string {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const entry = match?.[1] ? this.tokens.get(match[1]) : undefined;
    if (!entry) throw new ContractError(401, 'missing or unknown bearer token');
    if (entry.expiresAt <= now) throw new ContractError(401, 'expired bearer token');
    return entry.clientId;
  }

  clear(): void {
    this.tokens.clear();
  }
}
