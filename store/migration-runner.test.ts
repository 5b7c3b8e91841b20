import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from '../kernel/migrations';
import { isStoreError } from './errors';
import { SqliteMigrationRunner } from './migration-runner';
import { LATEST_SCHEMA_VERSION, receptionStoreMigrations } from './migrations';
import { openReceptionDatabase, receptionMigrationRunner } from './open-reception-database';
import type { SqliteDatabase } from './sqlite-driver';

const ISO = '2026-11-21T01:00:00.000Z';
const HASH = 'a'.repeat(64);

function tableRows(db: SqliteDatabase): Record<string, unknown[]> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

describe('reception store migrations', () => {
  const folders: string[] = [];
  const databases: SqliteDatabase[] = [];
  const freshFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'reception-migrate-'));
    folders.push(dir);
    return join(dir, 'terminal.sqlite');
  };
  const open = (file: string, migrateTo?: number) => {
    const db = openReceptionDatabase(file, migrateTo === undefined ? {} : { migrateTo });
    databases.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of databases.splice(0)) if (db.open) db.close();
    for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('numbers the migrations 1…N with their names', () => {
    receptionStoreMigrations.forEach((migration, index) => {
      expect(migration.version).toBe(index + 1);
      expect(migration.name.startsWith(String(index + 1).padStart(3, '0'))).toBe(true);
    });
    expect(LATEST_SCHEMA_VERSION).toBe(receptionStoreMigrations.length);
    expect(() => new SqliteMigrationRunner([{ version: 2, name: '002-first', sql: '' }])).toThrow(expect.objectContaining({ code: 'MIGRATION_FAILED' }));
  });

  it('opens a file in WAL mode, synchronous FULL, foreign keys on, at the latest version', () => {
    const db = open(freshFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(receptionMigrationRunner.schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('creates the database and its WAL and shared-memory files readable by the owner only', () => {
    const file = freshFile();
    const db = open(file);
    db.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at) VALUES ('r-1', 'kiosk-1', 'open', ?)`).run(ISO);
    for (const suffix of ['', '-wal', '-shm']) expect(statSync(`${file}${suffix}`).mode & 0o777, suffix || 'db').toBe(0o600);
  });

  it('keeps rows written at N−1 when migrating to N, and the new table works next to them', () => {
    const file = freshFile();
    const old = open(file, LATEST_SCHEMA_VERSION - 1);
    expect(receptionMigrationRunner.schemaVersion(old)).toBe(LATEST_SCHEMA_VERSION - 1);
    old.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at, ended_at) VALUES ('r-1', 'kiosk-1', 'queued', ?, ?)`).run(ISO, ISO);
    old.prepare(`INSERT INTO consents (reception_id, category, agreed, given_at, expires_at) VALUES ('r-1', 'pharmaceutical', 1, ?, '2026-11-22T01:00:00.000Z')`).run(ISO);
    old.prepare(
      `INSERT INTO audit_log (id, at, actor_kind, actor_id, event, reception_id, kiosk_id, detail_json, previous_hash, hash)
       VALUES (1, ?, 'kiosk', 'kiosk-1', 'RECEPTION_QUEUED', 'r-1', 'kiosk-1', '{}', ?, ?)`,
    ).run(ISO, '0'.repeat(64), HASH);
    const before = tableRows(old);
    old.close();

    const db = open(file);
    expect(receptionMigrationRunner.schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    const after = tableRows(db);
    for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
    db.prepare(
      `INSERT INTO outage_queue (reception_id, kiosk_id, queued_at, certificate_der, method, consents_json) VALUES ('r-1', 'kiosk-1', ?, X'3082', 'pin', '{"pharmaceutical":true}')`,
    ).run(ISO);
    expect(db.prepare('SELECT status, attempts FROM outage_queue').get()).toEqual({ status: 'pending', attempts: 0 });
  });

  it('is idempotent: migrating again and reopening change nothing', () => {
    const file = freshFile();
    const db = open(file);
    db.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at) VALUES ('r-1', 'kiosk-1', 'open', ?)`).run(ISO);
    const before = tableRows(db);
    expect(receptionMigrationRunner.migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    db.close();
    expect(tableRows(open(file))).toEqual(before);
  });

  it('rolls a failing migration back whole and stays at the previous version', () => {
    const db = open(freshFile(), 0);
    const broken = new SqliteMigrationRunner([
      { version: 1, name: '001-ok', sql: 'CREATE TABLE first_table (id INTEGER PRIMARY KEY) STRICT;' },
      { version: 2, name: '002-broken', sql: 'CREATE TABLE second_table (id INTEGER PRIMARY KEY) STRICT; CREATE TABLE oops (' },
    ] satisfies Migration[]);
    expect(() => broken.migrate(db)).toThrow(expect.objectContaining({ code: 'MIGRATION_FAILED' }));
    expect(broken.schemaVersion(db)).toBe(1);
    expect(Object.keys(tableRows(db))).toEqual(['first_table']);
  });

  it('refuses a database newer than the code, and targets outside 0…N', () => {
    const file = freshFile();
    const db = open(file);
    db.pragma('user_version = 99');
    expect(() => receptionMigrationRunner.migrate(db)).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCHEMA_VERSION' }));
    db.close();
    expect(() => openReceptionDatabase(file)).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCHEMA_VERSION' }));
    const fresh = open(freshFile(), 0);
    for (const target of [-1, LATEST_SCHEMA_VERSION + 1, 1.5]) {
      expect(isStoreError(captured(() => receptionMigrationRunner.migrate(fresh, target)), 'INVALID_MIGRATION_TARGET'), String(target)).toBe(true);
    }
  });

  it('enforces the CHECKs, foreign keys and the append-only audit log', () => {
    const db = open(freshFile());
    const insertReception = db.prepare(`INSERT INTO receptions (reception_id, kiosk_id, state, started_at) VALUES (?, 'kiosk-1', 'open', ?)`);
    // A name cannot pass for an id, and times are ISO text only.
    expect(() => insertReception.run('試験 太郎', ISO)).toThrow(/CHECK constraint/);
    expect(() => insertReception.run('r-2', '2026/11/21')).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`INSERT INTO consents VALUES ('no-such', 'pharmaceutical', 1, ?, '2026-11-22T01:00:00.000Z')`).run(ISO)).toThrow(/FOREIGN KEY/);
    insertReception.run('r-1', ISO);
    // Codes are upper-case (with a bracketed sub-code at most): free text is refused.
    const abandon = db.prepare(`UPDATE receptions SET state = 'abandoned', ended_at = ?, ending_code = ? WHERE reception_id = 'r-1'`);
    expect(() => abandon.run(ISO, 'left, said Taro')).toThrow(/CHECK constraint/);
    expect(() => abandon.run(ISO, '太郎')).toThrow(/CHECK constraint/);
    abandon.run(ISO, 'CARD_CERTIFICATE_INVALID [REVOKED]');
    db.prepare(`UPDATE receptions SET state = 'open', ended_at = NULL, ending_code = NULL WHERE reception_id = 'r-1'`).run();
    // A completed reception must carry its result codes.
    expect(() => db.prepare(`UPDATE receptions SET state = 'completed', ended_at = ? WHERE reception_id = 'r-1'`).run(ISO)).toThrow(/CHECK constraint/);
    db.prepare(
      `INSERT INTO audit_log (id, at, actor_kind, actor_id, event, detail_json, previous_hash, hash) VALUES (1, ?, 'staff', 'uketsuke-01', 'RESULT_VIEWED', '{}', ?, ?)`,
    ).run(ISO, '0'.repeat(64), HASH);
    expect(() => db.prepare(`UPDATE audit_log SET event = 'OTHER'`).run()).toThrow(/AUDIT_APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_APPEND_ONLY/);
  });
});

function captured(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}
