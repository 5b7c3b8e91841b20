import { centralOperations, consentCategories, consentSources, providedDataCategories, sqlList } from '../codes';
import type { Migration } from './migration';
import { digitsCheck, isoTimestampCheck } from './sql-checks';

/**
 * Facilities, 閲覧同意 per facility × person × category, the provision history the person can read
 * (マイナポータル やりとり履歴), and the audit of refused requests. Times are ISO 8601 UTC text from
 * `Date.prototype.toISOString()`, so comparing text compares time.
 */
export const facilitiesConsentsHistory: Migration = {
  version: 3,
  name: '003-facilities-consents-history',
  sql: `
CREATE TABLE facilities (
  facility_id INTEGER PRIMARY KEY,
  medical_institution_code TEXT NOT NULL UNIQUE CHECK (${digitsCheck('medical_institution_code', 10)}),
  name TEXT NOT NULL CHECK (length(name) > 0),
  -- SHA-256 of the facility's client certificate (mutual TLS); a placeholder until the mock checks it.
  client_certificate_sha256 TEXT CHECK (length(client_certificate_sha256) = 64 AND client_certificate_sha256 NOT GLOB '*[^0-9a-f]*')
) STRICT;

CREATE TABLE consents (
  consent_id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  person_id INTEGER NOT NULL REFERENCES persons (person_id),
  category TEXT NOT NULL CHECK (category IN (${sqlList(consentCategories)})),
  -- 0: the person declined at this reading, which also ends an earlier consent of this category.
  granted INTEGER NOT NULL CHECK (granted IN (0, 1)),
  consented_at TEXT NOT NULL CHECK (${isoTimestampCheck('consented_at')}),
  expires_at TEXT NOT NULL CHECK (${isoTimestampCheck('expires_at')}),
  source TEXT NOT NULL CHECK (source IN (${sqlList(consentSources)})),
  CHECK (expires_at > consented_at),
  -- Target of the provisions' composite foreign key below.
  UNIQUE (consent_id, facility_id, person_id)
) STRICT;
CREATE INDEX consents_by_facility_person ON consents (facility_id, person_id, category, consented_at);

CREATE TABLE provisions (
  provision_id INTEGER PRIMARY KEY,
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  person_id INTEGER NOT NULL REFERENCES persons (person_id),
  operation TEXT NOT NULL CHECK (operation IN (${sqlList(centralOperations)})),
  consent_id INTEGER,
  provided_at TEXT NOT NULL CHECK (${isoTimestampCheck('provided_at')}),
  -- The consent cited must be this facility's, for this person; NULL (資格情報) skips the check.
  FOREIGN KEY (consent_id, facility_id, person_id) REFERENCES consents (consent_id, facility_id, person_id)
) STRICT;
CREATE INDEX provisions_by_person ON provisions (person_id, provided_at);

CREATE TABLE provision_data_categories (
  provision_id INTEGER NOT NULL REFERENCES provisions (provision_id) ON DELETE CASCADE,
  data_category TEXT NOT NULL CHECK (data_category IN (${sqlList(providedDataCategories)})),
  PRIMARY KEY (provision_id, data_category)
) STRICT;

-- Refused requests. Codes are upper-case identifiers, so no personal data can land here; the
-- facility code is kept as text because an unknown facility is refused too.
CREATE TABLE refusals (
  refusal_id INTEGER PRIMARY KEY,
  occurred_at TEXT NOT NULL CHECK (${isoTimestampCheck('occurred_at')}),
  medical_institution_code TEXT CHECK (${digitsCheck('medical_institution_code', 10)}),
  operation TEXT NOT NULL CHECK (operation IN (${sqlList(centralOperations)})),
  code TEXT NOT NULL CHECK (length(code) BETWEEN 1 AND 64 AND code GLOB '[A-Z]*' AND code NOT GLOB '*[^A-Z0-9_]*')
) STRICT;
CREATE INDEX refusals_by_time ON refusals (occurred_at);
`,
};
