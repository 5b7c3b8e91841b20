import type { MigrationRunner } from '../../kernel/migrations';
import { CentralStoreError } from './errors';
import { centralMigrations, LATEST_SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations';
import type { SqliteDatabase } from './sqlite-driver';

export function schemaVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * The central store's migration runner (kernel/migrations.ts) over `migrations` (default: the
 * central schema). `migrate` brings the schema to `targetVersion` (default: the latest of
 * `migrations`), one migration per transaction, each setting `user_version` inside its own
 * transaction so a failed step leaves the previous version whole. Already-applied steps are skipped,
 * so calling it again is a no-op. Never migrates down; a database newer than the list is refused.
 */
export function createCentralMigrationRunner(migrations: ReadonlyArray<Migration> = centralMigrations): MigrationRunner<SqliteDatabase> {
  return {
    schemaVersion,
    migrate: (db, targetVersion = migrations.length) => migrateWith(db, targetVersion, migrations),
  };
}

/** The runner over the central schema, as openCentralStore uses it. */
export const centralMigrationRunner: MigrationRunner<SqliteDatabase> = createCentralMigrationRunner();

/** `createCentralMigrationRunner(migrations).migrate(db, targetVersion)`, with the central schema's latest as default target. */
export function migrateCentralStore(
  db: SqliteDatabase,
  targetVersion: number = LATEST_SCHEMA_VERSION,
  migrations: ReadonlyArray<Migration> = centralMigrations,
): number {
  return createCentralMigrationRunner(migrations).migrate(db, targetVersion);
}

function migrateWith(db: SqliteDatabase, targetVersion: number, migrations: ReadonlyArray<Migration>): number {
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
