import type { Migration } from '../../kernel/migrations';
import { identifierCheck, isoTimestampCheck, sha256HexCheck } from './sql-checks';

/**
 * The facility settings an administrator saved on the console, every version kept: the terminal
 * starts from the configuration file with the newest version laid over it. A version is never changed
 * or removed; its SHA-256 sits beside it so that a hand edit of the file shows. The audit row of each
 * save (SETTINGS_CHANGED, in 001's chain) names the account and the version. No person's data: the
 * document holds codes, kiosk names and time limits only.
 */
export const facilitySettings: Migration = {
  version: 5,
  name: '005-facility-settings',
  sql: `
CREATE TABLE facility_settings (
  version INTEGER PRIMARY KEY CHECK (version > 0),
  saved_at TEXT NOT NULL CHECK (${isoTimestampCheck('saved_at')}),
  saved_by TEXT NOT NULL CHECK (${identifierCheck('saved_by')}),
  settings_json TEXT NOT NULL CHECK (length(settings_json) BETWEEN 2 AND 65536 AND json_valid(settings_json)),
  settings_sha256 TEXT NOT NULL CHECK (${sha256HexCheck('settings_sha256')})
) STRICT;

CREATE TRIGGER facility_settings_no_update BEFORE UPDATE ON facility_settings BEGIN SELECT RAISE(ABORT, 'SETTINGS_KEPT'); END;
CREATE TRIGGER facility_settings_no_delete BEFORE DELETE ON facility_settings BEGIN SELECT RAISE(ABORT, 'SETTINGS_KEPT'); END;
`,
};
