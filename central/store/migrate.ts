import { CentralStoreError } from './errors';
import { centralMigrations, LATEST_SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations';
import type { SqliteDatabase } from './sqlite-driver';

export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings the schema to `targetVersion` (default: the latest), one migration per transaction, each
 * setting `user_version` inside its own transaction so a failed step leaves the previous version
 * whole. Already-applied steps are skipped, so calling it again is a no-op. Never migrates down.
 */
export function migrateCentralStore(
  db: SqliteDatabase,
  targetVersion: number = LATEST_SCHEMA_VERSION,
  migrations: ReadonlyArray<Migration> = centralMigrations,
): number {
  if (!Number.isInteger(targetVersion) || targetVersion < 0 || targetVersion > migrations.length) {
    throw new CentralStoreError('INVALID_MIGRATION_TARGET', `version ${targetVersion} is not between 0 and ${migrations.length}`);
  }
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new CentralStoreError('MIGRATION_FAILED', `${migration.name} is numbered ${migration.version}, expected ${index + 1}`);
    }
  });
  const current = schemaVersion(db);
  if (current > migrations.length) {
    throw new CentralStoreError('UNKNOWN_SCHEMA_VERSION', `database is at version ${current}, this code knows up to ${migrations.length}`);
  }
  for (const migration of migrations.slice(current, targetVersion)) {
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is our own integer.
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
    try {
      apply();
    } catch (error) {
      throw new CentralStoreError('MIGRATION_FAILED', `${migration.name} failed`, { cause: error });
    }
  }
  return schemaVersion(db);
}
