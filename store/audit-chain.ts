import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** One audit entry: who did what, when, for which reception at which kiosk. Codes only, never data. */
export interface AuditEntry {
  readonly at: Date;
  /** `kiosk:<id>` for the flow, `staff:<account>` for a person, `terminal` for the terminal itself. */
  readonly actor: string;
  readonly action: string;
  readonly receptionId?: string | undefined;
  readonly kioskId?: string | undefined;
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

export type ChainVerification = { readonly ok: true; readonly count: number } | { readonly ok: false; readonly firstBadId: number; readonly reason: string };

const GENESIS = '0'.repeat(64);

interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  reception_id: string | null;
  kiosk_id: string | null;
  detail: string;
  previous_hash: string;
  hash: string;
}

function hashOf(row: Omit<AuditRow, 'id' | 'hash'>): string {
  // Length-prefixed fields: no two different rows encode alike.
  const fields = [row.previous_hash, row.at, row.actor, row.action, row.reception_id ?? '', row.kiosk_id ?? '', row.detail];
  const hash = createHash('sha256');
  for (const field of fields) hash.update(`${Buffer.byteLength(field)}:${field};`);
  return hash.digest('hex');
}

/** Appends within the caller's transaction, so an entry and the change it records commit together. */
export function appendAudit(db: Database.Database, entry: AuditEntry): void {
  const last = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const row = {
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    reception_id: entry.receptionId ?? null,
    kiosk_id: entry.kioskId ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    previous_hash: last?.hash ?? GENESIS,
  };
  db.prepare(
    'INSERT INTO audit_log (at, actor, action, reception_id, kiosk_id, detail, previous_hash, hash) VALUES (@at, @actor, @action, @reception_id, @kiosk_id, @detail, @previous_hash, @hash)',
  ).run({ ...row, hash: hashOf(row) });
}

/** Walks the whole chain: an edited, deleted, inserted or reordered entry breaks it. */
export function verifyAuditChain(db: Database.Database): ChainVerification {
  let previous = GENESIS;
  let count = 0;
  let lastId = 0;
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<AuditRow>) {
    if (row.previous_hash !== previous) return { ok: false, firstBadId: row.id, reason: 'does not follow the entry before it' };
    if (row.id <= lastId) return { ok: false, firstBadId: row.id, reason: 'out of order' };
    if (hashOf(row) !== row.hash) return { ok: false, firstBadId: row.id, reason: 'its content was changed' };
    previous = row.hash;
    lastId = row.id;
    count += 1;
  }
  return { ok: true, count };
}
