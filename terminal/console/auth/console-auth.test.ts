import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dumpAllTables } from '../../../store/testing/temp-database';
import type { ConsoleSession } from './console-auth';
import { ensureFirstAdministrator } from './first-administrator';
import { sessionHashOf } from './session-id';
import { FAST_SCRYPT, openConsoleAuthFixture, type ConsoleAuthFixture } from './testing/console-auth-fixture';
import { totpCodeAt } from './totp';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'さくら もち こたつ みかん';
const MINUTE = 60_000;

function auditEvents(fixture: ConsoleAuthFixture): string[] {
  return (fixture.temp.db.prepare('SELECT event FROM audit_log ORDER BY id').all() as { event: string }[]).map((row) => row.event);
}

async function signedIn(fixture: ConsoleAuthFixture, login: string, password = PASSWORD, totp?: string): Promise<{ sessionId: string; session: ConsoleSession }> {
  const outcome = await fixture.auth.login({ login, password, ...(totp === undefined ? {} : { totp }) });
  if (!outcome.ok) throw new Error(`login refused: ${outcome.code}`);
  return outcome;
}

describe('console sign-in', () => {
  let fixture: ConsoleAuthFixture;
  beforeEach(() => {
    fixture = openConsoleAuthFixture();
  });
  afterEach(() => fixture.dispose());

  it('logs in with the right password, whatever case or width the name is typed in', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    const outcome = await fixture.auth.login({ login: 'ＵＫＥＴＳＵＫＥ－０１', password: PASSWORD });
    expect(outcome).toMatchObject({ ok: true, session: { account: { login: 'uketsuke-01', role: 'reception' }, pending: undefined } });
    expect(outcome.ok && outcome.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auditEvents(fixture)).toEqual(['ACCOUNT_CREATED', 'LOGIN_SUCCEEDED']);
  });

  it('refuses a wrong password and an unknown name alike, and bad input as such', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: 'wrong password here' })).toEqual({ ok: false, code: 'LOGIN_FAILED' });
    expect(await fixture.auth.login({ login: 'nobody', password: PASSWORD })).toEqual({ ok: false, code: 'LOGIN_FAILED' });
    for (const bad of [{ login: 1, password: PASSWORD }, { login: 'a', password: '' }, { login: 'a', password: 'x'.repeat(1025) }, { login: 'a', password: PASSWORD, totp: 123456 }]) {
      expect(await fixture.auth.login(bad)).toEqual({ ok: false, code: 'INVALID_INPUT' });
    }
    expect(auditEvents(fixture)).toEqual(['ACCOUNT_CREATED', 'LOGIN_FAILED', 'LOGIN_REFUSED']);
  });

  it('locks an account after 5 failures in a row for 15 minutes, even for the right password, then lets it in', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    for (let attempt = 1; attempt <= 4; attempt += 1) expect(await fixture.auth.login({ login: 'uketsuke-01', password: `wrong ${attempt} password` })).toMatchObject({ code: 'LOGIN_FAILED' });
    const fifth = await fixture.auth.login({ login: 'uketsuke-01', password: 'wrong 5 password' });
    expect(fifth).toEqual({ ok: false, code: 'ACCOUNT_LOCKED', lockedUntil: new Date(fixture.clock.now().getTime() + 15 * MINUTE) });
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD })).toMatchObject({ ok: false, code: 'ACCOUNT_LOCKED' });
    fixture.clock.advance(15 * MINUTE - 1);
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD })).toMatchObject({ ok: false, code: 'ACCOUNT_LOCKED' });
    fixture.clock.advance(1);
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD })).toMatchObject({ ok: true });
    expect(auditEvents(fixture)).toEqual([
      'ACCOUNT_CREATED',
      ...Array<string>(5).fill('LOGIN_FAILED'),
      'ACCOUNT_LOCKED',
      'LOGIN_REFUSED',
      'LOGIN_REFUSED',
      'LOGIN_SUCCEEDED',
    ]);
  });

  it('a success clears the count: failures must be in a row to lock', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    for (let round = 0; round < 3; round += 1) {
      for (let attempt = 0; attempt < 4; attempt += 1) await fixture.auth.login({ login: 'uketsuke-01', password: 'wrong password!' });
      expect(await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD })).toMatchObject({ ok: true });
    }
  });

  it('refuses a disabled account as if the password were wrong', async () => {
    const admin = await fixture.addAccount({ login: 'admin', role: 'admin', password: PASSWORD });
    const other = await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    const { session } = await signedIn(fixture, 'admin');
    expect(fixture.auth.updateAccount(session, other.id, { disabled: true })).toMatchObject({ ok: true, account: { disabled: true } });
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD })).toEqual({ ok: false, code: 'LOGIN_FAILED' });
    expect(fixture.auth.updateAccount(session, admin.id, { role: 'reception' })).toEqual({ ok: false, code: 'LAST_ADMINISTRATOR' });
  });
});

describe('console sessions', () => {
  let fixture: ConsoleAuthFixture;
  beforeEach(async () => {
    fixture = openConsoleAuthFixture({ idleTimeoutMs: 15 * MINUTE, absoluteTimeoutMs: 60 * MINUTE });
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
  });
  afterEach(() => fixture.dispose());

  it('audits a role refusal once a minute per account and route, whatever the loop', async () => {
    const { session } = await signedIn(fixture, 'uketsuke-01');
    const refusals = () => (fixture.temp.db.prepare("SELECT count(*) AS n FROM audit_log WHERE event = 'ACCESS_REFUSED'").get() as { n: number }).n;
    expect(fixture.auth.recordRoleRefusal(session, '/api/console/audit')).toBe(true);
    for (let again = 0; again < 50; again += 1) expect(fixture.auth.recordRoleRefusal(session, '/api/console/audit')).toBe(false);
    expect(fixture.auth.recordRoleRefusal(session, '/api/console/settings')).toBe(true);
    expect(refusals()).toBe(2);
    fixture.clock.advance(MINUTE);
    expect(fixture.auth.recordRoleRefusal(session, '/api/console/audit')).toBe(true);
    expect(refusals()).toBe(3);
  });

  it('gives a new id at every login and deletes the one the browser came with (no fixation)', async () => {
    const first = await signedIn(fixture, 'uketsuke-01');
    const second = await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD }, first.sessionId);
    expect(second.ok && second.sessionId).not.toBe(first.sessionId);
    expect(fixture.auth.resolve(first.sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
    // An id the attacker made up and planted is never stored: the login mints its own.
    const planted = 'A'.repeat(43);
    const third = await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD }, planted);
    expect(third.ok && third.sessionId).not.toBe(planted);
    expect(fixture.auth.resolve(planted, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
  });

  it('stores only the hash of a session id', async () => {
    const { sessionId } = await signedIn(fixture, 'uketsuke-01');
    const rows = dumpAllTables(fixture.temp.db)['console_sessions']!;
    expect(rows).toEqual([expect.objectContaining({ session_hash: sessionHashOf(sessionId) })]);
    const file = Buffer.concat([readFileSync(fixture.temp.file), readFileSync(`${fixture.temp.file}-wal`)]);
    expect(file.includes(Buffer.from(sessionId))).toBe(false);
  });

  it('ends a session idle for the idle timeout; activity restarts the idle time, background refreshes do not', async () => {
    const { sessionId } = await signedIn(fixture, 'uketsuke-01');
    fixture.clock.advance(14 * MINUTE);
    expect(fixture.auth.resolve(sessionId, { activity: true })).toMatchObject({ ok: true });
    fixture.clock.advance(14 * MINUTE);
    expect(fixture.auth.resolve(sessionId, { activity: false })).toMatchObject({ ok: true });
    fixture.clock.advance(1 * MINUTE);
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
    // Gone for good: the next request is simply signed out.
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
    expect(auditEvents(fixture).at(-1)).toBe('SESSION_EXPIRED');
  });

  it('tells a long-lived stream whether its session is still alive, without counting as activity', async () => {
    const { sessionId } = await signedIn(fixture, 'uketsuke-01');
    const hash = sessionHashOf(sessionId);
    expect(fixture.auth.isAlive(hash)).toBe(true);
    fixture.clock.advance(14 * MINUTE);
    expect(fixture.auth.isAlive(hash)).toBe(true);
    fixture.clock.advance(1 * MINUTE);
    expect(fixture.auth.isAlive(hash)).toBe(false);
    const other = await signedIn(fixture, 'uketsuke-01');
    fixture.auth.logout(other.session);
    expect(fixture.auth.isAlive(sessionHashOf(other.sessionId))).toBe(false);
  });

  it('ends a session at its absolute timeout however busy it is', async () => {
    const { sessionId } = await signedIn(fixture, 'uketsuke-01');
    for (let minute = 10; minute < 60; minute += 10) {
      fixture.clock.advance(10 * MINUTE);
      expect(fixture.auth.resolve(sessionId, { activity: true }), `minute ${minute}`).toMatchObject({ ok: true });
    }
    fixture.clock.advance(10 * MINUTE);
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'SESSION_EXPIRED' });
  });

  it('logout deletes the session', async () => {
    const { sessionId, session } = await signedIn(fixture, 'uketsuke-01');
    fixture.auth.logout(session);
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
    expect(auditEvents(fixture).at(-1)).toBe('LOGOUT');
  });
});

describe('password change', () => {
  let fixture: ConsoleAuthFixture;
  beforeEach(() => {
    fixture = openConsoleAuthFixture();
  });
  afterEach(() => fixture.dispose());

  it('the first administrator signs in with the one-time password, must change it, and cannot keep it', async () => {
    const first = await ensureFirstAdministrator({ accounts: fixture.accounts, clock: fixture.clock, hashParameters: FAST_SCRYPT });
    if (!first.created) throw new Error('no administrator made');
    expect(first.oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await ensureFirstAdministrator({ accounts: fixture.accounts, clock: fixture.clock, hashParameters: FAST_SCRYPT })).toEqual({ created: false });

    const { sessionId, session } = await signedIn(fixture, 'admin', first.oneTimePassword);
    expect(session.pending).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await fixture.auth.changePassword(session, first.oneTimePassword, first.oneTimePassword)).toEqual({ ok: false, code: 'PASSWORD_REUSED' });
    const changed = await fixture.auth.changePassword(session, first.oneTimePassword, NEW_PASSWORD);
    expect(changed).toMatchObject({ ok: true, session: { pending: undefined, account: { mustChangePassword: false } } });
    // The session the change was made in is replaced; the one-time password is dead.
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
    expect(changed.ok && fixture.auth.resolve(changed.sessionId, { activity: true }).ok).toBe(true);
    expect(await fixture.auth.login({ login: 'admin', password: first.oneTimePassword })).toMatchObject({ ok: false, code: 'LOGIN_FAILED' });
    expect(await fixture.auth.login({ login: 'admin', password: NEW_PASSWORD })).toMatchObject({ ok: true });
    const file = Buffer.concat([readFileSync(fixture.temp.file), readFileSync(`${fixture.temp.file}-wal`)]);
    for (const secret of [first.oneTimePassword, NEW_PASSWORD]) expect(file.includes(Buffer.from(secret))).toBe(false);
  });

  it('refuses the same password as new (PASSWORD_REUSED), a wrong current one, and one that fails the policy', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    const { session } = await signedIn(fixture, 'uketsuke-01');
    expect(await fixture.auth.changePassword(session, PASSWORD, PASSWORD)).toEqual({ ok: false, code: 'PASSWORD_REUSED' });
    expect(await fixture.auth.changePassword(session, PASSWORD, 'Ｃｏｒｒｅｃｔ horse battery staple'.toLowerCase())).toEqual({ ok: false, code: 'PASSWORD_REUSED' });
    expect(await fixture.auth.changePassword(session, 'not my password', NEW_PASSWORD)).toEqual({ ok: false, code: 'PASSWORD_INCORRECT' });
    expect(await fixture.auth.changePassword(session, PASSWORD, 'short')).toEqual({ ok: false, code: 'PASSWORD_TOO_SHORT' });
    expect(await fixture.auth.changePassword(session, PASSWORD, 'uketsuke-01 is me')).toEqual({ ok: false, code: 'PASSWORD_CONTAINS_LOGIN' });
  });

  it('wrong current passwords count toward the lock, which ends the session', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    const { sessionId, session } = await signedIn(fixture, 'uketsuke-01');
    for (let attempt = 0; attempt < 4; attempt += 1) expect(await fixture.auth.changePassword(session, 'guess', NEW_PASSWORD)).toMatchObject({ code: 'PASSWORD_INCORRECT' });
    expect(await fixture.auth.changePassword(session, 'guess', NEW_PASSWORD)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    expect(fixture.auth.resolve(sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
  });

  it('every other session of the account ends with the change', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    const elsewhere = await signedIn(fixture, 'uketsuke-01');
    const here = await signedIn(fixture, 'uketsuke-01');
    expect(await fixture.auth.changePassword(here.session, PASSWORD, NEW_PASSWORD)).toMatchObject({ ok: true });
    expect(fixture.auth.resolve(elsewhere.sessionId, { activity: true })).toEqual({ ok: false, code: 'LOGIN_REQUIRED' });
  });

  it('an administrator’s reset gives a new one-time password to change at the next login', async () => {
    await fixture.addAccount({ login: 'admin', role: 'admin', password: PASSWORD });
    const target = await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    const { session } = await signedIn(fixture, 'admin');
    const reset = await fixture.auth.resetPassword(session, target.id);
    if (!reset.ok) throw new Error(reset.code);
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: PASSWORD })).toMatchObject({ code: 'LOGIN_FAILED' });
    expect(await fixture.auth.login({ login: 'uketsuke-01', password: reset.oneTimePassword })).toMatchObject({ ok: true, session: { pending: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(await fixture.auth.resetPassword(session, 999)).toEqual({ ok: false, code: 'ACCOUNT_NOT_FOUND' });
  });
});

describe('second factor', () => {
  let fixture: ConsoleAuthFixture;
  beforeEach(() => {
    fixture = openConsoleAuthFixture({ totpRequiredFor: ['admin', 'clinician'] });
  });
  afterEach(() => fixture.dispose());

  async function enrolled(login: string): Promise<string> {
    const { session } = await signedIn(fixture, login);
    expect(session.pending).toBe('TOTP_ENROLMENT_REQUIRED');
    const started = fixture.auth.startTotpEnrolment(session);
    if (!started.ok) throw new Error(started.code);
    expect(fixture.auth.confirmTotp(session, '000000')).toMatchObject({ ok: false, code: 'TOTP_INVALID' });
    const confirmed = fixture.auth.confirmTotp(session, totpCodeAt(started.enrolment.secret, fixture.clock.now()));
    expect(confirmed).toMatchObject({ ok: true, session: { pending: undefined, account: { totpEnrolled: true } } });
    expect(fixture.auth.startTotpEnrolment(session)).toEqual({ ok: false, code: 'TOTP_ALREADY_ENROLLED' });
    return started.enrolment.secret;
  }

  it('is required per role by the setting: a role without it signs in with the password alone', async () => {
    await fixture.addAccount({ login: 'uketsuke-01', role: 'reception', password: PASSWORD });
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    expect((await signedIn(fixture, 'uketsuke-01')).session).toMatchObject({ totpRequired: false, pending: undefined });
    expect((await signedIn(fixture, 'kusuri')).session).toMatchObject({ totpRequired: true, pending: 'TOTP_ENROLMENT_REQUIRED' });
  });

  it('once enrolled, a login needs a fresh code: none → TOTP_REQUIRED, wrong or replayed → TOTP_INVALID', async () => {
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    const secret = await enrolled('kusuri');
    fixture.clock.advance(30_000);
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD })).toEqual({ ok: false, code: 'TOTP_REQUIRED' });
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD, totp: '123456' === totpCodeAt(secret, fixture.clock.now()) ? '654321' : '123456' })).toEqual({ ok: false, code: 'TOTP_INVALID' });
    const code = totpCodeAt(secret, fixture.clock.now());
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD, totp: code })).toMatchObject({ ok: true });
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD, totp: code })).toEqual({ ok: false, code: 'TOTP_INVALID' });
    // A wrong password with a right code is still a wrong password.
    fixture.clock.advance(30_000);
    expect(await fixture.auth.login({ login: 'kusuri', password: 'wrong password', totp: totpCodeAt(secret, fixture.clock.now()) })).toEqual({ ok: false, code: 'LOGIN_FAILED' });
  });

  it('wrong codes count toward the lock-out', async () => {
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    const secret = await enrolled('kusuri');
    const wrong = totpCodeAt(secret, new Date(fixture.clock.now().getTime() + 10 * 60_000));
    // The enrolment's wrong code was the first failure.
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD, totp: wrong })).toMatchObject({ code: 'TOTP_INVALID' });
    expect(await fixture.auth.login({ login: 'kusuri', password: PASSWORD, totp: wrong })).toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it('keeps the secret sealed: the database holds neither it nor anything that opens it', async () => {
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    const secret = await enrolled('kusuri');
    const file = Buffer.concat([readFileSync(fixture.temp.file), readFileSync(`${fixture.temp.file}-wal`)]);
    expect(file.includes(Buffer.from(secret))).toBe(false);
    expect(file.includes(fixture.keys.totpSeal)).toBe(false);
  });

  it('an administrator’s reset removes the factor and the account enrols again', async () => {
    const admin = await fixture.addAccount({ login: 'admin', role: 'admin', password: PASSWORD });
    await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: PASSWORD });
    const adminSecret = await enrolled('admin');
    await enrolled('kusuri');
    fixture.clock.advance(30_000);
    const { session } = await signedIn(fixture, 'admin', PASSWORD, totpCodeAt(adminSecret, fixture.clock.now()));
    const kusuri = fixture.accounts.credentialsByLogin('kusuri')!.account;
    expect(fixture.auth.resetTotp(session, kusuri.id)).toEqual({ ok: true });
    expect((await signedIn(fixture, 'kusuri')).session.pending).toBe('TOTP_ENROLMENT_REQUIRED');
    expect(admin.role).toBe('admin');
  });
});
