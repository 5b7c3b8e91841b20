import { closeSync, openSync } from 'node:fs';
import { StoreError } from './errors';
import { SqliteMigrationRunner } from './migration-runner';
import { receptionStoreMigrations } from './migrations';
import { openSqliteFile } from './sqlite-driver';
import type { SqliteDatabase } from './sqlite-driver';

export interface OpenReceptionDatabaseOptions {
  /** How long a writer waits for another connection's lock before failing. Default 5 s. */
  readonly busyTimeoutMs?: number;
  /** Schema version to migrate to; default the latest. Tests pass N−1 to exercise a migration. */
  readonly migrateTo?: number;
}

export const receptionMigrationRunner = new SqliteMigrationRunner(receptionStoreMigrations);

/**
 * Opens (creating when absent, owner-only) the terminal's SQLite file and migrates it. The caller owns
 * the handle and closes it; nothing here keeps a global connection.
 */
export function openReceptionDatabase(filename: string, options: OpenReceptionDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    if (filename !== ':memory:') closeSync(openSync(filename, 'a', 0o600));
    db = openSqliteFile(filename, options.busyTimeoutMs ?? 5_000);
  } catch (error) {
    throw new StoreError('OPEN_FAILED', 'could not open the reception store file', { cause: error });
  }
  try {
    // WAL: the console's reads never block the kiosk's writes.
    db.pragma('journal_mode = WAL');
    // FULL, not NORMAL: with WAL, NORMAL may lose the last commits on a power cut. A reception the
    // patient was told is done, and its audit row, must survive that; a terminal writes a few rows a
    // minute, so one fsync per commit costs nothing noticeable.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    receptionMigrationRunner.migrate(db, options.migrateTo);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
