import { refusalOperations, sqlList } from '../codes';
import type { Migration } from './migration';
import { digitsCheck, isoTimestampCheck } from './sql-checks';

/**
 * The refusal audit, bounded: refusals of one source (the peer's address), facility, operation and code
 * within one minute are one row with a count, so anonymous traffic cannot grow the store without end.
 * No facility is '' here (not NULL), so the row's identity is a plain unique key. Rows of version 6
 * come through counted the same way (per minute, facility, operation and code) from an unknown source.
 */
export const refusalAggregationMigration: Migration = {
  version: 7,
  name: '007-refusal-aggregation',
  sql: `
CREATE TABLE refusals_v7 (
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
INSERT INTO refusals_v7 (refusal_id, minute, source, medical_institution_code, operation, code, first_at, last_at, count)
  SELECT min(refusal_id), substr(occurred_at, 1, 16), '', ifnull(medical_institution_code, ''), operation, code, min(occurred_at), max(occurred_at), count(*)
  FROM refusals GROUP BY substr(occurred_at, 1, 16), ifnull(medical_institution_code, ''), operation, code;
DROP TABLE refusals;
ALTER TABLE refusals_v7 RENAME TO refusals;
CREATE INDEX refusals_by_time ON refusals (first_at);
`,
};
