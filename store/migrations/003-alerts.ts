import type { Migration } from '../../kernel/migrations';
import { codeCheck, identifierCheck, isoTimestampCheck } from './sql-checks';

/**
 * Alerts staff must see until one of them acknowledges it: raised by a kiosk's reception (PIN lock,
 * 紐付け mismatch, outage, staff called, …), acknowledged once, by an account, never removed. Codes only.
 */
export const alerts: Migration = {
  version: 3,
  name: '003-alerts',
  sql: `
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY CHECK (id > 0),
  kiosk_id TEXT NOT NULL CHECK (${identifierCheck('kiosk_id')}),
  reception_id TEXT REFERENCES receptions (reception_id),
  code TEXT NOT NULL CHECK (${codeCheck('code')}),
  raised_at TEXT NOT NULL CHECK (${isoTimestampCheck('raised_at')}),
  acknowledged_at TEXT CHECK (acknowledged_at IS NULL OR ${isoTimestampCheck('acknowledged_at')}),
  acknowledged_by TEXT CHECK (acknowledged_by IS NULL OR ${identifierCheck('acknowledged_by')}),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
  CHECK (acknowledged_at IS NULL OR acknowledged_at >= raised_at)
) STRICT;
-- A reception raises each code once.
CREATE UNIQUE INDEX alerts_once_per_reception ON alerts (reception_id, code) WHERE reception_id IS NOT NULL;
CREATE INDEX alerts_open ON alerts (raised_at) WHERE acknowledged_at IS NULL;

-- An alert is acknowledged once and otherwise never changes or goes.
CREATE TRIGGER alerts_acknowledge_once BEFORE UPDATE ON alerts
  WHEN OLD.acknowledged_at IS NOT NULL
    OR NEW.id IS NOT OLD.id OR NEW.kiosk_id IS NOT OLD.kiosk_id OR NEW.reception_id IS NOT OLD.reception_id
    OR NEW.code IS NOT OLD.code OR NEW.raised_at IS NOT OLD.raised_at
  BEGIN SELECT RAISE(ABORT, 'ALERT_ACKNOWLEDGE_ONCE'); END;
CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'ALERT_KEPT'); END;
`,
};
