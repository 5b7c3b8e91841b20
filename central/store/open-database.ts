import { closeSync, openSync } from 'node:fs';
import { CentralStoreError } from './errors';
import { centralMigrationRunner } from './migrate';
import { openSqliteFile } from './sqlite-driver';
import type { SqliteDatabase } from './sqlite-driver';

export interface OpenCentralStoreOptions {
  /** How long a writer waits for another connection's lock before failing. Default 5 s. */
  busyTimeoutMs?: number;
  /** Schema version to migrate to; default the latest. Tests pass N−1 to exercise a migration. */
  migrateTo?: number;
}

/**
 * Opens (creating when absent) the central system's SQLite file: WAL so readers do not block the
 * writer, foreign keys enforced, a busy timeout, then migrations. The caller owns the handle and
 * closes it; nothing here keeps a global connection.
 */
export function openCentralStore(filename: string, options: OpenCentralStoreOptions = {}): SqliteDatabase {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  let db: SqliteDatabase;
  try {
    // Created owner-only before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
    if (filename !== ':memory:') closeSync(openSync(filename, 'a', 0o600));
    db = openSqliteFile(filename, busyTimeoutMs);
  } catch (error) {
    throw new CentralStoreError('OPEN_FAILED', 'could not open the central store file', { cause: error });
  }
  try {
    // `:memory:` databases answer 'memory' here; WAL applies to files only.
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Waiting on another writer is the driver's (sqlite-driver.ts), in finer steps than SQLite's own.
    db.pragma('busy_timeout = 0');
    db.pragma('synchronous = NORMAL');
    centralMigrationRunner.migrate(db, options.migrateTo);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
