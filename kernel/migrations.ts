/**
 * The shape of a numbered SQLite migration runner, shared by every store (the terminal's and the
 * central mock's). Types only: each store implements the runner next to its own driver, since only
 * store/ and central/ may touch SQLite.
 */

/** One numbered schema step. `version` is the `PRAGMA user_version` the database has after it. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Brings a database to a schema version, one migration per transaction with `user_version` set inside
 * it, so a failed step leaves the previous version whole. Never migrates down; a database newer than
 * the code is refused.
 */
export interface MigrationRunner<Database> {
  /** The database's current `user_version`. */
  schemaVersion(db: Database): number;
  /** Migrates to `targetVersion` (default: the latest known) and returns the version reached. */
  migrate(db: Database, targetVersion?: number): number;
}
