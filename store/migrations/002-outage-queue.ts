import type { Migration } from '../../kernel/migrations';
import { identifierCheck, isoDateCheck, isoTimestampCheck } from './sql-checks';

/**
 * Receptions queued while the central system was down, with what is needed to ask it again without
 * the patient: the certificate, the method, the consents, the prescription form, and the card face's
 * 生年月日・性別 for the later cross-check. Once done, the certificate and the card face are erased.
 */
export const outageQueue: Migration = {
  version: 2,
  name: '002-outage-queue',
  sql: `
CREATE TABLE outage_queue (
  reception_id TEXT PRIMARY KEY REFERENCES receptions (reception_id),
  kiosk_id TEXT NOT NULL CHECK (${identifierCheck('kiosk_id')}),
  queued_at TEXT NOT NULL CHECK (${isoTimestampCheck('queued_at')}),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'done')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_attempt_at TEXT CHECK (last_attempt_at IS NULL OR ${isoTimestampCheck('last_attempt_at')}),
  done_at TEXT CHECK (done_at IS NULL OR ${isoTimestampCheck('done_at')}),
  certificate_der BLOB CHECK (certificate_der IS NULL OR length(certificate_der) BETWEEN 1 AND 8192),
  method TEXT NOT NULL CHECK (method IN ('face', 'pin', 'visual')),
  consents_json TEXT NOT NULL CHECK (json_valid(consents_json) AND json_type(consents_json) = 'object'),
  prescription_form TEXT CHECK (prescription_form IS NULL OR prescription_form IN ('electronic', 'paper')),
  card_birth_date TEXT CHECK (card_birth_date IS NULL OR ${isoDateCheck('card_birth_date')}),
  card_sex_code TEXT CHECK (card_sex_code IS NULL OR card_sex_code IN ('1', '2', '3')),
  CHECK ((status = 'done') = (done_at IS NOT NULL)),
  CHECK ((status = 'done') = (certificate_der IS NULL)),
  CHECK (status <> 'done' OR card_birth_date IS NULL),
  CHECK ((card_birth_date IS NULL) = (card_sex_code IS NULL))
) STRICT;
CREATE INDEX outage_queue_by_status ON outage_queue (status, queued_at);
`,
};
