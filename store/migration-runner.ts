import type Database from 'better-sqlite3';
import type { Migration, MigrationRunner } from '../kernel/migrations';

export class StoreError extends Error {
  constructor(
    readonly code: 'STORE_NEWER_THAN_CODE' | 'STORE_MIGRATION_FAILED' | 'STORE_WRITE_FAILED' | 'STORE_NOT_FOUND' | 'STORE_ALREADY_DONE',
    message: string,
  ) {
    super(message);
  }
}

/** Numbered migrations, each in its own transaction with `user_version` set inside it. */
export function createMigrationRunner(migrations: readonly Migration[]): MigrationRunner<Database.Database> {
  const latest = migrations.at(-1)?.version ?? 0;
  return {
    schemaVersion: (db) => Number(db.pragma('user_version', { simple: true })),
    migrate(db, targetVersion = latest) {
      const current = Number(db.pragma('user_version', { simple: true }));
      if (current > latest) throw new StoreError('STORE_NEWER_THAN_CODE', `the store is at schema ${current}, this terminal knows ${latest}`);
      for (const migration of migrations) {
        if (migration.version <= current || migration.version > targetVersion) continue;
        try {
          db.transaction(() => {
            db.exec(migration.sql);
            db.pragma(`user_version = ${migration.version}`);
          })();
        } catch (error) {
          throw new StoreError('STORE_MIGRATION_FAILED', `migration ${migration.version} (${migration.name}): ${(error as Error).message}`);
        }
      }
      return Number(db.pragma('user_version', { simple: true }));
    },
  };
}
