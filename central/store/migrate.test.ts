import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createFacilityRepository } from './facility-repository';
import type { MigrationRunner } from '../../kernel/migrations';
import { centralMigrationRunner, createCentralMigrationRunner, migrateCentralStore, schemaVersion } from './migrate';
import { centralMigrations, LATEST_SCHEMA_VERSION } from './migrations';
import type { Migration } from './migrations';
import { openCentralStore } from './open-database';
import { countSeededRows, seedCentralStore } from './seed-central-store';
import { createPersonLookup } from './person-lookup';
import { createRefusalAudit } from './refusal-audit';
import { createReferenceNumberRepository } from './reference-number-repository';
import { dumpAllTables, FIXTURE_PERSONS_DIR, FIXTURE_PKI_DIR, openTempStore } from './testing/temp-store';
import type { TempStore } from './testing/temp-store';
import type { SqliteDatabase } from './sqlite-driver';
import { isCentralStoreError } from './errors';

describe('central store migrations', () => {
  const stores: TempStore[] = [];
  const track = (store: TempStore) => (stores.push(store), store);
  afterEach(() => stores.splice(0).forEach((store) => store.dispose()));

  it('numbers the migrations 1…N with their file names', () => {
    centralMigrations.forEach((migration, index) => {
      expect(migration.version).toBe(index + 1);
      expect(migration.name.startsWith(String(index + 1).padStart(3, '0'))).toBe(true);
    });
    expect(LATEST_SCHEMA_VERSION).toBe(centralMigrations.length);
  });

  it('opens a file in WAL mode with foreign keys and a busy timeout, at the latest version', () => {
    const { db } = track(openTempStore({ busyTimeoutMs: 1234 }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // The driver waits for other writers itself (sqlite-driver.ts); SQLite is told not to.
    expect(db.pragma('busy_timeout', { simple: true })).toBe(0);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('creates the database file, and its WAL and shared-memory files, readable by the owner only', () => {
    const store = track(openTempStore());
    store.db.prepare("INSERT INTO facilities (medical_institution_code, name) VALUES ('1399999999', 'x')").run();
    for (const suffix of ['', '-wal', '-shm']) expect(statSync(`${store.file}${suffix}`).mode & 0o777, suffix || 'db').toBe(0o600);
  });

  it('opens an in-memory database for quick unit tests', () => {
    const db = openCentralStore(':memory:');
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('lets a second connection read while the first writes (WAL)', () => {
    const store = track(openTempStore());
    const reader = openCentralStore(store.file);
    try {
      const facilities = createFacilityRepository(store.db);
      store.db.exec('BEGIN IMMEDIATE');
      facilities.register({ medicalInstitutionCode: '1399999999', name: '見本内科医院' });
      // The uncommitted write neither blocks nor shows through to the reader.
      expect(createFacilityRepository(reader).findByCode('1399999999')).toBeUndefined();
      store.db.exec('COMMIT');
      expect(createFacilityRepository(reader).findByCode('1399999999')?.name).toBe('見本内科医院');
    } finally {
      reader.close();
    }
  });

  it('is idempotent: reopening and migrating again change nothing', () => {
    const store = track(openTempStore());
    const before = dumpAllTables(store.db);
    expect(migrateCentralStore(store.db)).toBe(LATEST_SCHEMA_VERSION);
    store.db.close();
    const reopened = openCentralStore(store.file);
    try {
      expect(schemaVersion(reopened)).toBe(LATEST_SCHEMA_VERSION);
      expect(dumpAllTables(reopened)).toEqual(before);
    } finally {
      reopened.close();
    }
  });

  it('keeps rows written at version 6 intact when migrating to N (7 and 8 rebuild the refusal audit)', async () => {
    const store = track(openTempStore({ migrateTo: 6 }));
    expect(schemaVersion(store.db)).toBe(6);
    await seedCentralStore(store.db, { personsDir: FIXTURE_PERSONS_DIR, pkiDir: FIXTURE_PKI_DIR });
    // Versions 4 and 7 rebuild the refusal audit: a row written before must come through.
    store.db
      .prepare(`INSERT INTO refusals (occurred_at, medical_institution_code, operation, code) VALUES ('2026-11-21T01:02:03.000Z', '1399999999', 'medication-information', 'NO_CONSENT')`)
      .run({});
    // A second of the same kind in the same minute: version 7 counts them in one row.
    store.db
      .prepare(`INSERT INTO refusals (occurred_at, medical_institution_code, operation, code) VALUES ('2026-11-21T01:02:09.000Z', '1399999999', 'medication-information', 'NO_CONSENT')`)
      .run({});
    const before = dumpAllTables(store.db);
    const countsBefore = countSeededRows(store.db);
    store.db.close();

    const db = openCentralStore(store.file);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const after = dumpAllTables(db);
      for (const [table, rows] of Object.entries(before)) if (table !== 'refusals') expect(after[table], table).toEqual(rows);
      expect(countSeededRows(db)).toEqual(countsBefore);
      expect(createPersonLookup(db).findByExternalId('yakushi-taro')?.records).toHaveLength(1);
      // The tables of version N work next to the old rows.
      expect(createFacilityRepository(db).register({ medicalInstitutionCode: '1399999999', name: '見本内科医院' })).toBe(1);
      expect(after['refusals']).toEqual([
        expect.objectContaining({ first_at: '2026-11-21T01:02:03.000Z', last_at: '2026-11-21T01:02:09.000Z', medical_institution_code: '1399999999', operation: 'medication-information', code: 'NO_CONSENT', count: 2 }),
      ]);
      expect(() =>
        createRefusalAudit(db).append({ occurredAt: new Date('2026-11-21T02:00:00Z'), operation: 'authentication', code: 'TOKEN_EXPIRED' }),
      ).not.toThrow();
    } finally {
      db.close();
    }
  });

  it('keeps rows written at N−1 intact when migrating to N, and takes 照会番号 and their refusals', async () => {
    const store = track(openTempStore({ migrateTo: LATEST_SCHEMA_VERSION - 1 }));
    await seedCentralStore(store.db, { personsDir: FIXTURE_PERSONS_DIR, pkiDir: FIXTURE_PKI_DIR });
    createRefusalAudit(store.db).append({ occurredAt: new Date('2026-11-21T01:02:03.000Z'), operation: 'medication-information', code: 'NO_CONSENT', medicalInstitutionCode: '1399999999' });
    const before = dumpAllTables(store.db);
    store.db.close();

    const db = openCentralStore(store.file);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const after = dumpAllTables(db);
      for (const [table, rows] of Object.entries(before)) expect(after[table], table).toEqual(rows);
      const facilityId = createFacilityRepository(db).register({ medicalInstitutionCode: '1399999999', name: '見本内科医院' });
      const personId = createPersonLookup(db).findByExternalId('yakushi-taro')!.person.personId;
      const numbers = createReferenceNumberRepository(db);
      numbers.register(facilityId, personId, 'K-0001', new Date('2026-11-21T01:00:00Z'));
      numbers.register(facilityId, personId, 'K-0002', new Date('2026-11-21T01:01:00Z'));
      expect(numbers.find(facilityId, personId)).toBe('K-0002');
      expect(() => numbers.register(facilityId, personId, 'x'.repeat(51), new Date('2026-11-21T01:02:00Z'))).toThrow();
      expect(() =>
        createRefusalAudit(db).append({ occurredAt: new Date('2026-11-21T02:00:00Z'), operation: 'reference-number-registration', code: 'PERSON_NOT_FOUND' }),
      ).not.toThrow();
    } finally {
      db.close();
    }
  });

  it('is the kernel MigrationRunner: steps up one target at a time and reports the version it reached', () => {
    const runner: MigrationRunner<SqliteDatabase> = centralMigrationRunner;
    const store = track(openTempStore({ migrateTo: 0 }));
    expect(runner.schemaVersion(store.db)).toBe(0);
    expect(runner.migrate(store.db, 1)).toBe(1);
    expect(runner.schemaVersion(store.db)).toBe(1);
    expect(runner.migrate(store.db)).toBe(LATEST_SCHEMA_VERSION);
    // Never down: a lower target leaves the database where it is.
    expect(runner.migrate(store.db, 1)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('a runner over another list defaults to that list\'s latest version', () => {
    const store = track(openTempStore({ migrateTo: 0 }));
    const runner = createCentralMigrationRunner([{ version: 1, name: '001-only', sql: 'CREATE TABLE only_table (id INTEGER PRIMARY KEY) STRICT;' }]);
    expect(runner.migrate(store.db)).toBe(1);
    expect(Object.keys(dumpAllTables(store.db))).toEqual(['only_table']);
  });

  it('rolls a failing migration back whole and stays at the previous version', () => {
    const store = track(openTempStore({ migrateTo: 0 }));
    const broken: Migration[] = [
      { version: 1, name: '001-ok', sql: 'CREATE TABLE first_table (id INTEGER PRIMARY KEY) STRICT;' },
      { version: 2, name: '002-broken', sql: 'CREATE TABLE second_table (id INTEGER PRIMARY KEY) STRICT; CREATE TABLE oops (' },
    ];
    expect(() => migrateCentralStore(store.db, 2, broken)).toThrow(expect.objectContaining({ code: 'MIGRATION_FAILED' }));
    expect(schemaVersion(store.db)).toBe(1);
    expect(Object.keys(dumpAllTables(store.db))).toEqual(['first_table']);
  });

  it('refuses a database newer than the code, and targets outside 0…N', () => {
    const store = track(openTempStore());
    store.db.pragma('user_version = 99');
    expect(() => migrateCentralStore(store.db)).toThrow(expect.objectContaining({ code: 'UNKNOWN_SCHEMA_VERSION' }));
    const error = (() => {
      try {
        migrateCentralStore(store.db, LATEST_SCHEMA_VERSION + 1);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(isCentralStoreError(error, 'INVALID_MIGRATION_TARGET')).toBe(true);
  });

  it('enforces CHECK constraints and foreign keys', () => {
    const { db } = track(openTempStore());
    expect(() =>
      db.prepare("INSERT INTO facilities (medical_institution_code, name) VALUES ('12345', 'x')").run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO provisions (facility_id, person_id, operation, provided_at) VALUES (1, 1, 'qualification-by-card', '2026-01-01T00:00:00.000Z')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });
});
