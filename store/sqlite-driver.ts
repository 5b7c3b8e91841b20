import Database from 'better-sqlite3';

/**
 * The one file that loads better-sqlite3. The terminal has a single writing process, so SQLite's own
 * busy handler is enough (the central mock, with a process per core, needs finer waiting).
 */
export type SqliteDatabase = Database.Database;

export function openSqliteFile(filename: string, busyTimeoutMs: number): SqliteDatabase {
  return new Database(filename, { timeout: busyTimeoutMs });
}
