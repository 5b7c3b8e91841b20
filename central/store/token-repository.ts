import { createHash } from 'node:crypto';
import { toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

export interface TokenGrant {
  facilityId: number;
  /** The client certificate the token was issued over. */
  clientCertificateSha256: string;
  expiresAt: Date;
}

/**
 * Bearer tokens of the auth endpoint, kept by their SHA-256 so that the store never holds a usable
 * token. Every server process over the store, and a restarted one, honours a live token.
 */
export function createTokenRepository(db: SqliteDatabase) {
  const insert = db.prepare(`
    INSERT INTO tokens (token_sha256, facility_id, client_certificate_sha256, expires_at)
    VALUES (@hash, @facilityId, @certificate, @expiresAt)`);
  const find = db.prepare<{ facilityId: number; certificate: string; expiresAt: string }>(`
    SELECT facility_id AS facilityId, client_certificate_sha256 AS certificate, expires_at AS expiresAt FROM tokens WHERE token_sha256 = @hash`);
  const prune = db.prepare('DELETE FROM tokens WHERE expires_at <= @now');
  const hashOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

  return {
    save(token: string, grant: TokenGrant): void {
      insert.run({ hash: hashOf(token), facilityId: grant.facilityId, certificate: grant.clientCertificateSha256, expiresAt: toStoredTime(grant.expiresAt) });
    },

    find(token: string): TokenGrant | undefined {
      const row = find.get({ hash: hashOf(token) });
      return row === undefined ? undefined : { facilityId: row.facilityId, clientCertificateSha256: row.certificate, expiresAt: new Date(row.expiresAt) };
    },

    pruneExpired(now: Date): void {
      prune.run({ now: toStoredTime(now) });
    },
  };
}

export type TokenRepository = ReturnType<typeof createTokenRepository>;
