import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCentralStore } from '../open-database';
import type { OpenCentralStoreOptions } from '../open-database';
import { seedCentralStore } from '../seed-central-store';
import type { SqliteDatabase } from '../sqlite-driver';

/**
 * For the store's tests only (nothing in the product imports this): real SQLite files in a fresh
 * temp folder, and the repository's fixture folders resolved from this file.
 */
const repositoryRoot = resolve(import.meta.dirname, '../../..');
export const FIXTURE_PERSONS_DIR = join(repositoryRoot, 'fixtures/persons');
export const FIXTURE_PKI_DIR = join(repositoryRoot, 'fixtures/pki');

export interface TempStore {
  dir: string;
  file: string;
  db: SqliteDatabase;
  /** Closes the database and removes the folder. */
  dispose(): void;
}

export function createTempDir(prefix = 'central-store-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openTempStore(options: OpenCentralStoreOptions = {}): TempStore {
  const dir = createTempDir();
  const file = join(dir, 'central.sqlite');
  const db = openCentralStore(file, options);
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

export async function openSeededTempStore(): Promise<TempStore> {
  const store = openTempStore();
  await seedCentralStore(store.db, { personsDir: FIXTURE_PERSONS_DIR, pkiDir: FIXTURE_PKI_DIR });
  return store;
}

/** Every row of every table, for before/after comparisons. */
export function dumpAllTables(db: SqliteDatabase): Record<string, unknown[]> {
  const tables = db
    .prepare<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((row) => row.name);
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
}
