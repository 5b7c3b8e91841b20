import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openConsoleAuthFixture, FAST_SCRYPT, type ConsoleAuthFixture } from './testing/console-auth-fixture';
import { recoverAdministrator } from './recover-administrator';
import { SqliteConsoleAccountsStore } from '../../../store/console-accounts-store';
import { openTempReceptionDatabase } from '../../../store/testing/temp-database';

const ADMIN_PASSWORD = 'わすれた かんりしゃ の ぱすわーど';

describe('recovering an administrator from the terminal’s machine', () => {
  let fixture: ConsoleAuthFixture;
  beforeEach(() => {
    fixture = openConsoleAuthFixture();
  });
  afterEach(() => fixture.dispose());

  const recoveryAudit = () =>
    fixture.temp.db.prepare("SELECT event FROM audit_log WHERE actor_kind = 'terminal' AND actor_id = 'admin-recovery' ORDER BY id").all().map((row) => (row as { event: string }).event);

  it('gives a locked, disabled administrator with TOTP a new one-time password: signs in, must change it, enrols again; audited', async () => {
    const admin = await fixture.addAccount({ login: 'kanri', role: 'admin', password: ADMIN_PASSWORD });
    await fixture.addAccount({ login: 'kanri-2', role: 'admin', password: ADMIN_PASSWORD });
    fixture.accounts.setPendingTotp(admin.id, 'v1.pending-secret', fixture.clock.now());
    fixture.accounts.confirmTotp(admin.id, 1, fixture.clock.now());
    for (let attempt = 0; attempt < 5; attempt += 1) await fixture.auth.login({ login: 'kanri', password: 'wrong wrong wrong wrong' });
    fixture.accounts.updateAccount(admin.id, { disabled: true }, fixture.clock.now(), { kind: 'staff', id: 'kanri-2' });

    const outcome = await recoverAdministrator({ accounts: fixture.accounts, clock: fixture.clock, login: 'kanri', resetTotp: true, hashParameters: FAST_SCRYPT });
    expect(outcome).toMatchObject({ ok: true, login: 'kanri', created: false, totpReset: true });
    const oneTimePassword = outcome.ok ? outcome.oneTimePassword : '';
    expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(await fixture.auth.login({ login: 'kanri', password: ADMIN_PASSWORD })).toMatchObject({ ok: false });
    const signedIn = await fixture.auth.login({ login: 'kanri', password: oneTimePassword });
    expect(signedIn).toMatchObject({ ok: true, session: { pending: 'PASSWORD_CHANGE_REQUIRED' } });
    expect(fixture.accounts.findAccount(admin.id)).toMatchObject({ disabled: false, lockedUntil: null, mustChangePassword: true, totpEnrolled: false });
    expect(recoveryAudit()).toEqual(['ACCOUNT_CHANGED', 'PASSWORD_RESET', 'TOTP_RESET']);
  });

  it('recovers administrators only, and names an account that does not exist', async () => {
    await fixture.addAccount({ login: 'admin', role: 'admin', password: ADMIN_PASSWORD });
    await fixture.addAccount({ login: 'uketsuke', role: 'reception', password: ADMIN_PASSWORD });
    expect(await recoverAdministrator({ accounts: fixture.accounts, clock: fixture.clock, login: 'uketsuke', hashParameters: FAST_SCRYPT })).toMatchObject({ ok: false, code: 'NOT_AN_ADMINISTRATOR' });
    expect(await recoverAdministrator({ accounts: fixture.accounts, clock: fixture.clock, login: 'nobody', hashParameters: FAST_SCRYPT })).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_FOUND' });
    expect(fixture.accounts.credentialsByLogin('uketsuke')?.account.mustChangePassword).toBe(false);
    expect(recoveryAudit()).toEqual([]);
  });

  it('makes the first administrator when the terminal has no account at all', async () => {
    const outcome = await recoverAdministrator({ accounts: fixture.accounts, clock: fixture.clock, hashParameters: FAST_SCRYPT });
    expect(outcome).toMatchObject({ ok: true, login: 'admin', created: true });
    expect(fixture.accounts.credentialsByLogin('admin')?.account).toMatchObject({ role: 'admin', mustChangePassword: true });
  });
});

describe('the recovery command', () => {
  const script = fileURLToPath(new URL('../../cli/recover-administrator.ts', import.meta.url));
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('prints the one-time password once for the named administrator of the given store file; refuses without a file', async () => {
    const temp = openTempReceptionDatabase();
    try {
      new SqliteConsoleAccountsStore(temp.db).createAccount(
        { login: 'kanri', displayName: '管理', role: 'admin', passwordHash: 'scrypt$N=1024,r=8,p=1$c2FsdA==$aGFzaA==', mustChangePassword: false },
        new Date(),
        { kind: 'terminal', id: 'first-start' },
      );
      const recovered = run(['--store', temp.file, '--login', 'kanri']);
      expect(recovered.status).toBe(0);
      expect(recovered.stdout).toMatch(/one-time password: [a-z2-9]{4}(-[a-z2-9]{4}){3}\n/);
      expect(new SqliteConsoleAccountsStore(temp.db).credentialsByLogin('kanri')?.account.mustChangePassword).toBe(true);
      const missing = run([]);
      expect(missing.status).toBe(2);
      expect(missing.stderr).toContain('--store');
      const mistyped = run(['--store', `${temp.file}.typo`]);
      expect(mistyped.status).toBe(2);
      expect(existsSync(`${temp.file}.typo`)).toBe(false);
      const wrongRole = run(['--store', temp.file, '--login', 'nobody']);
      expect(wrongRole.status).toBe(1);
      expect(wrongRole.stderr).toContain('ACCOUNT_NOT_FOUND');
    } finally {
      temp.dispose();
    }
  }, 90_000);
});
