import { toStoredTime } from './stored-time';
import type { SqliteDatabase } from './sqlite-driver';

/** Who a challenge was issued to: a facility's connection (card requests) or a person (the portal). */
export type ChallengeAudience =
  | { kind: 'card'; facilityId: number; clientCertificateSha256: string }
  | { kind: 'portal' };

/**
 * Fresh, single-use challenges in the store, so that every server process over it, and a restarted
 * one, knows them. Consuming is one statement (DELETE … RETURNING), so a replay or two concurrent uses
 * of one challenge succeed at most once. Expired rows are pruned when new ones are issued.
 */
export function createChallengeStore(db: SqliteDatabase) {
  const insert = db.prepare(`
    INSERT INTO challenges (challenge_hex, audience, facility_id, client_certificate_sha256, issued_at, expires_at)
    VALUES (@challengeHex, @audience, @facilityId, @certificate, @issuedAt, @expiresAt)`);
  const consumeCard = db.prepare<{ challengeHex: string }>(`
    DELETE FROM challenges WHERE challenge_hex = @challengeHex AND audience = 'card' AND facility_id = @facilityId
      AND client_certificate_sha256 = @certificate AND expires_at > @now RETURNING challenge_hex AS challengeHex`);
  const consumePortal = db.prepare<{ challengeHex: string }>(`
    DELETE FROM challenges WHERE challenge_hex = @challengeHex AND audience = 'portal' AND expires_at > @now
    RETURNING challenge_hex AS challengeHex`);
  const prune = db.prepare('DELETE FROM challenges WHERE expires_at <= @now');
  const peekCard = db.prepare<{ found: number }>(`
    SELECT 1 AS found FROM challenges WHERE challenge_hex = @challengeHex AND audience = 'card' AND facility_id = @facilityId
      AND client_certificate_sha256 = @certificate AND expires_at > @now`);

  return {
    issue(challenge: Uint8Array, audience: ChallengeAudience, issuedAt: Date, expiresAt: Date): void {
      prune.run({ now: toStoredTime(issuedAt) });
      insert.run({
        challengeHex: Buffer.from(challenge).toString('hex'),
        audience: audience.kind,
        facilityId: audience.kind === 'card' ? audience.facilityId : null,
        certificate: audience.kind === 'card' ? audience.clientCertificateSha256 : null,
        issuedAt: toStoredTime(issuedAt),
        expiresAt: toStoredTime(expiresAt),
      });
    },

    /** Whether a card challenge is outstanding for this audience, without spending it (a read, no lock). */
    isOutstanding(challenge: Uint8Array, audience: Extract<ChallengeAudience, { kind: 'card' }>, now: Date): boolean {
      return peekCard.get({ challengeHex: Buffer.from(challenge).toString('hex'), facilityId: audience.facilityId, certificate: audience.clientCertificateSha256, now: toStoredTime(now) }) !== undefined;
    },

    /** True once for an issued, unexpired challenge presented by its audience; false otherwise. */
    consume(challenge: Uint8Array, audience: ChallengeAudience, now: Date): boolean {
      const challengeHex = Buffer.from(challenge).toString('hex');
      const at = toStoredTime(now);
      const row =
        audience.kind === 'card'
          ? consumeCard.get({ challengeHex, facilityId: audience.facilityId, certificate: audience.clientCertificateSha256, now: at })
          : consumePortal.get({ challengeHex, now: at });
      return row !== undefined;
    },
  };
}

export type ChallengeStore = ReturnType<typeof createChallengeStore>;
