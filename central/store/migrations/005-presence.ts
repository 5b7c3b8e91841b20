import type { Migration } from './migration';
import { isoTimestampCheck } from './sql-checks';

/**
 * Proof of presence. A challenge is issued to one audience — a facility's connection (`card`: the
 * reader's proof for a card request) or a person (`portal`: やりとり履歴) — and consumed once. Reader
 * keys are the keys a facility's readers attest with, registered per facility like its client
 * certificate and found by the SHA-256 of their SubjectPublicKeyInfo.
 */
export const presenceMigration: Migration = {
  version: 5,
  name: '005-presence',
  sql: `
CREATE TABLE challenges (
  challenge_hex TEXT PRIMARY KEY CHECK (length(challenge_hex) = 64 AND challenge_hex NOT GLOB '*[^0-9a-f]*'),
  audience TEXT NOT NULL CHECK (audience IN ('card', 'portal')),
  -- Who may use it: the facility and the client certificate of the connection it was issued over.
  facility_id INTEGER REFERENCES facilities (facility_id),
  client_certificate_sha256 TEXT CHECK (length(client_certificate_sha256) = 64 AND client_certificate_sha256 NOT GLOB '*[^0-9a-f]*'),
  issued_at TEXT NOT NULL CHECK (${isoTimestampCheck('issued_at')}),
  expires_at TEXT NOT NULL CHECK (${isoTimestampCheck('expires_at')}),
  CHECK (expires_at > issued_at),
  CHECK ((audience = 'card') = (facility_id IS NOT NULL AND client_certificate_sha256 IS NOT NULL))
) STRICT;
CREATE INDEX challenges_by_expiry ON challenges (expires_at);

CREATE TABLE reader_keys (
  spki_sha256 TEXT PRIMARY KEY CHECK (length(spki_sha256) = 64 AND spki_sha256 NOT GLOB '*[^0-9a-f]*'),
  facility_id INTEGER NOT NULL REFERENCES facilities (facility_id),
  public_key_spki BLOB NOT NULL CHECK (length(public_key_spki) BETWEEN 32 AND 2048)
) STRICT;
CREATE INDEX reader_keys_by_facility ON reader_keys (facility_id);
`,
};
