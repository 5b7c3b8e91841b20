import Database, { type Database as BetterSqliteDatabase } from 'better-sqlite3';

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
 * SQLite itself does not wait on a lock (timeout 0): retryingWhenBusy waits, in finer steps.
 */
export function openSqliteFile(filename: string, busyTimeoutMs: number): SqliteDatabase {
  return retryingWhenBusy(new Database(filename, { timeout: 0 }), busyTimeoutMs);
}

/**
 * Waiting for another process's writer. SQLite's own busy handler sleeps at least a millisecond and
 * then longer, while a writer here holds the lock for tens of microseconds: with several server
 * processes that sleeping, not the work, set the pace. So SQLite is told not to wait, and a write that
 * finds the database locked is tried again after a pause that starts at 20 µs and doubles to 1 ms,
 * until `timeoutMs` have passed. Only outside a transaction: inside one the lock is already held.
 */
export function retryingWhenBusy(raw: BetterSqliteDatabase, timeoutMs: number): SqliteDatabase {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const retry = <T>(work: () => T): T => {
    if (raw.inTransaction) return work();
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      try {
        return work();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
        Atomics.wait(sleeper, 0, 0, Math.min(1, 0.02 * 2 ** attempt));
      }
    }
  };
  const database: SqliteDatabase = {
    get name() {
      return raw.name;
    },
    get open() {
      return raw.open;
    },
    get inTransaction() {
      return raw.inTransaction;
    },
    prepare<Row>(sql: string): SqliteStatement<Row> {
      const statement = retry(() => raw.prepare(sql));
      return {
        run: (parameters) => retry(() => (parameters === undefined ? statement.run() : statement.run(parameters))),
        get: (parameters) => retry(() => (parameters === undefined ? statement.get() : statement.get(parameters)) as Row | undefined),
        all: (parameters) => retry(() => (parameters === undefined ? statement.all() : statement.all(parameters)) as Row[]),
      };
    },
    exec(sql: string) {
      retry(() => raw.exec(sql));
      return database;
    },
    pragma: ((source: string, options?: { simple: true }) => retry(() => (options === undefined ? raw.pragma(source) : raw.pragma(source, options)))) as SqliteDatabase['pragma'],
    transaction<Args extends unknown[], Result>(body: (...args: Args) => Result): SqliteTransaction<Args, Result> {
      const transaction = raw.transaction(body);
      const run = ((...args: Args) => retry(() => transaction(...args))) as SqliteTransaction<Args, Result>;
      run.immediate = (...args: Args) => retry(() => transaction.immediate(...args));
      return run;
    },
    close: () => raw.close(),
  };
  return database;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
