import type { AuditActorKind } from './audit-encoding';
import { StoreError } from './errors';
import { requireIdentifier, requireTime } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';
import { verifyAuditChain } from './verify-audit-chain';
import type { AuditChainVerdict } from './verify-audit-chain';

/**
 * What an auditor asks of the log. Every filter is optional; given ones must all hold. Times are a
 * half-open range on the row's `at`: from ≤ at < to.
 */
export interface AuditQuery {
  readonly from?: Date;
  readonly to?: Date;
  readonly actorKind?: AuditActorKind;
  readonly actorId?: string;
  /** The event code starts with this (RECEPTION_, LOGIN_, INQUIRY_, …), or equals it. */
  readonly eventPrefix?: string;
  readonly receptionId?: string;
  readonly kioskId?: string;
  /** The keyed pseudonym of the person a 照会 asked about (the `subject` of its detail). */
  readonly subject?: string;
  /** The cursor: only rows with an id below this one (the `nextBefore` of the page before). */
  readonly before?: number;
  /** Rows per page, 1–500 (default 100). */
  readonly limit?: number;
}

export type AuditDetailValue = string | number | boolean | null;

/** One row as an auditor reads it: the stored codes, the detail parsed. */
export interface AuditLogEntry {
  readonly id: number;
  readonly at: string;
  readonly actorKind: string;
  readonly actorId: string;
  readonly event: string;
  readonly receptionId: string | null;
  readonly kioskId: string | null;
  readonly detail: Readonly<Record<string, AuditDetailValue>>;
}

export interface AuditPage {
  /** Newest first (by id, the log's own order). */
  readonly rows: readonly AuditLogEntry[];
  /** The `before` of the next (older) page, or null when this page reaches the oldest matching row. */
  readonly nextBefore: number | null;
  /** The whole chain walked, at the same snapshot as the rows. */
  readonly verdict: AuditChainVerdict;
}

export const AUDIT_PAGE_MAX = 500;
export const AUDIT_PAGE_DEFAULT = 100;

const ACTOR_KINDS: readonly AuditActorKind[] = ['kiosk', 'staff', 'terminal'];
const EVENT_PREFIX = /^[A-Z0-9_]{1,64}$/;
const SUBJECT = /^[0-9A-F]{64}$/;

interface StoredRow {
  id: number;
  at: string;
  actorKind: string;
  actorId: string;
  event: string;
  receptionId: string | null;
  kioskId: string | null;
  detailJson: string;
}

function invalid(field: string, expected: string): never {
  throw new StoreError('INVALID_INPUT', `${field} is not ${expected}`);
}

/** The filters as SQL conditions and their parameters; every value checked first, none echoed. */
function conditionsOf(query: AuditQuery): { where: string; params: Record<string, string | number> } {
  const clauses: string[] = [];
  const params: Record<string, string | number> = {};
  if (query.from !== undefined) {
    params['from'] = requireTime(query.from, 'from');
    clauses.push('at >= @from');
  }
  if (query.to !== undefined) {
    params['to'] = requireTime(query.to, 'to');
    clauses.push('at < @to');
  }
  if (query.actorKind !== undefined) {
    params['actorKind'] = ACTOR_KINDS.includes(query.actorKind) ? query.actorKind : invalid('actorKind', 'kiosk, staff or terminal');
    clauses.push('actor_kind = @actorKind');
  }
  if (query.actorId !== undefined) {
    params['actorId'] = requireIdentifier(query.actorId, 'actorId');
    clauses.push('actor_id = @actorId');
  }
  if (query.eventPrefix !== undefined) {
    // Not LIKE: `_` is a wildcard there and part of every code here.
    params['eventPrefix'] = typeof query.eventPrefix === 'string' && EVENT_PREFIX.test(query.eventPrefix) ? query.eventPrefix : invalid('eventPrefix', 'an upper-case code');
    clauses.push('substr(event, 1, length(@eventPrefix)) = @eventPrefix');
  }
  if (query.receptionId !== undefined) {
    params['receptionId'] = requireIdentifier(query.receptionId, 'receptionId');
    clauses.push('reception_id = @receptionId');
  }
  if (query.kioskId !== undefined) {
    params['kioskId'] = requireIdentifier(query.kioskId, 'kioskId');
    clauses.push('kiosk_id = @kioskId');
  }
  if (query.subject !== undefined) {
    params['subject'] = typeof query.subject === 'string' && SUBJECT.test(query.subject) ? query.subject : invalid('subject', '64 upper-case hex digits');
    clauses.push("json_extract(detail_json, '$.subject') = @subject");
  }
  if (query.before !== undefined) {
    params['before'] = Number.isSafeInteger(query.before) && query.before > 0 ? query.before : invalid('before', 'a positive row id');
    clauses.push('id < @before');
  }
  return { where: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

function limitOf(limit: number | undefined): number {
  if (limit === undefined) return AUDIT_PAGE_DEFAULT;
  return Number.isSafeInteger(limit) && limit >= 1 && limit <= AUDIT_PAGE_MAX ? limit : invalid('limit', `a whole number from 1 to ${AUDIT_PAGE_MAX}`);
}

/**
 * The stored detail as values to show. The writer keeps it to codes, counts and flags; a row someone
 * edited in the file may hold anything JSON can, so anything else is shown as its JSON text.
 */
function detailOf(detailJson: string): Record<string, AuditDetailValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detailJson);
  } catch {
    return { detailJson };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { detailJson };
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [
      key,
      value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : JSON.stringify(value),
    ]),
  );
}

/**
 * One page of the audit log, newest first, with the verdict of the whole chain. Reads only, in one
 * snapshot, so the rows and the verdict describe the same log. Bad filters are refused with
 * INVALID_INPUT naming the filter, never its value.
 */
export function queryAuditLog(db: SqliteDatabase, query: AuditQuery = {}): AuditPage {
  const { where, params } = conditionsOf(query);
  const limit = limitOf(query.limit);
  const read = db.transaction((): AuditPage => {
    const stored = db
      .prepare(
        `SELECT id, at, actor_kind AS actorKind, actor_id AS actorId, event, reception_id AS receptionId, kiosk_id AS kioskId, detail_json AS detailJson
           FROM audit_log ${where} ORDER BY id DESC LIMIT @limitPlusOne`,
      )
      .all({ ...params, limitPlusOne: limit + 1 }) as StoredRow[];
    const page = stored.slice(0, limit);
    const rows = page.map(({ detailJson, ...fields }) => ({ ...fields, detail: detailOf(detailJson) }));
    return { rows, nextBefore: stored.length > limit ? page[page.length - 1]!.id : null, verdict: verifyAuditChain(db) };
  });
  return read.deferred();
}
