import { appendAudit } from './audit-log';
import type { AuditActor } from './audit-encoding';
import { StoreError } from './errors';
import { requireCode, requireIdentifier, requireTime } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';
import { writeTransaction } from './write-transaction';

/** An alert as the console lists it: codes, times and the account that acknowledged it. */
export interface StoredAlert {
  readonly id: number;
  readonly kioskId: string;
  readonly receptionId: string | null;
  readonly code: string;
  readonly raisedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
}

export interface AlertRaise {
  readonly kioskId: string;
  readonly receptionId?: string;
  readonly code: string;
  readonly at: Date;
}

const COLUMNS = `id, kiosk_id AS kioskId, reception_id AS receptionId, code, raised_at AS raisedAt,
  acknowledged_at AS acknowledgedAt, acknowledged_by AS acknowledgedBy`;

/**
 * Alerts that stay on every console until a staff member acknowledges them. Raising and
 * acknowledging are each one transaction with their audit row; an alert is never removed.
 */
export class SqliteAlertStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Raises `code` for a kiosk (and its reception); a reception raises each code once. Returns the alert, new or already raised. */
  raise(raise: AlertRaise): StoredAlert {
    const kioskId = requireIdentifier(raise.kioskId, 'kioskId');
    const receptionId = raise.receptionId === undefined ? null : requireIdentifier(raise.receptionId, 'receptionId');
    const code = requireCode(raise.code, 'code');
    const at = requireTime(raise.at, 'at');
    return writeTransaction(this.db, () => {
      if (receptionId !== null) {
        const existing = this.db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE reception_id = ? AND code = ?`).get(receptionId, code) as StoredAlert | undefined;
        if (existing !== undefined) return existing;
      }
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO alerts (kiosk_id, reception_id, code, raised_at) VALUES (?, ?, ?, ?)')
        .run(kioskId, receptionId, code, at);
      appendAudit(this.db, {
        at: raise.at,
        actor: { kind: 'kiosk', id: kioskId },
        event: 'ALERT_RAISED',
        kioskId,
        ...(receptionId === null ? {} : { receptionId }),
        detail: { code },
      });
      return this.byId(Number(lastInsertRowid))!;
    });
  }

  /** Acknowledges an open alert, once, as `staff`. */
  acknowledge(id: number, staff: AuditActor, at: Date): StoredAlert {
    if (!Number.isSafeInteger(id) || id < 1) throw new StoreError('ALERT_NOT_FOUND', 'no such alert');
    const staffId = requireIdentifier(staff.id, 'staff.id');
    const when = requireTime(at, 'at');
    return writeTransaction(this.db, () => {
      const alert = this.byId(id);
      if (alert === undefined) throw new StoreError('ALERT_NOT_FOUND', `no alert ${id}`);
      if (alert.acknowledgedAt !== null) throw new StoreError('ALERT_ALREADY_ACKNOWLEDGED', `alert ${id} is already acknowledged`);
      // An alert raised by a clock ahead of this one is acknowledged at its own raise time, never before it.
      const acknowledgedAt = when < alert.raisedAt ? alert.raisedAt : when;
      this.db.prepare('UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?').run(acknowledgedAt, staffId, id);
      appendAudit(this.db, {
        at: new Date(acknowledgedAt),
        actor: { kind: 'staff', id: staffId },
        event: 'ALERT_ACKNOWLEDGED',
        kioskId: alert.kioskId,
        ...(alert.receptionId === null ? {} : { receptionId: alert.receptionId }),
        detail: { code: alert.code },
      });
      return this.byId(id)!;
    });
  }

  /** Alerts no one has acknowledged yet, oldest first. */
  open(): StoredAlert[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE acknowledged_at IS NULL ORDER BY raised_at, id`).all() as StoredAlert[];
  }

  /** Alerts raised since `since`, acknowledged or not, newest first (at most `limit`). */
  since(since: Date, limit = 500): StoredAlert[] {
    return this.db
      .prepare(`SELECT ${COLUMNS} FROM alerts WHERE raised_at >= ? ORDER BY raised_at DESC, id DESC LIMIT ?`)
      .all(requireTime(since, 'since'), Math.max(1, Math.min(limit, 5000))) as StoredAlert[];
  }

  private byId(id: number): StoredAlert | undefined {
    return this.db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`).get(id) as StoredAlert | undefined;
  }
}
