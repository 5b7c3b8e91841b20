import Database from 'better-sqlite3';
import { retryingWhenBusy } from './busy-retry';

/**
 * The slice of better-sqlite3 the central store uses. The rest of the store is written against this
 * narrow interface, so this file is the only one that knows the driver.
 */
export type SqlValue = string | number | bigint | Buffer | null;

export type SqlParameters = Readonly<Record<string, SqlValue>>;

export interface SqliteRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqliteStatement<Row> {
  run(parameters?: SqlParameters): SqliteRunResult;
  get(parameters?: SqlParameters): Row | undefined;
  all(parameters?: SqlParameters): Row[];
}

export interface SqliteDatabase {
  readonly name: string;
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare<Row = unknown>(sql: string): SqliteStatement<Row>;
  exec(sql: string): SqliteDatabase;
  pragma(source: string, options: { simple: true }): unknown;
  pragma(source: string): unknown;
  transaction<Args extends unknown[], Result>(body: (...args: Args) => Result): SqliteTransaction<Args, Result>;
  close(): void;
}

/** A transaction function; `.immediate` takes the write lock at BEGIN, so two processes cannot both read-then-write. */
export interface SqliteTransaction<Args extends unknown[], Result> {
  (...args: Args): Result;
  immediate(...args: Args): Result;
}

/**
 * Opens the SQLite file (or `:memory:`) with better-sqlite3; nothing else in the store loads the driver.
 * SQLite itself does not wait on a lock (timeout 0): busy-retry.ts waits, in finer steps.
 */
export function openSqliteFile(filename: string, busyTimeoutMs: number): SqliteDatabase {
  return retryingWhenBusy(new Database(filename, { timeout: 0 }), busyTimeoutMs);
}
