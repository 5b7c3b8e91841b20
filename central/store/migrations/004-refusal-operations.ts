import { refusalOperations, sqlList } from '../codes';
import type { Migration } from './migration';
import { digitsCheck, isoTimestampCheck } from './sql-checks';

/**
 * Refusals happen before an operation is known too (a revoked client certificate, an expired token,
 * a body that is not a message), so the audit's operation column takes the wider list. SQLite cannot
 * change a CHECK in place: the table is rebuilt and its rows copied.
 */
export const refusalOperationsMigration: Migration = {
  version: 4,
  name: '004-refusal-operations',
  sql: `
CREATE TABLE refusals_v4 (
  refusal_id INTEGER PRIMARY KEY,
  occurred_at TEXT NOT NULL CHECK (${isoTimestampCheck('occurred_at')}),
  medical_institution_code TEXT CHECK (${digitsCheck('medical_institution_code', 10)}),
  operation TEXT NOT NULL CHECK (operation IN (${sqlList(refusalOperations)})),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64 AND code GLOB '[A-Z]*' AND code NOT GLOB '*[^A-Z0-9_]*')
) STRICT;
INSERT INTO refusals_v4 (refusal_id, occurred_at, medical_institution_code, operation, code)
  SELECT refusal_id, occurred_at, medical_institution_code, operation, code FROM refusals;
DROP TABLE refusals;
ALTER TABLE refusals_v4 RENAME TO refusals;
CREATE INDEX refusals_by_time ON refusals (occurred_at);
`,
};
