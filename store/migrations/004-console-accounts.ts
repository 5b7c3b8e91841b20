import type { Migration } from '../../kernel/migrations';
import { isoTimestampCheck, sha256HexCheck } from './sql-checks';

/** Sealed TOTP secrets: `v1.` and base64url parts (AES-256-GCM under the terminal's console key). */
const sealedCheck = (column: string) => `${column} IS NULL OR (${column} GLOB 'v1.*' AND length(${column}) <= 256 AND ${column} NOT GLOB '*[^A-Za-z0-9_.-]*')`;

/**
 * The staff console's accounts and sessions. Staff, not patients: a login name and a display name are
 * the only words about a person. A password is kept as its scrypt hash with the parameters beside it,
 * a TOTP secret only sealed, a session only as the SHA-256 of its id (the id itself lives in the
 * staff member's cookie). Changes are audited in the hash-chained audit log of 001.
 */
export const consoleAccounts: Migration = {
  version: 4,
  name: '004-console-accounts',
  sql: `
CREATE TABLE console_accounts (
  account_id INTEGER PRIMARY KEY CHECK (account_id > 0),
  -- Lower-case letters, digits and _ . - (it is the audit log's actor id): uketsuke-01, admin.
  login_name TEXT NOT NULL UNIQUE CHECK (length(login_name) BETWEEN 1 AND 32 AND login_name GLOB '[a-z0-9]*' AND login_name NOT GLOB '*[^a-z0-9_.-]*'),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 64 AND display_name = trim(display_name)),
  role TEXT NOT NULL CHECK (role IN ('reception', 'clinician', 'admin')),
  -- scrypt$N=…,r=…,p=…$salt$hash (base64): the parameters travel with the hash.
  password_hash TEXT NOT NULL CHECK (password_hash GLOB 'scrypt$*' AND length(password_hash) <= 256),
  must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until TEXT CHECK (locked_until IS NULL OR ${isoTimestampCheck('locked_until')}),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  totp_secret_sealed TEXT CHECK (${sealedCheck('totp_secret_sealed')}),
  -- A secret handed out for enrolment, active only once a code from it is confirmed.
  totp_pending_sealed TEXT CHECK (${sealedCheck('totp_pending_sealed')}),
  -- The last 30-second step whose code was accepted: a code is good once.
  totp_last_step INTEGER CHECK (totp_last_step IS NULL OR totp_last_step >= 0),
  created_at TEXT NOT NULL CHECK (${isoTimestampCheck('created_at')}),
  updated_at TEXT NOT NULL CHECK (${isoTimestampCheck('updated_at')})
) STRICT;

CREATE TABLE console_sessions (
  session_hash TEXT PRIMARY KEY CHECK (${sha256HexCheck('session_hash')}),
  account_id INTEGER NOT NULL REFERENCES console_accounts (account_id) ON DELETE CASCADE,
  created_at TEXT NOT NULL CHECK (${isoTimestampCheck('created_at')}),
  last_seen_at TEXT NOT NULL CHECK (${isoTimestampCheck('last_seen_at')}),
  CHECK (last_seen_at >= created_at)
) STRICT;
CREATE INDEX console_sessions_by_account ON console_sessions (account_id);
`,
};
