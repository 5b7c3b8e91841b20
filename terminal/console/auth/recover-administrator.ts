import type { Clock } from '../../../flow/ports/clock';
import type { AuditActor } from '../../../store/audit-encoding';
import type { SqliteConsoleAccountsStore } from '../../../store/console-accounts-store';
import { ensureFirstAdministrator, FIRST_ADMINISTRATOR_LOGIN } from './first-administrator';
import { newOneTimePassword } from './one-time-password';
import { DEFAULT_SCRYPT, hashPassword, type ScryptParameters } from './password-hash';

/** Who the audit log names for a recovery: someone at the terminal's own machine, not a console account. */
export const ADMIN_RECOVERY: AuditActor = { kind: 'terminal', id: 'admin-recovery' };

export type RecoveryOutcome =
  | { readonly ok: true; readonly login: string; readonly oneTimePassword: string; readonly created: boolean; readonly totpReset: boolean }
  | { readonly ok: false; readonly code: 'ACCOUNT_NOT_FOUND' | 'NOT_AN_ADMINISTRATOR'; readonly detail: string };

/**
 * For the one who holds the terminal's machine when no administrator can sign in (password forgotten,
 * account locked or disabled, phone with the TOTP app lost): gives an administrator account a new
 * one-time password to change at the next login, unlocks and re-enables it, ends its sessions and,
 * when asked, removes its second factor. With no account at all, makes the first administrator. Only
 * an administrator account is recovered: the command cannot raise anyone's role. Each step is audited
 * as ADMIN_RECOVERY.
 */
export async function recoverAdministrator(deps: {
  readonly accounts: SqliteConsoleAccountsStore;
  readonly clock: Clock;
  readonly login?: string;
  readonly resetTotp?: boolean;
  readonly hashParameters?: ScryptParameters;
}): Promise<RecoveryOutcome> {
  const first = await ensureFirstAdministrator(deps);
  if (first.created) return { ok: true, login: first.login, oneTimePassword: first.oneTimePassword, created: true, totpReset: false };
  const login = deps.login ?? FIRST_ADMINISTRATOR_LOGIN;
  const account = deps.accounts.credentialsByLogin(login)?.account;
  if (account === undefined) return { ok: false, code: 'ACCOUNT_NOT_FOUND', detail: `no console account "${login}"` };
  if (account.role !== 'admin') return { ok: false, code: 'NOT_AN_ADMINISTRATOR', detail: `"${login}" is not an administrator; only administrators are recovered here` };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword, deps.hashParameters ?? DEFAULT_SCRYPT);
  const totpReset = deps.resetTotp === true && account.totpEnrolled;
  deps.accounts.recoverAdministrator(account.id, passwordHash, totpReset, deps.clock.now(), ADMIN_RECOVERY);
  return { ok: true, login, oneTimePassword, created: false, totpReset };
}
