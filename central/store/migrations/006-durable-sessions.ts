import type { Migration } from './migration';
import { digitsCheck, isoTimestampCheck } from './sql-checks';

/**
 * What used to live in one process's memory, so that a restart, a crash or a second server process
 * over the same store forgets nothing: tokens (by the SHA-256 of the token, never the token itself),
 * 一括照会 receptions with their answers once worked out, and the fault-injection settings every
 * process follows.
 */
export const durableSessionsMigration: Migration = {
  version: 6,
  name: '006-durable-sessions',
  sql: `
CREATE TABLE tokens (
  token_sha256 TEXT PRIMARY KEY CHECK (length(token_sha256) = 64 AND token_sha256 NOT GLOB '*[^0-9a-f]*'),
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  client_certificate_sha256 TEXT NOT NULL CHECK (length(client_certificate_sha256) = 64 AND client_certificate_sha256 NOT GLOB '*[^0-9a-f]*'),
  expires_at TEXT NOT NULL CHECK (${isoTimestampCheck('expires_at')})
) STRICT;
CREATE INDEX tokens_by_expiry ON tokens (expires_at);

CREATE TABLE bulk_receptions (
  reception_number TEXT PRIMARY KEY CHECK (length(reception_number) BETWEEN 1 AND 64),
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  accepted_at TEXT NOT NULL CHECK (${isoTimestampCheck('accepted_at')}),
  ready_at TEXT NOT NULL CHECK (${isoTimestampCheck('ready_at')}),
  judged_on TEXT NOT NULL CHECK (${digitsCheck('judged_on', 8)}),
  arbitrary_file_identifier TEXT,
  -- The uploaded search keys and, once worked out at the first fetch after ready_at, the answer units.
  search_keys_json TEXT NOT NULL CHECK (json_valid(search_keys_json)),
  units_json TEXT CHECK (units_json IS NULL OR json_valid(units_json)),
  collected_at TEXT CHECK (collected_at IS NULL OR ${isoTimestampCheck('collected_at')}),
  CHECK ((units_json IS NULL) = (collected_at IS NULL))
) STRICT;
CREATE INDEX bulk_receptions_open ON bulk_receptions (facility_id, collected_at);

CREATE TABLE fault_settings (
  singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
  version INTEGER NOT NULL,
  config_json TEXT CHECK (config_json IS NULL OR json_valid(config_json))
) STRICT;
INSERT INTO fault_settings (singleton, version, config_json) VALUES (1, 0, NULL);
`,
};
