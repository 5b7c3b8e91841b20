import type { Migration, MigrationRunner } from '../kernel/migrations';
import { StoreError } from './errors';
import type { SqliteDatabase } from './sqlite-driver';

/**
 * The kernel's migration runner over better-sqlite3: one transaction per step, with
 * `PRAGMA user_version` set inside it, so a failed step leaves the previous version whole.
 * Already-applied steps are skipped; never migrates down; a database newer than the code is refused.
 */
export class SqliteMigrationRunner implements MigrationRunner<SqliteDatabase> {
  constructor(private readonly migrations: ReadonlyArray<Migration>) {
    migrations.forEach((migration, index) => {
      if (migration.version !== index + 1) {
        throw new StoreError('MIGRATION_FAILED', `${migration.name} is numbered ${migration.version}, expected ${index + 1}`);
      }
    });
  }

  get latestVersion(): number {
    return this.migrations.length;
  }

  schemaVersion(db: SqliteDatabase): number {
    return Number(db.pragma('user_version', { simple: true }));
  }

  migrate(db: SqliteDatabase, targetVersion: number = this.latestVersion): number {
    if (!Number.isInteger(targetVersion) || targetVersion < 0 || targetVersion > this.latestVersion) {
      throw new StoreError('INVALID_MIGRATION_TARGET', `version ${targetVersion} is not between 0 and ${this.latestVersion}`);
    }
    const current = this.schemaVersion(db);
    if (current > this.latestVersion) {
      throw new StoreError('UNKNOWN_SCHEMA_VERSION', `database is at version ${current}, this code knows up to ${this.latestVersion}`);
    }
    for (const migration of this.migrations.slice(current, targetVersion)) {
      const apply = db.transaction(() => {
        db.exec(migration.sql);
        // PRAGMA takes no bound parameters; the version is our own integer.
        db.exec(`PRAGMA user_version = ${migration.version}`);
      });
      try {
        apply.immediate();
      } catch (error) {
        throw new StoreError('MIGRATION_FAILED', `${migration.name} failed`, { cause: error });
      }
    }
    return this.schemaVersion(db);
  }
}
