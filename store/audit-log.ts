import { auditRowHash, canonicalDetailJson } from './audit-encoding';
import type { AuditActor, AuditActorKind, AuditDetail, AuditRow } from './audit-encoding';
import { StoreError } from './errors';
import { requireCode, requireIdentifier, requireTime } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';

export interface AuditEntry {
  readonly at: Date;
  readonly actor: AuditActor;
  /** What happened, as a code: RECEPTION_BEGUN, RESULT_VIEWED, … */
  readonly event: string;
  readonly receptionId?: string;
  readonly kioskId?: string;
  readonly detail?: AuditDetail;
}

const ACTOR_KINDS: readonly AuditActorKind[] = ['kiosk', 'staff', 'terminal'];
const DETAIL_KEY = /^[a-zA-Z]{1,32}$/;
// Upper-case codes, the port's lower-case tokens (face, not-cross-checked, electronic) and digits.
const DETAIL_TEXT = /^(?:[A-Z0-9_]{1,64}(?: \[[A-Z0-9_]{1,12}\])?|[a-z][a-z-]{0,31})$/;

/**
 * Appends one row to the chain. Must run inside the caller's write transaction, next to the change it
 * records, so the change and its audit row commit together or not at all.
 */
export function appendAudit(db: SqliteDatabase, entry: AuditEntry): AuditRow {
  if (!db.inTransaction) throw new StoreError('WRITE_FAILED', 'an audit row is appended only inside the write it records');
  const head = db.prepare('SELECT last_id AS lastId, last_hash AS lastHash FROM audit_head WHERE singleton = 1').get() as
    | { lastId: number; lastHash: string }
    | undefined;
  if (head === undefined) throw new StoreError('WRITE_FAILED', 'the audit head row is missing');
  const row: AuditRow = {
    id: head.lastId + 1,
    at: requireTime(entry.at, 'at'),
    actorKind: ACTOR_KINDS.includes(entry.actor.kind) ? entry.actor.kind : invalidActor(),
    actorId: requireIdentifier(entry.actor.id, 'actor.id'),
    event: requireCode(entry.event, 'event'),
    receptionId: entry.receptionId === undefined ? null : requireIdentifier(entry.receptionId, 'receptionId'),
    kioskId: entry.kioskId === undefined ? null : requireIdentifier(entry.kioskId, 'kioskId'),
    detailJson: canonicalDetailJson(requireCodesOnly(entry.detail ?? {})),
  };
  const hash = auditRowHash(head.lastHash, row);
  db.prepare(
    `INSERT INTO audit_log (id, at, actor_kind, actor_id, event, reception_id, kiosk_id, detail_json, previous_hash, hash)
     VALUES (@id, @at, @actorKind, @actorId, @event, @receptionId, @kioskId, @detailJson, @previousHash, @hash)`,
  ).run({ ...row, previousHash: head.lastHash, hash });
  db.prepare('UPDATE audit_head SET last_id = @id, last_hash = @hash WHERE singleton = 1').run({ id: row.id, hash });
  return row;
}

function requireCodesOnly(detail: AuditDetail): AuditDetail {
  for (const [key, value] of Object.entries(detail)) {
    const fits = typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && DETAIL_TEXT.test(value));
    if (!DETAIL_KEY.test(key) || !fits) throw new StoreError('INVALID_INPUT', `audit detail ${DETAIL_KEY.test(key) ? key : '(key)'} is not a code`);
  }
  return detail;
}

function invalidActor(): never {
  throw new StoreError('INVALID_INPUT', 'actor.kind is not kiosk, staff or terminal');
}
