import type { Clock } from '../../../flow/ports/clock';
import { CONSOLE_FIRST_START, type SqliteConsoleAccountsStore } from '../../../store/console-accounts-store';
import { isStoreError } from '../../../store/errors';
import { newOneTimePassword } from './one-time-password';
import { DEFAULT_SCRYPT, hashPassword, type ScryptParameters } from './password-hash';

export const FIRST_ADMINISTRATOR_LOGIN = 'admin';

export type FirstAdministrator =
  | { readonly created: true; readonly login: string; readonly oneTimePassword: string }
  | { readonly created: false };

/**
 * At start: when the terminal has no console account at all, makes the administrator `admin` with a
 * random one-time password and returns it, for the caller to print once (it is kept nowhere else:
 * only its hash is stored). The password must be changed at the first login. With any account
 * present, does nothing.
 */
export async function ensureFirstAdministrator(deps: { accounts: SqliteConsoleAccountsStore; clock: Clock; hashParameters?: ScryptParameters }): Promise<FirstAdministrator> {
  if (deps.accounts.accountCount() > 0) return { created: false };
  const oneTimePassword = newOneTimePassword();
  const passwordHash = await hashPassword(oneTimePassword, deps.hashParameters ?? DEFAULT_SCRYPT);
  try {
    deps.accounts.createAccount(
      { login: FIRST_ADMINISTRATOR_LOGIN, displayName: '管理者 / Administrator', role: 'admin', passwordHash, mustChangePassword: true },
      deps.clock.now(),
      CONSOLE_FIRST_START,
    );
  } catch (error) {
    if (isStoreError(error, 'ACCOUNT_EXISTS')) return { created: false };
    throw error;
  }
  return { created: true, login: FIRST_ADMINISTRATOR_LOGIN, oneTimePassword };
}
