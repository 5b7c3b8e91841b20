import { randomBytes } from 'node:crypto';
import { CentralRefusal } from '../service/central-errors';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  expiresAt: Date;
}

interface TokenGrant {
  facilityId: number;
  /** The client certificate the token was issued over: a token is useless on another facility's connection. */
  certificateSha256: string;
  expiresAt: number;
}

/**
 * Short-lived bearer tokens for the search endpoints (§8: `Authorization: <idToken>`). Opaque random
 * strings kept in memory: a restart logs every terminal out, which the real system's short lifetimes
 * make harmless. Bounded: expired grants are dropped on each issue, and the oldest beyond `maxGrants`.
 */
export class TokenIssuer {
  private readonly grants = new Map<string, TokenGrant>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly maxGrants = 10_000,
  ) {}

  issue(facilityId: number, certificateSha256: string, now: Date): IssuedTokens {
    this.dropExpired(now);
    while (this.grants.size >= this.maxGrants) {
      const oldest = this.grants.keys().next().value;
      if (oldest === undefined) break;
      this.grants.delete(oldest);
    }
    const expiresAt = now.getTime() + this.lifetimeMs;
    const idToken = randomBytes(32).toString('base64url');
    this.grants.set(idToken, { facilityId, certificateSha256, expiresAt });
    return { idToken, accessToken: randomBytes(32).toString('base64url'), refreshToken: randomBytes(32).toString('base64url'), expiresAt: new Date(expiresAt) };
  }

  /** The facility a token was issued to, provided it is presented over the same client certificate. */
  check(authorization: string | undefined, certificateSha256: string, now: Date): number {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (token === undefined || token === '') throw new CentralRefusal('TOKEN_MISSING');
    const grant = this.grants.get(token);
    if (grant === undefined || grant.certificateSha256 !== certificateSha256) throw new CentralRefusal('TOKEN_INVALID');
    if (grant.expiresAt <= now.getTime()) {
      this.grants.delete(token);
      throw new CentralRefusal('TOKEN_EXPIRED');
    }
    return grant.facilityId;
  }

  private dropExpired(now: Date): void {
    for (const [token, grant] of this.grants) if (grant.expiresAt <= now.getTime()) this.grants.delete(token);
  }
}
