import type { Migration } from '../kernel/migrations';

/**
 * The terminal store's schema, one numbered step each. Nothing here may hold a face image or
 * descriptor, a PIN, 照合番号B or a name: receptions are ids, kiosks, times, methods and codes.
 */
export const TERMINAL_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'receptions, consents, outage queue, audit chain',
    sql: `
      CREATE TABLE receptions (
        reception_id TEXT PRIMARY KEY,
        kiosk_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        ending TEXT CHECK (ending IN ('completed', 'queued', 'handed-to-staff', 'abandoned')),
        ending_code TEXT,
        method TEXT CHECK (method IN ('face', 'pin', 'visual')),
        processing_result_status TEXT,
        qualification_validity TEXT,
        cross_check TEXT CHECK (cross_check IN ('matched', 'not-cross-checked'))
      ) STRICT;
      CREATE TABLE consents (
        reception_id TEXT NOT NULL REFERENCES receptions (reception_id),
        category TEXT NOT NULL,
        agreed INTEGER NOT NULL CHECK (agreed IN (0, 1)),
        given_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (reception_id, category)
      ) STRICT;
      CREATE TABLE outage_queue (
        reception_id TEXT PRIMARY KEY REFERENCES receptions (reception_id),
        kiosk_id TEXT NOT NULL,
        queued_at TEXT NOT NULL,
        request TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'done')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        reception_id TEXT,
        kiosk_id TEXT,
        detail TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `,
  },
];
