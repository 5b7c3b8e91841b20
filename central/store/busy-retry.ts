import type { Database as BetterSqliteDatabase } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver';

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
