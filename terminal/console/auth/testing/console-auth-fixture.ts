import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../../flow/ports/clock';
import { CONSOLE_FIRST_START, SqliteConsoleAccountsStore, type ConsoleAccount, type ConsoleRole } from '../../../../store/console-accounts-store';
import { openTempReceptionDatabase, type TempDatabase } from '../../../../store/testing/temp-database';
import { ConsoleAuth } from '../console-auth';
import { consoleKeysOf, type ConsoleKeys } from '../console-key';
import { hashPassword, type ScryptParameters } from '../password-hash';
import { DEFAULT_CONSOLE_AUTH_SETTINGS, type ConsoleAuthSettings } from '../settings';

/** For tests only: a clock that moves when told to. */
export class ManualClock implements Clock {
  constructor(private time: Date) {}

  now(): Date {
    return new Date(this.time.getTime());
  }

  advance(ms: number): void {
    this.time = new Date(this.time.getTime() + ms);
  }
}

/** scrypt's smallest accepted cost: tests hash many passwords. The product's cost is tested on its own. */
export const FAST_SCRYPT: ScryptParameters = { N: 1024, r: 8, p: 1 };
export const T0 = new Date('2026-11-21T00:00:00.000Z');

export interface ConsoleAuthFixture {
  readonly temp: TempDatabase;
  readonly accounts: SqliteConsoleAccountsStore;
  readonly clock: ManualClock;
  readonly keys: ConsoleKeys;
  readonly settings: ConsoleAuthSettings;
  readonly auth: ConsoleAuth;
  addAccount(input: { login: string; role: ConsoleRole; password: string; mustChangePassword?: boolean; displayName?: string }): Promise<ConsoleAccount>;
  dispose(): void;
}

/** A console over a real SQLite file in a temp folder, a manual clock and a fresh key. */
export function openConsoleAuthFixture(settings: Partial<ConsoleAuthSettings> = {}): ConsoleAuthFixture {
  const temp = openTempReceptionDatabase();
  const accounts = new SqliteConsoleAccountsStore(temp.db);
  const clock = new ManualClock(T0);
  const keys = consoleKeysOf(randomBytes(32));
  const merged = { ...DEFAULT_CONSOLE_AUTH_SETTINGS, ...settings };
  const auth = new ConsoleAuth({ accounts, clock, settings: merged, keys, hashParameters: FAST_SCRYPT });
  return {
    temp,
    accounts,
    clock,
    keys,
    settings: merged,
    auth,
    async addAccount({ login, role, password, mustChangePassword = false, displayName = login }) {
      const passwordHash = await hashPassword(password, FAST_SCRYPT);
      return accounts.createAccount({ login, displayName, role, passwordHash, mustChangePassword }, clock.now(), CONSOLE_FIRST_START);
    },
    dispose: () => temp.dispose(),
  };
}
