import { randomBytes } from 'node:crypto';
import type { TokenGrant, TokenRepository } from '../store';
import { CentralRefusal } from '../service/central-errors';

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  expiresAt: Date;
}

/**
 * Short-lived bearer tokens for the search endpoints (§8: `Authorization: <idToken>`): opaque random
 * strings, kept in the store by their hash, so a restarted server (or another server process) honours
 * a token until it expires. A token is bound to the client certificate it was issued over: it is
 * useless on another facility's connection.
 */
export class TokenIssuer {
  private issuedSincePrune = 0;
  /** Grants this process has looked up: a grant never changes once issued, so a hit is as good as the store. */
  private readonly seen = new Map<string, TokenGrant>();

  constructor(
    private readonly tokens: TokenRepository,
    private readonly lifetimeMs: number,
  ) {}

  issue(facilityId: number, certificateSha256: string, now: Date): IssuedTokens {
    // Expired grants go now and then; a lookup never honours one anyway.
    if (++this.issuedSincePrune >= 100) {
      this.issuedSincePrune = 0;
      this.tokens.pruneExpired(now);
    }
    const expiresAt = new Date(now.getTime() + this.lifetimeMs);
    const idToken = randomBytes(32).toString('base64url');
    this.tokens.save(idToken, { facilityId, clientCertificateSha256: certificateSha256, expiresAt });
    return { idToken, accessToken: randomBytes(32).toString('base64url'), refreshToken: randomBytes(32).toString('base64url'), expiresAt };
  }

  /** The facility a token was issued to, provided it is presented over the same client certificate. */
  check(authorization: string | undefined, certificateSha256: string, now: Date): number {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (token === undefined || token === '') throw new CentralRefusal('TOKEN_MISSING');
    if (token.length > 256) throw new CentralRefusal('TOKEN_INVALID');
    const grant = this.seen.get(token) ?? this.remember(token, this.tokens.find(token));
    if (grant === undefined || grant.clientCertificateSha256 !== certificateSha256) throw new CentralRefusal('TOKEN_INVALID');
    if (grant.expiresAt.getTime() <= now.getTime()) {
      this.seen.delete(token);
      throw new CentralRefusal('TOKEN_EXPIRED');
    }
    return grant.facilityId;
  }

  private remember(token: string, grant: TokenGrant | undefined): TokenGrant | undefined {
    if (grant === undefined) return undefined;
    if (this.seen.size >= 10_000) this.seen.clear();
    this.seen.set(token, grant);
    return grant;
  }
}
