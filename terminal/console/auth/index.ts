import { dirname, join } from 'node:path';
import type { Clock } from '../../../flow/ports/clock';
import type { SqliteConsoleAccountsStore } from '../../../store/console-accounts-store';
import type { ReceptionConfig } from '../../config';
import { ConsoleAuth } from './console-auth';
import type { ConsoleAuthRoutesDeps } from './console-auth-routes';
import { consoleKeysOf, loadOrCreateConsoleKey, type ConsoleKeys } from './console-key';
import { consoleAuthSettingsOf } from './settings';

export { ConsoleAuth } from './console-auth';
export type { ConsoleAuthCode, ConsoleSession, PendingStep } from './console-auth';
export { BACKGROUND_HEADER, CSRF_COOKIE, registerConsoleAuth, SESSION_COOKIE } from './console-auth-routes';
export type { ConsoleGuards, GuardCode, SessionGuardOptions } from './console-auth-routes';
export { ensureFirstAdministrator, type FirstAdministrator } from './first-administrator';
export { consoleAuthSettingsOf, DEFAULT_CONSOLE_AUTH_SETTINGS, type ConsoleAuthSettings } from './settings';

/** Where the console key lives unless configured: beside the store file (not inside it). */
export function consoleKeyFileOf(config: ReceptionConfig): string {
  return config.console?.keyFile ?? join(dirname(config.store.file), 'console.key');
}

/** The keys derived from the terminal's console key (made on the first start). */
export function consoleKeysFor(config: ReceptionConfig): ConsoleKeys {
  return consoleKeysOf(loadOrCreateConsoleKey(consoleKeyFileOf(config)));
}

/**
 * The console's sign-in for a configured terminal: its settings, its key (made on the first start),
 * over the terminal's account store. Hand the result to `registerConsoleAuth(app, …)`.
 */
export function openConsoleAuth(config: ReceptionConfig, accounts: SqliteConsoleAccountsStore, clock: Clock = { now: () => new Date() }): ConsoleAuthRoutesDeps {
  const keys = consoleKeysFor(config);
  return { auth: new ConsoleAuth({ accounts, clock, settings: consoleAuthSettingsOf(config.console), keys }), csrfKey: keys.csrfHmac };
}
