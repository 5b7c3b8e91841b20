import { createHash } from 'node:crypto';

/**
 * How an audit row is hashed. The encoding is a JSON array of the row's fields in a fixed order
 * (strings, integers and nulls only, so JSON.stringify is canonical); the id is part of it, so moving
 * a row's content to another id breaks the chain. Changing this breaks every stored chain: don't.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type AuditActorKind = 'kiosk' | 'staff' | 'terminal';

/** Who acted: a kiosk (by kiosk id), a staff account, or the terminal itself (the outage worker). */
export interface AuditActor {
  readonly kind: AuditActorKind;
  readonly id: string;
}

/** Codes only: each value an upper-case code, a known lower-case token, a count or a flag. */
export type AuditDetail = Readonly<Record<string, string | number | boolean>>;

export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly actorKind: AuditActorKind;
  readonly actorId: string;
  readonly event: string;
  readonly receptionId: string | null;
  readonly kioskId: string | null;
  readonly detailJson: string;
}

export function canonicalAuditEncoding(row: AuditRow): string {
  return JSON.stringify([row.id, row.at, row.actorKind, row.actorId, row.event, row.receptionId, row.kioskId, row.detailJson]);
}

export function auditRowHash(previousHash: string, row: AuditRow): string {
  return createHash('sha256').update(previousHash, 'utf8').update('\n').update(canonicalAuditEncoding(row), 'utf8').digest('hex');
}

/** The detail as stored: keys sorted, so the same facts always give the same text. */
export function canonicalDetailJson(detail: AuditDetail): string {
  return JSON.stringify(Object.fromEntries(Object.keys(detail).sort().map((key) => [key, detail[key]])));
}
