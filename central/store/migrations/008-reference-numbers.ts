import { refusalOperations, sqlList } from '../codes';
import type { Migration } from './migration';
import { digitsCheck, isoTimestampCheck } from './sql-checks';

/**
 * 照会番号登録 (OQSsiimm01req, oqs-interface.md §6.4): the key a facility gives a person (usually its
 * カルテ番号, at most 50 characters), one per facility and person; registering again replaces it.
 * The refusal audit is rebuilt so its operation column takes the new operation (SQLite cannot change
 * a CHECK in place).
 */
export const referenceNumbersMigration: Migration = {
  version: 8,
  name: '008-reference-numbers',
  sql: `
CREATE TABLE reference_numbers (
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  person_id INTEGER NOT NULL REFERENCES persons (person_id),
  reference_number TEXT NOT NULL CHECK (length(reference_number) BETWEEN 1 AND 50),
  registered_at TEXT NOT NULL CHECK (${isoTimestampCheck('registered_at')}),
  PRIMARY KEY (facility_id, person_id)
) STRICT;

CREATE TABLE refusals_v8 (
  refusal_id INTEGER PRIMARY KEY,
  minute TEXT NOT NULL CHECK (length(minute) = 16),
  source TEXT NOT NULL CHECK (length(source) <= 64),
  medical_institution_code TEXT NOT NULL CHECK (medical_institution_code = '' OR ${digitsCheck('medical_institution_code', 10)}),
  operation TEXT NOT NULL CHECK (operation IN (${sqlList(refusalOperations)})),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64 AND code GLOB '[A-Z]*' AND code NOT GLOB '*[^A-Z0-9_]*'),
  first_at TEXT NOT NULL CHECK (${isoTimestampCheck('first_at')}),
  last_at TEXT NOT NULL CHECK (${isoTimestampCheck('last_at')}),
  count INTEGER NOT NULL CHECK (count >= 1),
  UNIQUE (minute, source, medical_institution_code, operation, code)
) STRICT;
INSERT INTO refusals_v8 (refusal_id, minute, source, medical_institution_code, operation, code, first_at, last_at, count)
  SELECT refusal_id, minute, source, medical_institution_code, operation, code, first_at, last_at, count FROM refusals;
DROP TABLE refusals;
ALTER TABLE refusals_v8 RENAME TO refusals;
CREATE INDEX refusals_by_time ON refusals (first_at);
`,
};
