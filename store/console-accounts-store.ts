import type { AuditActor, AuditDetail } from './audit-encoding';
import { appendAudit } from './audit-log';
import { StoreError } from './errors';
import { requireTime } from './input-checks';
import type { SqliteDatabase } from './sqlite-driver';

/**
 * The staff console's accounts and sessions (migration 003). Mechanism only: what counts as a good
 * password, when a session has expired and how many failures lock an account are the console's
 * decisions (terminal/console/auth), passed in where a write needs them. Every write is one IMMEDIATE
 * transaction with its audit row; a password, a TOTP code or secret and a session id never reach the
 * audit log (its details take codes and counts only).
 */

export const CONSOLE_ROLES = ['reception', 'clinician', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** An account as the console may show it: no hash, no secret. */
export interface ConsoleAccount {
  readonly id: number;
  readonly login: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
  readonly mustChangePassword: boolean;
  readonly failedLogins: number;
  readonly lockedUntil: Date | null;
  readonly disabled: boolean;
  readonly totpEnrolled: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What sign-in needs besides: only the auth module reads these, no API returns them. */
export interface ConsoleAccountCredentials {
  readonly account: ConsoleAccount;
  readonly passwordHash: string;
  readonly totpSecretSealed: string | null;
  readonly totpPendingSealed: string | null;
  readonly totpLastStep: number | null;
}

export interface ConsoleSessionRecord {
  readonly account: ConsoleAccount;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

export interface NewConsoleAccount {
  readonly login: string;
  readonly displayName: string;
  readonly role: ConsoleRole;
  readonly passwordHash: string;
  readonly mustChangePassword: boolean;
}

export interface ConsoleAccountChanges {
  readonly displayName?: string;
  readonly role?: ConsoleRole;
  readonly disabled?: boolean;
}

/** How a failure counts: after `maxFailures` in a row the account is locked until `at + lockForMs`. */
export interface LockoutRule {
  readonly maxFailures: number;
  readonly lockForMs: number;
}

/** Why a login was refused, as audited. */
export type LoginFailureReason = 'BAD_PASSWORD' | 'BAD_TOTP';
export type LoginRefusalReason = 'UNKNOWN_ACCOUNT' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED';
export type SessionEndReason = 'LOGOUT' | 'IDLE_TIMEOUT' | 'ABSOLUTE_TIMEOUT';

/** The terminal itself when no account acts: the first start, or a login for a name nobody has. */
export const CONSOLE_FIRST_START: AuditActor = { kind: 'terminal', id: 'first-start' };
const CONSOLE_LOGIN: AuditActor = { kind: 'terminal', id: 'console-login' };

const LOGIN = /^[a-z0-9][a-z0-9_.-]{0,31}$/;
const SESSION_HASH = /^[0-9a-f]{64}$/;
const SEALED = /^v1\.[A-Za-z0-9_.-]{1,252}$/;

interface AccountRow {
  account_id: number;
  login_name: string;
  display_name: string;
  role: ConsoleRole;
  password_hash: string;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  totp_secret_sealed: string | null;
  totp_pending_sealed: string | null;
  totp_last_step: number | null;
  created_at: string;
  updated_at: string;
}

function accountOf(row: AccountRow): ConsoleAccount {
  return {
    id: row.account_id,
    login: row.login_name,
    displayName: row.display_name,
    role: row.role,
    mustChangePassword: row.must_change_password === 1,
    failedLogins: row.failed_logins,
    lockedUntil: row.locked_until === null ? null : new Date(row.locked_until),
    disabled: row.disabled === 1,
    totpEnrolled: row.totp_secret_sealed !== null,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function invalid(field: string, expected: string): never {
  throw new StoreError('INVALID_INPUT', `${field} is not ${expected}`);
}

export function isConsoleRole(value: unknown): value is ConsoleRole {
  return (CONSOLE_ROLES as readonly unknown[]).includes(value);
}

export function requireLogin(value: unknown): string {
  return typeof value === 'string' && LOGIN.test(value) ? value : invalid('login', 'lower-case letters, digits and _ . - (at most 32, starting with a letter or digit)');
}

function requireDisplayName(value: unknown): string {
  // Control characters would let a name forge lines in whatever prints it.
  const fits = typeof value === 'string' && value.length >= 1 && value.length <= 64 && value === value.trim() && !/\p{Cc}/u.test(value);
  return fits ? value : invalid('displayName', 'a trimmed name of 1 to 64 characters');
}

function requireRole(value: unknown): ConsoleRole {
  return isConsoleRole(value) ? value : invalid('role', 'reception, clinician or admin');
}

function requireSessionHash(value: unknown): string {
  return typeof value === 'string' && SESSION_HASH.test(value) ? value : invalid('sessionHash', 'a SHA-256 in hex');
}

function requirePasswordHash(value: unknown): string {
  return typeof value === 'string' && value.startsWith('scrypt$') && value.length <= 256 ? value : invalid('passwordHash', 'an encoded scrypt hash');
}

function requireSealed(value: unknown): string {
  return typeof value === 'string' && SEALED.test(value) ? value : invalid('sealed secret', 'a v1 sealed secret');
}

function requireStep(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : invalid('totp step', 'a whole number');
}

export class SqliteConsoleAccountsStore {
  constructor(private readonly db: SqliteDatabase) {}

  accountCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM console_accounts').get() as { n: number }).n;
  }

  listAccounts(): ConsoleAccount[] {
    return (this.db.prepare('SELECT * FROM console_accounts ORDER BY login_name').all() as AccountRow[]).map(accountOf);
  }

  findAccount(id: number): ConsoleAccount | undefined {
    const row = this.row(id);
    return row === undefined ? undefined : accountOf(row);
  }

  credentialsByLogin(login: string): ConsoleAccountCredentials | undefined {
    if (typeof login !== 'string' || !LOGIN.test(login)) return undefined;
    const row = this.db.prepare('SELECT * FROM console_accounts WHERE login_name = ?').get(login) as AccountRow | undefined;
    return row === undefined ? undefined : credentialsOf(row);
  }

  credentialsById(id: number): ConsoleAccountCredentials | undefined {
    const row = this.row(id);
    return row === undefined ? undefined : credentialsOf(row);
  }

  /** A new account; a login name already taken is refused with ACCOUNT_EXISTS. */
  createAccount(input: NewConsoleAccount, at: Date, by: AuditActor): ConsoleAccount {
    const login = requireLogin(input.login);
    const displayName = requireDisplayName(input.displayName);
    const role = requireRole(input.role);
    const passwordHash = requirePasswordHash(input.passwordHash);
    const time = requireTime(at, 'at');
    return this.write(() => {
      if (this.db.prepare('SELECT 1 FROM console_accounts WHERE login_name = ?').get(login) !== undefined) {
        throw new StoreError('ACCOUNT_EXISTS', `an account named ${login} exists`);
      }
      const { lastInsertRowid } = this.db
        .prepare(
          `INSERT INTO console_accounts (login_name, display_name, role, password_hash, must_change_password, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(login, displayName, role, passwordHash, input.mustChangePassword ? 1 : 0, time, time);
      const id = Number(lastInsertRowid);
      this.audit(at, by, 'ACCOUNT_CREATED', { accountId: id, role });
      return accountOf(this.row(id)!);
    });
  }

  /**
   * Changes a name, role or the disabled flag. A disabled account's sessions end with it. The last
   * enabled administrator can be neither demoted nor disabled (LAST_ADMINISTRATOR).
   */
  updateAccount(id: number, changes: ConsoleAccountChanges, at: Date, by: AuditActor): ConsoleAccount {
    const displayName = changes.displayName === undefined ? undefined : requireDisplayName(changes.displayName);
    const role = changes.role === undefined ? undefined : requireRole(changes.role);
    if (changes.disabled !== undefined && typeof changes.disabled !== 'boolean') invalid('disabled', 'true or false');
    const time = requireTime(at, 'at');
    return this.write(() => {
      const before = this.requireRow(id);
      const next = {
        display_name: displayName ?? before.display_name,
        role: role ?? before.role,
        disabled: changes.disabled === undefined ? before.disabled : changes.disabled ? 1 : 0,
      };
      const staysAdministrator = next.role === 'admin' && next.disabled === 0;
      if (before.role === 'admin' && before.disabled === 0 && !staysAdministrator && this.enabledAdministrators() <= 1) {
        throw new StoreError('LAST_ADMINISTRATOR', 'the last enabled administrator stays one');
      }
      this.db
        .prepare('UPDATE console_accounts SET display_name = ?, role = ?, disabled = ?, updated_at = ? WHERE account_id = ?')
        .run(next.display_name, next.role, next.disabled, time, id);
      if (next.disabled === 1) this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(id);
      const detail: Record<string, string | number | boolean> = { accountId: id };
      if (next.role !== before.role) detail['role'] = next.role;
      if (next.disabled !== before.disabled) detail['disabled'] = next.disabled === 1;
      if (next.display_name !== before.display_name) detail['displayNameChanged'] = true;
      this.audit(at, by, 'ACCOUNT_CHANGED', detail);
      return accountOf(this.row(id)!);
    });
  }

  /**
   * One more failed sign-in in a row (a wrong password or TOTP code). At `rule.maxFailures` the
   * account is locked until `at + rule.lockForMs` and the count starts again.
   */
  recordLoginFailure(id: number, reason: LoginFailureReason, at: Date, rule: LockoutRule): ConsoleAccount {
    requireTime(at, 'at');
    return this.write(() => {
      const before = this.requireRow(id);
      const actor: AuditActor = { kind: 'staff', id: before.login_name };
      const failures = before.failed_logins + 1;
      const locks = failures >= rule.maxFailures;
      const lockedUntil = locks ? new Date(at.getTime() + rule.lockForMs).toISOString() : before.locked_until;
      this.db
        .prepare('UPDATE console_accounts SET failed_logins = ?, locked_until = ?, updated_at = ? WHERE account_id = ?')
        .run(locks ? 0 : failures, lockedUntil, at.toISOString(), id);
      this.audit(at, actor, 'LOGIN_FAILED', { accountId: id, reason, failures });
      if (locks) this.audit(at, actor, 'ACCOUNT_LOCKED', { accountId: id, failures, minutes: Math.ceil(rule.lockForMs / 60_000) });
      return accountOf(this.row(id)!);
    });
  }

  /** A sign-in refused before any password was checked: audited, nothing else changes. */
  recordLoginRefusal(id: number | undefined, reason: LoginRefusalReason, at: Date): void {
    requireTime(at, 'at');
    this.write(() => {
      const row = id === undefined ? undefined : this.requireRow(id);
      // The name typed for an unknown account is not kept: it may be a password typed in the wrong field.
      const actor: AuditActor = row === undefined ? CONSOLE_LOGIN : { kind: 'staff', id: row.login_name };
      this.audit(at, actor, 'LOGIN_REFUSED', row === undefined ? { reason } : { accountId: row.account_id, reason });
    });
  }

  /**
   * A signed-in account asked for something its role may not have (a direct request a page would not
   * have offered): audited with the route's code, nothing else changes.
   */
  recordRoleRefusal(id: number, route: string, at: Date): void {
    requireTime(at, 'at');
    this.write(() => {
      const row = this.requireRow(id);
      this.audit(at, { kind: 'staff', id: row.login_name }, 'ACCESS_REFUSED', { accountId: row.account_id, reason: 'ROLE_FORBIDDEN', route });
    });
  }

  /**
   * A successful sign-in: the failure count and any lock are cleared, the session the browser came
   * with (if any) is deleted and a new one stored. `totpStep`, when a code was given, must be newer
   * than the last one accepted (TOTP_REPLAYED); `rehash` replaces a hash made with older parameters.
   */
  openSession(input: { accountId: number; sessionHash: string; replacing?: string; totpStep?: number; rehash?: string }, at: Date): void {
    const sessionHash = requireSessionHash(input.sessionHash);
    const replacing = input.replacing === undefined ? undefined : requireSessionHash(input.replacing);
    const step = input.totpStep === undefined ? undefined : requireStep(input.totpStep);
    const rehash = input.rehash === undefined ? undefined : requirePasswordHash(input.rehash);
    const time = requireTime(at, 'at');
    this.write(() => {
      const row = this.requireRow(input.accountId);
      if (step !== undefined) this.acceptStep(row, step);
      this.db
        .prepare('UPDATE console_accounts SET failed_logins = 0, locked_until = NULL, password_hash = coalesce(?, password_hash), updated_at = ? WHERE account_id = ?')
        .run(rehash ?? null, time, row.account_id);
      if (replacing !== undefined) this.db.prepare('DELETE FROM console_sessions WHERE session_hash = ?').run(replacing);
      this.insertSession(sessionHash, row.account_id, time);
      this.audit(at, { kind: 'staff', id: row.login_name }, 'LOGIN_SUCCEEDED', { accountId: row.account_id, totp: step !== undefined });
    });
  }

  sessionOf(sessionHash: string): ConsoleSessionRecord | undefined {
    if (typeof sessionHash !== 'string' || !SESSION_HASH.test(sessionHash)) return undefined;
    const row = this.db
      .prepare(
        `SELECT a.*, s.created_at AS session_created_at, s.last_seen_at AS session_last_seen_at
         FROM console_sessions s JOIN console_accounts a USING (account_id) WHERE s.session_hash = ?`,
      )
      .get(sessionHash) as (AccountRow & { session_created_at: string; session_last_seen_at: string }) | undefined;
    if (row === undefined) return undefined;
    return { account: accountOf(row), createdAt: new Date(row.session_created_at), lastSeenAt: new Date(row.session_last_seen_at) };
  }

  /** Marks a session as used at `at` (its idle time starts again). */
  touchSession(sessionHash: string, at: Date): void {
    const hash = requireSessionHash(sessionHash);
    const time = requireTime(at, 'at');
    this.write(() => {
      this.db.prepare('UPDATE console_sessions SET last_seen_at = max(last_seen_at, ?) WHERE session_hash = ?').run(time, hash);
    });
  }

  /** Ends a session (logout, or found expired); false when there was none. */
  endSession(sessionHash: string, reason: SessionEndReason, at: Date): boolean {
    const hash = requireSessionHash(sessionHash);
    requireTime(at, 'at');
    return this.write(() => {
      const owner = this.db
        .prepare('SELECT a.account_id, a.login_name FROM console_sessions s JOIN console_accounts a USING (account_id) WHERE s.session_hash = ?')
        .get(hash) as { account_id: number; login_name: string } | undefined;
      if (owner === undefined) return false;
      this.db.prepare('DELETE FROM console_sessions WHERE session_hash = ?').run(hash);
      const actor: AuditActor = { kind: 'staff', id: owner.login_name };
      if (reason === 'LOGOUT') this.audit(at, actor, 'LOGOUT', { accountId: owner.account_id });
      else this.audit(at, actor, 'SESSION_EXPIRED', { accountId: owner.account_id, reason });
      return true;
    });
  }

  /** Deletes sessions last seen before `idleCutoff` or created before `absoluteCutoff`; returns how many. */
  purgeSessions(idleCutoff: Date, absoluteCutoff: Date): number {
    const idle = requireTime(idleCutoff, 'idleCutoff');
    const absolute = requireTime(absoluteCutoff, 'absoluteCutoff');
    return this.write(() => this.db.prepare('DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?').run(idle, absolute).changes);
  }

  /**
   * The account holder's own new password. Every session of the account ends and `newSessionHash`
   * replaces the one the change was made in, so a session stolen before the change dies with it.
   */
  changePassword(input: { accountId: number; passwordHash: string; newSessionHash: string }, at: Date): void {
    const passwordHash = requirePasswordHash(input.passwordHash);
    const sessionHash = requireSessionHash(input.newSessionHash);
    const time = requireTime(at, 'at');
    this.write(() => {
      const row = this.requireRow(input.accountId);
      this.db
        .prepare('UPDATE console_accounts SET password_hash = ?, must_change_password = 0, failed_logins = 0, updated_at = ? WHERE account_id = ?')
        .run(passwordHash, time, row.account_id);
      this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(row.account_id);
      this.insertSession(sessionHash, row.account_id, time);
      this.audit(at, { kind: 'staff', id: row.login_name }, 'PASSWORD_CHANGED', { accountId: row.account_id });
    });
  }

  /** An administrator's reset: a one-time password to change at the next login; lock and sessions end. */
  resetPassword(id: number, passwordHash: string, at: Date, by: AuditActor): void {
    const hash = requirePasswordHash(passwordHash);
    const time = requireTime(at, 'at');
    this.write(() => {
      this.requireRow(id);
      this.db
        .prepare('UPDATE console_accounts SET password_hash = ?, must_change_password = 1, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE account_id = ?')
        .run(hash, time, id);
      this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(id);
      this.audit(at, by, 'PASSWORD_RESET', { accountId: id });
    });
  }

  /**
   * An administrator recovered from the terminal's own machine: re-enabled, a one-time password to
   * change at the next login, unlocked, sessions ended and, when asked, the second factor removed —
   * all of it or nothing, each step audited.
   */
  recoverAdministrator(id: number, passwordHash: string, resetTotp: boolean, at: Date, by: AuditActor): void {
    this.write(() => {
      const row = this.requireRow(id);
      if (row.role !== 'admin') throw new StoreError('INVALID_INPUT', `account ${id} is not an administrator`);
      if (row.disabled === 1) this.updateAccount(id, { disabled: false }, at, by);
      this.resetPassword(id, passwordHash, at, by);
      if (resetTotp) this.resetTotp(id, at, by);
    });
  }

  unlock(id: number, at: Date, by: AuditActor): void {
    const time = requireTime(at, 'at');
    this.write(() => {
      this.requireRow(id);
      this.db.prepare('UPDATE console_accounts SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE account_id = ?').run(time, id);
      this.audit(at, by, 'ACCOUNT_UNLOCKED', { accountId: id });
    });
  }

  /** Keeps a freshly made secret until a code from it is confirmed; a second call replaces it. */
  setPendingTotp(id: number, sealed: string, at: Date): void {
    const secret = requireSealed(sealed);
    const time = requireTime(at, 'at');
    this.write(() => {
      const row = this.requireRow(id);
      this.db.prepare('UPDATE console_accounts SET totp_pending_sealed = ?, updated_at = ? WHERE account_id = ?').run(secret, time, id);
      this.audit(at, { kind: 'staff', id: row.login_name }, 'TOTP_ENROLMENT_STARTED', { accountId: id });
    });
  }

  /** The pending secret becomes the account's second factor; `step` is the confirmed code's. */
  confirmTotp(id: number, step: number, at: Date): void {
    const checkedStep = requireStep(step);
    const time = requireTime(at, 'at');
    this.write(() => {
      const row = this.requireRow(id);
      if (row.totp_pending_sealed === null) throw new StoreError('TOTP_NOT_PENDING', `account ${id} has no secret waiting for confirmation`);
      this.db
        .prepare('UPDATE console_accounts SET totp_secret_sealed = totp_pending_sealed, totp_pending_sealed = NULL, totp_last_step = ?, updated_at = ? WHERE account_id = ?')
        .run(checkedStep, time, id);
      this.audit(at, { kind: 'staff', id: row.login_name }, 'TOTP_ENROLLED', { accountId: id });
    });
  }

  /** An administrator removes an account's second factor (a lost phone); the account enrols again. */
  resetTotp(id: number, at: Date, by: AuditActor): void {
    const time = requireTime(at, 'at');
    this.write(() => {
      this.requireRow(id);
      this.db
        .prepare('UPDATE console_accounts SET totp_secret_sealed = NULL, totp_pending_sealed = NULL, totp_last_step = NULL, updated_at = ? WHERE account_id = ?')
        .run(time, id);
      this.db.prepare('DELETE FROM console_sessions WHERE account_id = ?').run(id);
      this.audit(at, by, 'TOTP_RESET', { accountId: id });
    });
  }

  private acceptStep(row: AccountRow, step: number): void {
    if (row.totp_last_step !== null && step <= row.totp_last_step) throw new StoreError('TOTP_REPLAYED', 'this code, or a later one, was used already');
    this.db.prepare('UPDATE console_accounts SET totp_last_step = ? WHERE account_id = ?').run(step, row.account_id);
  }

  private insertSession(sessionHash: string, accountId: number, time: string): void {
    this.db.prepare('INSERT INTO console_sessions (session_hash, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)').run(sessionHash, accountId, time, time);
  }

  private enabledAdministrators(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM console_accounts WHERE role = 'admin' AND disabled = 0").get() as { n: number }).n;
  }

  private row(id: number): AccountRow | undefined {
    if (!Number.isSafeInteger(id) || id <= 0) return undefined;
    return this.db.prepare('SELECT * FROM console_accounts WHERE account_id = ?').get(id) as AccountRow | undefined;
  }

  private requireRow(id: number): AccountRow {
    const row = this.row(id);
    if (row === undefined) throw new StoreError('ACCOUNT_NOT_FOUND', `no console account ${String(id)}`);
    return row;
  }

  private audit(at: Date, actor: AuditActor, event: string, detail: AuditDetail): void {
    appendAudit(this.db, { at, actor, event, detail });
  }

  /** One IMMEDIATE transaction; a driver failure becomes WRITE_FAILED, a refusal keeps its code. */
  private write<Result>(work: () => Result): Result {
    try {
      return this.db.transaction(work).immediate();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('WRITE_FAILED', 'the console account store could not write', { cause: error });
    }
  }
}

function credentialsOf(row: AccountRow): ConsoleAccountCredentials {
  return {
    account: accountOf(row),
    passwordHash: row.password_hash,
    totpSecretSealed: row.totp_secret_sealed,
    totpPendingSealed: row.totp_pending_sealed,
    totpLastStep: row.totp_last_step,
  };
}
