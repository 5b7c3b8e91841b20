import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditActor } from './audit-encoding';
import { CONSOLE_FIRST_START, SqliteConsoleAccountsStore } from './console-accounts-store';
import type { ConsoleAccount } from './console-accounts-store';
import { isStoreError } from './errors';
import { openReceptionDatabase, receptionMigrationRunner } from './open-reception-database';
import { dumpAllTables, openTempReceptionDatabase } from './testing/temp-database';
import type { TempDatabase } from './testing/temp-database';
import { verifyAuditChain } from './verify-audit-chain';

const T0 = new Date('2026-11-21T01:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const HASH = 'scrypt$N=1024,r=8,p=1$c2FsdA$aGFzaA';
const OTHER_HASH = 'scrypt$N=1024,r=8,p=1$c2FsdDI$aGFzaDI';
const session = (n: number) => n.toString(16).padStart(64, '0');
const RULE = { maxFailures: 3, lockForMs: 15 * 60_000 };

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    if (isStoreError(error)) return error.code;
    throw error;
  }
  return undefined;
}

interface AuditRowView {
  actor_kind: string;
  actor_id: string;
  event: string;
  detail_json: string;
}

describe('console accounts store', () => {
  let temp: TempDatabase;
  let store: SqliteConsoleAccountsStore;
  let admin: ConsoleAccount;
  let adminActor: AuditActor;
  const audit = () => temp.db.prepare('SELECT actor_kind, actor_id, event, detail_json FROM audit_log ORDER BY id').all() as AuditRowView[];

  beforeEach(() => {
    temp = openTempReceptionDatabase();
    store = new SqliteConsoleAccountsStore(temp.db);
    admin = store.createAccount({ login: 'admin', displayName: '管理者', role: 'admin', passwordHash: HASH, mustChangePassword: true }, T0, CONSOLE_FIRST_START);
    adminActor = { kind: 'staff', id: admin.login };
  });
  afterEach(() => temp.dispose());

  it('recovers an administrator in one transaction, and only an administrator', () => {
    const recovery: AuditActor = { kind: 'terminal', id: 'admin-recovery' };
    const reception = store.createAccount({ login: 'uketsuke-01', displayName: '受付 一', role: 'reception', passwordHash: HASH, mustChangePassword: false }, at(1), adminActor);
    const before = audit().length;
    expect(codeOf(() => store.recoverAdministrator(reception.id, OTHER_HASH, true, at(2), recovery))).toBe('INVALID_INPUT');
    expect(audit()).toHaveLength(before);
    store.createAccount({ login: 'kanri-2', displayName: '管理 二', role: 'admin', passwordHash: HASH, mustChangePassword: false }, at(3), adminActor);
    store.updateAccount(admin.id, { disabled: true }, at(3), { kind: 'staff', id: 'kanri-2' });
    // A bad hash fails the second step: the first (re-enabling) is rolled back with it.
    expect(codeOf(() => store.recoverAdministrator(admin.id, 'not a hash', false, at(4), recovery))).toBe('INVALID_INPUT');
    expect(store.findAccount(admin.id)?.disabled).toBe(true);
    store.recoverAdministrator(admin.id, OTHER_HASH, false, at(5), recovery);
    expect(store.findAccount(admin.id)).toMatchObject({ disabled: false, mustChangePassword: true });
    expect(audit().slice(-2).map((row) => row.event)).toEqual(['ACCOUNT_CHANGED', 'PASSWORD_RESET']);
  });

  it('creates accounts, refuses a taken name, and lists them without hash or secret', () => {
    expect(store.accountCount()).toBe(1);
    const reception = store.createAccount({ login: 'uketsuke-01', displayName: '受付 一', role: 'reception', passwordHash: HASH, mustChangePassword: true }, at(1), adminActor);
    expect(reception).toMatchObject({ login: 'uketsuke-01', role: 'reception', mustChangePassword: true, failedLogins: 0, lockedUntil: null, disabled: false, totpEnrolled: false });
    expect(codeOf(() => store.createAccount({ login: 'uketsuke-01', displayName: 'x', role: 'reception', passwordHash: HASH, mustChangePassword: true }, at(2), adminActor))).toBe('ACCOUNT_EXISTS');
    const listed = store.listAccounts();
    expect(listed.map((account) => account.login)).toEqual(['admin', 'uketsuke-01']);
    for (const account of listed) expect(JSON.stringify(account)).not.toMatch(/scrypt|hash|secret/i);
    expect(audit().map((row) => [row.actor_id, row.event, JSON.parse(row.detail_json)])).toEqual([
      ['first-start', 'ACCOUNT_CREATED', { accountId: admin.id, role: 'admin' }],
      ['admin', 'ACCOUNT_CREATED', { accountId: reception.id, role: 'reception' }],
    ]);
  });

  it('refuses names that are not lower-case identifiers, display names with control characters, unknown roles', () => {
    const make = (login: string, displayName = 'x', role = 'reception') => codeOf(() => store.createAccount({ login, displayName, role: role as 'reception', passwordHash: HASH, mustChangePassword: true }, T0, adminActor));
    for (const login of ['Admin', '受付', '-lead', '', 'a'.repeat(33), 'a b']) expect(make(login), login).toBe('INVALID_INPUT');
    expect(make('ok', ' padded')).toBe('INVALID_INPUT');
    expect(make('ok', 'line\nbreak')).toBe('INVALID_INPUT');
    expect(make('ok', 'x', 'root')).toBe('INVALID_INPUT');
    // The schema holds the same line when the code is bypassed.
    expect(() => temp.db.prepare(`INSERT INTO console_accounts (login_name, display_name, role, password_hash, must_change_password, created_at, updated_at) VALUES ('Root', 'x', 'admin', 'plain', 0, ?, ?)`).run(T0.toISOString(), T0.toISOString())).toThrow(/CHECK constraint/);
    expect(() => temp.db.prepare(`INSERT INTO console_accounts (login_name, display_name, role, password_hash, must_change_password, created_at, updated_at) VALUES ('root', 'x', 'admin', 'plain', 0, ?, ?)`).run(T0.toISOString(), T0.toISOString())).toThrow(/CHECK constraint/);
    expect(() => temp.db.prepare(`UPDATE console_accounts SET totp_secret_sealed = 'JBSWY3DPEHPK3PXP'`).run()).toThrow(/CHECK constraint/);
  });

  it('counts failures in a row and locks at the rule, auditing both; a success clears them', () => {
    expect(store.recordLoginFailure(admin.id, 'BAD_PASSWORD', at(1), RULE)).toMatchObject({ failedLogins: 1, lockedUntil: null });
    store.recordLoginFailure(admin.id, 'BAD_TOTP', at(2), RULE);
    const locked = store.recordLoginFailure(admin.id, 'BAD_PASSWORD', at(3), RULE);
    expect(locked.lockedUntil).toEqual(new Date(at(3).getTime() + RULE.lockForMs));
    expect(locked.failedLogins).toBe(0);
    const events = audit().slice(1);
    expect(events.map((row) => [row.event, JSON.parse(row.detail_json)])).toEqual([
      ['LOGIN_FAILED', { accountId: admin.id, reason: 'BAD_PASSWORD', failures: 1 }],
      ['LOGIN_FAILED', { accountId: admin.id, reason: 'BAD_TOTP', failures: 2 }],
      ['LOGIN_FAILED', { accountId: admin.id, reason: 'BAD_PASSWORD', failures: 3 }],
      ['ACCOUNT_LOCKED', { accountId: admin.id, failures: 3, minutes: 15 }],
    ]);
    store.recordLoginFailure(admin.id, 'BAD_PASSWORD', at(4), RULE);
    store.openSession({ accountId: admin.id, sessionHash: session(1) }, at(5));
    expect(store.findAccount(admin.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('audits refusals without the name typed for an unknown account', () => {
    store.recordLoginRefusal(undefined, 'UNKNOWN_ACCOUNT', at(1));
    store.recordLoginRefusal(admin.id, 'ACCOUNT_LOCKED', at(2));
    expect(audit().slice(1)).toEqual([
      { actor_kind: 'terminal', actor_id: 'console-login', event: 'LOGIN_REFUSED', detail_json: '{"reason":"UNKNOWN_ACCOUNT"}' },
      { actor_kind: 'staff', actor_id: 'admin', event: 'LOGIN_REFUSED', detail_json: `{"accountId":${admin.id},"reason":"ACCOUNT_LOCKED"}` },
    ]);
  });

  it('opens a session under its hash, deletes the one it replaces, finds, touches and ends it', () => {
    store.openSession({ accountId: admin.id, sessionHash: session(1) }, at(1));
    store.openSession({ accountId: admin.id, sessionHash: session(2), replacing: session(1) }, at(2));
    expect(store.sessionOf(session(1))).toBeUndefined();
    expect(store.sessionOf(session(2))).toMatchObject({ account: { login: 'admin' }, createdAt: at(2), lastSeenAt: at(2) });
    store.touchSession(session(2), at(60));
    store.touchSession(session(2), at(30));
    expect(store.sessionOf(session(2))?.lastSeenAt).toEqual(at(60));
    expect(store.endSession(session(2), 'LOGOUT', at(61))).toBe(true);
    expect(store.endSession(session(2), 'LOGOUT', at(62))).toBe(false);
    expect(store.sessionOf(session(2))).toBeUndefined();
    expect(store.sessionOf('not a hash')).toBeUndefined();
    expect(audit().slice(1).map((row) => row.event)).toEqual(['LOGIN_SUCCEEDED', 'LOGIN_SUCCEEDED', 'LOGOUT']);
  });

  it('purges sessions idle or too old', () => {
    store.openSession({ accountId: admin.id, sessionHash: session(1) }, at(0));
    store.openSession({ accountId: admin.id, sessionHash: session(2) }, at(100));
    store.openSession({ accountId: admin.id, sessionHash: session(3) }, at(10));
    store.touchSession(session(3), at(200));
    expect(store.purgeSessions(at(50), at(5))).toBe(1);
    expect(store.sessionOf(session(1))).toBeUndefined();
    expect(store.purgeSessions(at(150), at(5))).toBe(1);
    expect(store.sessionOf(session(2))).toBeUndefined();
    expect(store.sessionOf(session(3))).toBeDefined();
  });

  it('a password change ends every session of the account and opens the new one', () => {
    store.openSession({ accountId: admin.id, sessionHash: session(1) }, at(0));
    store.openSession({ accountId: admin.id, sessionHash: session(2) }, at(1));
    store.changePassword({ accountId: admin.id, passwordHash: OTHER_HASH, newSessionHash: session(3) }, at(2));
    expect([1, 2, 3].map((n) => store.sessionOf(session(n)) !== undefined)).toEqual([false, false, true]);
    expect(store.credentialsById(admin.id)).toMatchObject({ passwordHash: OTHER_HASH, account: { mustChangePassword: false } });
  });

  it('a reset sets a one-time password, clears the lock and ends the sessions', () => {
    const other = store.createAccount({ login: 'kusuri', displayName: '薬剤師', role: 'clinician', passwordHash: HASH, mustChangePassword: false }, at(0), adminActor);
    store.openSession({ accountId: other.id, sessionHash: session(1) }, at(1));
    for (let i = 0; i < RULE.maxFailures; i += 1) store.recordLoginFailure(other.id, 'BAD_PASSWORD', at(2), RULE);
    store.resetPassword(other.id, OTHER_HASH, at(3), adminActor);
    expect(store.sessionOf(session(1))).toBeUndefined();
    expect(store.credentialsById(other.id)).toMatchObject({ passwordHash: OTHER_HASH, account: { mustChangePassword: true, lockedUntil: null, failedLogins: 0 } });
    store.recordLoginFailure(other.id, 'BAD_PASSWORD', at(4), RULE);
    store.recordLoginFailure(other.id, 'BAD_PASSWORD', at(4), RULE);
    store.unlock(other.id, at(5), adminActor);
    expect(store.findAccount(other.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(codeOf(() => store.unlock(999, at(5), adminActor))).toBe('ACCOUNT_NOT_FOUND');
  });

  it('keeps one enabled administrator; disabling ends the account’s sessions', () => {
    expect(codeOf(() => store.updateAccount(admin.id, { role: 'reception' }, at(1), adminActor))).toBe('LAST_ADMINISTRATOR');
    expect(codeOf(() => store.updateAccount(admin.id, { disabled: true }, at(1), adminActor))).toBe('LAST_ADMINISTRATOR');
    const second = store.createAccount({ login: 'kanri-2', displayName: '管理 二', role: 'admin', passwordHash: HASH, mustChangePassword: false }, at(1), adminActor);
    store.openSession({ accountId: second.id, sessionHash: session(9) }, at(2));
    expect(store.updateAccount(second.id, { disabled: true, displayName: '管理 二（退職）' }, at(3), adminActor)).toMatchObject({ disabled: true, displayName: '管理 二（退職）' });
    expect(store.sessionOf(session(9))).toBeUndefined();
    expect(codeOf(() => store.updateAccount(admin.id, { role: 'clinician' }, at(4), adminActor))).toBe('LAST_ADMINISTRATOR');
    expect(JSON.parse(audit().at(-1)!.detail_json)).toEqual({ accountId: second.id, disabled: true, displayNameChanged: true });
  });

  it('enrols a second factor only through a confirmed pending secret, and takes each code step once', () => {
    expect(codeOf(() => store.confirmTotp(admin.id, 100, at(1)))).toBe('TOTP_NOT_PENDING');
    store.setPendingTotp(admin.id, 'v1.aXY.c2VhbGVk', at(1));
    expect(store.findAccount(admin.id)?.totpEnrolled).toBe(false);
    store.confirmTotp(admin.id, 100, at(2));
    expect(store.credentialsById(admin.id)).toMatchObject({ totpSecretSealed: 'v1.aXY.c2VhbGVk', totpPendingSealed: null, totpLastStep: 100, account: { totpEnrolled: true } });
    expect(codeOf(() => store.openSession({ accountId: admin.id, sessionHash: session(1), totpStep: 100 }, at(3)))).toBe('TOTP_REPLAYED');
    expect(store.sessionOf(session(1))).toBeUndefined();
    store.openSession({ accountId: admin.id, sessionHash: session(1), totpStep: 101 }, at(3));
    expect(store.credentialsById(admin.id)?.totpLastStep).toBe(101);
    store.resetTotp(admin.id, at(4), adminActor);
    expect(store.credentialsById(admin.id)).toMatchObject({ totpSecretSealed: null, totpLastStep: null, account: { totpEnrolled: false } });
    expect(store.sessionOf(session(1))).toBeUndefined();
  });

  it('writes every change with its audit row into one valid chain', () => {
    store.openSession({ accountId: admin.id, sessionHash: session(1) }, at(1));
    store.changePassword({ accountId: admin.id, passwordHash: OTHER_HASH, newSessionHash: session(2) }, at(2));
    store.endSession(session(2), 'IDLE_TIMEOUT', at(3));
    expect(audit().map((row) => row.event)).toEqual(['ACCOUNT_CREATED', 'LOGIN_SUCCEEDED', 'PASSWORD_CHANGED', 'SESSION_EXPIRED']);
    expect(verifyAuditChain(temp.db)).toEqual({ ok: true, count: 4 });
  });
});

describe('migration 004', () => {
  it('adds the account tables to a version-3 database and keeps its rows', () => {
    const temp = openTempReceptionDatabase({ migrateTo: 3 });
    try {
      temp.db.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at) VALUES ('r-1', 'kiosk-1', 'open', ?)`).run(T0.toISOString());
      const before = dumpAllTables(temp.db);
      expect(before['console_accounts']).toBeUndefined();
      temp.db.close();
      const db = openReceptionDatabase(temp.file);
      try {
        expect(receptionMigrationRunner.schemaVersion(db)).toBeGreaterThanOrEqual(4);
        const after = dumpAllTables(db);
        for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
        const store = new SqliteConsoleAccountsStore(db);
        const account = store.createAccount({ login: 'admin', displayName: 'A', role: 'admin', passwordHash: HASH, mustChangePassword: true }, T0, CONSOLE_FIRST_START);
        store.openSession({ accountId: account.id, sessionHash: session(1) }, T0);
        expect(store.sessionOf(session(1))?.account.id).toBe(account.id);
      } finally {
        db.close();
      }
    } finally {
      temp.dispose();
    }
  });
});
