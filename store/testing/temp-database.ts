import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReceptionDatabase } from '../open-reception-database';
import type { OpenReceptionDatabaseOptions } from '../open-reception-database';
import type { SqliteDatabase } from '../sqlite-driver';

/** For tests only: a real SQLite file in a fresh temp folder, removed on dispose. */
export interface TempDatabase {
  readonly dir: string;
  readonly file: string;
  readonly db: SqliteDatabase;
  dispose(): void;
}

export function openTempReceptionDatabase(options: OpenReceptionDatabaseOptions = {}): TempDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'reception-store-'));
  const file = join(dir, 'terminal.sqlite');
  const db = openReceptionDatabase(file, options);
  return {
    dir,
    file,
    db,
    dispose() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row of every table, for before/after comparisons and content scans. */
export function dumpAllTables(db: SqliteDatabase): Record<string, Record<string, unknown>[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => (row as { name: string }).name);
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all() as Record<string, unknown>[]]));
}

/**
 * Plays someone with the file: drops the append-only triggers so a test can edit, delete or move
 * audit rows and show that the hash chain still tells.
 */
export function dropAuditGuards(db: SqliteDatabase): void {
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}
