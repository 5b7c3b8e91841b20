import { auditRowHash, GENESIS_HASH } from './audit-encoding';
import type { AuditActorKind } from './audit-encoding';
import type { SqliteDatabase } from './sqlite-driver';

/**
 * ID_GAP: an id is missing or out of order (a row deleted or moved); BROKEN_LINK: a row does not point
 * at the hash of the one before; HASH_MISMATCH: a row's fields no longer give its hash (edited);
 * HEAD_MISMATCH: the chain ends before the recorded last link (rows cut off the end).
 */
export type AuditChainFault = 'ID_GAP' | 'BROKEN_LINK' | 'HASH_MISMATCH' | 'HEAD_MISMATCH';

export type AuditChainVerdict = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly firstBadId: number; readonly reason: AuditChainFault };

interface StoredAuditRow {
  id: number;
  at: string;
  actorKind: AuditActorKind;
  actorId: string;
  event: string;
  receptionId: string | null;
  kioskId: string | null;
  detailJson: string;
  previousHash: string;
  hash: string;
}

/** Walks the whole log in id order, recomputing every hash; reads only, in one snapshot. */
export function verifyAuditChain(db: SqliteDatabase): AuditChainVerdict {
  const walk = db.transaction((): AuditChainVerdict => {
    let expectedId = 1;
    let previousHash = GENESIS_HASH;
    const rows = db
      .prepare(
        `SELECT id, at, actor_kind AS actorKind, actor_id AS actorId, event, reception_id AS receptionId, kiosk_id AS kioskId,
                detail_json AS detailJson, previous_hash AS previousHash, hash
           FROM audit_log ORDER BY id`,
      )
      .iterate() as IterableIterator<StoredAuditRow>;
    for (const row of rows) {
      if (row.id !== expectedId) return { ok: false, firstBadId: expectedId, reason: 'ID_GAP' };
      if (row.previousHash !== previousHash) return { ok: false, firstBadId: row.id, reason: 'BROKEN_LINK' };
      const { previousHash: _link, hash: storedHash, ...fields } = row;
      if (auditRowHash(previousHash, fields) !== storedHash) return { ok: false, firstBadId: row.id, reason: 'HASH_MISMATCH' };
      previousHash = storedHash;
      expectedId += 1;
    }
    const head = db.prepare('SELECT last_id AS lastId, last_hash AS lastHash FROM audit_head WHERE singleton = 1').get() as
      | { lastId: number; lastHash: string }
      | undefined;
    if (head === undefined || head.lastId !== expectedId - 1 || head.lastHash !== previousHash) {
      return { ok: false, firstBadId: expectedId, reason: 'HEAD_MISMATCH' };
    }
    return { ok: true, count: expectedId - 1 };
  });
  return walk.deferred();
}
