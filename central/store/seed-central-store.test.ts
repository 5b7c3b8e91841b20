import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersons } from '../seed/load-persons';
import type { Person } from '../seed/person-schema';
import { createMedicalRecordsReader } from './medical-records-reader';
import { createPersonLookup } from './person-lookup';
import { countSeededRows, seedCentralStore } from './seed-central-store';
import { createTempDir, dumpAllTables, FIXTURE_PERSONS_DIR, FIXTURE_PKI_DIR, openSeededTempStore, openTempStore } from './testing/temp-store';
import type { TempStore } from './testing/temp-store';

const sources = { personsDir: FIXTURE_PERSONS_DIR, pkiDir: FIXTURE_PKI_DIR };
const fixturePersons: Person[] = loadPersons(FIXTURE_PERSONS_DIR);
const fixtureById = new Map(fixturePersons.map((person) => [person.id, person]));

function fixture(id: string): Person {
  const person = fixtureById.get(id);
  if (!person) throw new Error(`no fixture ${id}`);
  return person;
}

const copiedDirs: string[] = [];

/** A copy of the fixture people in a temp folder, optionally edited, for seeds that must differ. */
function copyPersonsDir(edit?: (dir: string) => void): string {
  const dir = join(createTempDir('central-persons-'), 'persons');
  copiedDirs.push(dirname(dir));
  cpSync(FIXTURE_PERSONS_DIR, dir, { recursive: true });
  edit?.(dir);
  return dir;
}

describe('seedCentralStore', () => {
  let store: TempStore;
  beforeAll(async () => {
    store = await openSeededTempStore();
  });
  afterAll(() => {
    store.dispose();
    for (const dir of copiedDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('loads all 18 fixture people with their certificate links', () => {
    expect(fixturePersons).toHaveLength(18);
    const rows = countSeededRows(store.db);
    expect(rows.persons).toBe(18);
    expect(rows.certificate_links).toBe(18);
    expect(rows.insurance_records).toBe(fixturePersons.reduce((sum, person) => sum + person.insurance.length, 0));
  });

  it.each(fixturePersons.map((person) => [person.id]))('stores %s exactly as the fixture holds it', (id) => {
    const person = fixture(id);
    const lookup = createPersonLookup(store.db);
    const reader = createMedicalRecordsReader(store.db);
    const stored = lookup.findByExternalId(id);
    expect(stored).toBeDefined();
    const { person: identity, records } = stored!;
    // The 外字 lists are annotations for encoders, derivable from the name; the store keeps the name.
    const { kanji, kana, kanaFullWidth } = person.name;
    expect(identity.name).toEqual({ kanji, kana, kanaFullWidth });
    // A 紐付け誤り fixture's record holds another birth date than the card.
    expect(identity.birthDate).toBe(person.qualification.recordIdentity?.birthDate ?? person.birthDate);
    expect(identity.address).toEqual(person.address);
    expect(identity.qualification.viewingBlocked).toBe(person.qualification.viewingBlocked);
    expect(records.map(({ insuranceRecordId: _id, active: _active, ...record }) => record)).toEqual(person.insurance);
    expect(reader.medication(identity.personId)).toEqual(person.records?.medication);
    expect(reader.healthCheckup(identity.personId, 'specific')).toEqual(person.records?.specificHealthCheckup);
    expect(reader.healthCheckup(identity.personId, 'late-elderly')).toEqual(person.records?.lateElderlyHealthCheckup);
    expect(reader.expenseNotice(identity.personId)).toEqual(person.records?.medicalExpenseNotice);
  });

  it("holds 薬師 太郎's dispensings and 三機能 太郎's five examinations", () => {
    const lookup = createPersonLookup(store.db);
    const reader = createMedicalRecordsReader(store.db);
    const yakushi = lookup.findByExternalId('yakushi-taro')!.person;
    expect(yakushi.name.kanji).toBe('薬師\u3000太郎');
    const medication = reader.medication(yakushi.personId)!;
    expect(medication.dispensings).toHaveLength(fixture('yakushi-taro').records!.medication!.dispensings.length);
    expect(medication.dispensings).toHaveLength(5);
    expect(medication.dispensings.flatMap((dispensing) => dispensing.drugs)).toHaveLength(16);

    const sankino = lookup.findByExternalId('sankino-taro')!.person;
    const checkup = reader.healthCheckup(sankino.personId, 'specific')!;
    expect(checkup.examinations).toHaveLength(5);
    expect(checkup.items.every((item) => item.results.length === 5)).toBe(true);
    expect(reader.healthCheckup(sankino.personId, 'late-elderly')).toBeUndefined();
    const coded = checkup.items.find((item) => item.itemCode === '9A751000000000001');
    expect(coded?.unit).toBe('mmHg');
  });

  it('seeding twice leaves identical rows, ids included', async () => {
    const before = dumpAllTables(store.db);
    const report = await seedCentralStore(store.db, sources);
    expect(report.persons).toEqual({ inserted: 0, updated: 0, unchanged: 18 });
    expect(dumpAllTables(store.db)).toEqual(before);
  });

  it('rewrites a changed person in place, keeping their person_id', async () => {
    const local = await openSeededTempStore();
    try {
      const personId = createPersonLookup(local.db).findByExternalId('morita-kenji')!.person.personId;
      const personsDir = copyPersonsDir((dir) => {
        const file = join(dir, 'morita-kenji.json');
        const json = JSON.parse(readFileSync(file, 'utf8'));
        json.address.postCode = '100-0001';
        writeFileSync(file, JSON.stringify(json));
      });
      const report = await seedCentralStore(local.db, { ...sources, personsDir });
      expect(report.persons).toEqual({ inserted: 0, updated: 1, unchanged: 17 });
      const morita = createPersonLookup(local.db).findByExternalId('morita-kenji')!;
      expect(morita.person.personId).toBe(personId);
      expect(morita.person.address.postCode).toBe('100-0001');
      expect(morita.records).toHaveLength(1);
      expect(countSeededRows(local.db)).toEqual(countSeededRows(store.db));
    } finally {
      local.dispose();
    }
  });

  describe('a failing seed', () => {
    // Sorted last, so every real person is written before the missing certificate is noticed.
    const withUnlinkedPerson = () =>
      copyPersonsDir((dir) => {
        const json = JSON.parse(readFileSync(join(dir, 'yakushi-taro.json'), 'utf8'));
        json.id = 'zzz-unlinked';
        writeFileSync(join(dir, 'zzz-unlinked.json'), JSON.stringify(json));
      });

    it('leaves an empty store empty', async () => {
      const empty = openTempStore();
      try {
        await expect(seedCentralStore(empty.db, { ...sources, personsDir: withUnlinkedPerson() })).rejects.toMatchObject({
          code: 'PKI_HOLDER_MISSING',
        });
        expect(countSeededRows(empty.db).persons).toBe(0);
        expect(countSeededRows(empty.db).insurance_records).toBe(0);
      } finally {
        empty.dispose();
      }
    });

    it('leaves a seeded store exactly as it was', async () => {
      const seeded = await openSeededTempStore();
      try {
        // Make every person "changed" so the failing run rewrites them all before it fails.
        seeded.db.prepare("UPDATE persons SET fixture_sha256 = printf('%064d', 0)").run();
        const before = dumpAllTables(seeded.db);
        await expect(seedCentralStore(seeded.db, { ...sources, personsDir: withUnlinkedPerson() })).rejects.toMatchObject({
          code: 'PKI_HOLDER_MISSING',
        });
        expect(dumpAllTables(seeded.db)).toEqual(before);
      } finally {
        seeded.dispose();
      }
    });

    it('reports invalid fixtures with a code and without their contents', async () => {
      const personsDir = copyPersonsDir((dir) => {
        const json = JSON.parse(readFileSync(join(dir, 'shiken-taro.json'), 'utf8'));
        json.birthDate = 'not a date';
        writeFileSync(join(dir, 'shiken-taro.json'), JSON.stringify(json));
      });
      const empty = openTempStore();
      try {
        const failure = seedCentralStore(empty.db, { ...sources, personsDir });
        await expect(failure).rejects.toMatchObject({ code: 'SEED_INPUT_INVALID' });
        await expect(failure).rejects.not.toThrow(/試験|shiken/);
        await expect(seedCentralStore(empty.db, { ...sources, pkiDir: '/nonexistent' })).rejects.toMatchObject({
          code: 'SEED_INPUT_INVALID',
        });
      } finally {
        empty.dispose();
      }
    });
  });
});
