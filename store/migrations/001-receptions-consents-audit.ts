import type { Migration } from '../../kernel/migrations';
import { codeCheck, identifierCheck, isoTimestampCheck, sha256HexCheck } from './sql-checks';

/**
 * Receptions (codes only: no name, no face, no PIN, no answer document), the consents given at this
 * terminal, and the hash-chained audit log. Value lists are written out here, not taken from code, so
 * this released step never changes under a later edit.
 */
export const receptionsConsentsAudit: Migration = {
  version: 1,
  name: '001-receptions-consents-audit',
  sql: `
CREATE TABLE receptions (
  reception_id TEXT PRIMARY KEY CHECK (${identifierCheck('reception_id')}),
  kiosk_id TEXT NOT NULL CHECK (${identifierCheck('kiosk_id')}),
  state TEXT NOT NULL CHECK (state IN ('open', 'completed', 'queued', 'handed-to-staff', 'abandoned')),
  method TEXT CHECK (method IS NULL OR method IN ('face', 'pin', 'visual')),
  -- Why a handover or abandon happened (PIN_LAST_TRY, CARD_REMOVED, ...).
  ending_code TEXT CHECK (ending_code IS NULL OR ${codeCheck('ending_code')}),
  processing_result_status TEXT CHECK (processing_result_status IS NULL OR processing_result_status GLOB '[0-9]'),
  processing_result_code TEXT CHECK (processing_result_code IS NULL OR ${codeCheck('processing_result_code')}),
  qualification_validity TEXT CHECK (qualification_validity IS NULL OR qualification_validity GLOB '[1-6]'),
  cross_check TEXT CHECK (cross_check IS NULL OR cross_check IN ('matched', 'not-cross-checked')),
  started_at TEXT NOT NULL CHECK (${isoTimestampCheck('started_at')}),
  ended_at TEXT CHECK (ended_at IS NULL OR ${isoTimestampCheck('ended_at')}),
  CHECK ((state = 'open') = (ended_at IS NULL)),
  CHECK ((state = 'completed') = (processing_result_status IS NOT NULL)),
  CHECK ((state = 'completed') = (cross_check IS NOT NULL)),
  CHECK ((state IN ('handed-to-staff', 'abandoned')) = (ending_code IS NOT NULL))
) STRICT;
CREATE INDEX receptions_by_start ON receptions (started_at);

-- The patient's answers on this terminal's consent screens; valid for 24 hours from the answer.
CREATE TABLE consents (
  reception_id TEXT NOT NULL REFERENCES receptions (reception_id),
  category TEXT NOT NULL CHECK (category IN ('pharmaceutical', 'specificHealthCheckups', 'diagnosis', 'operation')),
  agreed INTEGER NOT NULL CHECK (agreed IN (0, 1)),
  given_at TEXT NOT NULL CHECK (${isoTimestampCheck('given_at')}),
  expires_at TEXT NOT NULL CHECK (${isoTimestampCheck('expires_at')}),
  CHECK (expires_at > given_at),
  PRIMARY KEY (reception_id, category)
) STRICT;

-- Append-only: hash = sha256(previous_hash || canonical encoding of this row). Ids are dense (1, 2, ...)
-- and audit_head holds the last link, so a deleted row, even the last, is found by the verifier.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY CHECK (id > 0),
  at TEXT NOT NULL CHECK (${isoTimestampCheck('at')}),
  actor_kind TEXT NOT NULL CHECK (actor_kind IN ('kiosk', 'staff', 'terminal')),
  actor_id TEXT NOT NULL CHECK (${identifierCheck('actor_id')}),
  event TEXT NOT NULL CHECK (${codeCheck('event')}),
  reception_id TEXT CHECK (reception_id IS NULL OR ${identifierCheck('reception_id')}),
  kiosk_id TEXT CHECK (kiosk_id IS NULL OR ${identifierCheck('kiosk_id')}),
  detail_json TEXT NOT NULL CHECK (json_valid(detail_json) AND json_type(detail_json) = 'object' AND length(detail_json) <= 512),
  previous_hash TEXT NOT NULL CHECK (${sha256HexCheck('previous_hash')}),
  hash TEXT NOT NULL UNIQUE CHECK (${sha256HexCheck('hash')})
) STRICT;
CREATE INDEX audit_log_by_reception ON audit_log (reception_id) WHERE reception_id IS NOT NULL;

CREATE TABLE audit_head (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  last_id INTEGER NOT NULL CHECK (last_id >= 0),
  last_hash TEXT NOT NULL CHECK (${sha256HexCheck('last_hash')})
) STRICT;
INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, 0, '${'0'.repeat(64)}');

-- The product never changes or removes an audit row; these stop a bug from doing so by accident
-- (someone with the file can drop them, which is what the hash chain is for).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY'); END;
`,
};
