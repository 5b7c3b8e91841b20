import { createHash } from 'node:crypto';
import { readTestPki } from '../../crypto/mock-ca';
import type { HolderCertificates, TestPki } from '../../crypto/mock-ca';
import { loadPersons } from '../seed/load-persons';
import type { Person } from '../seed/person-schema';
import { CentralStoreError } from './errors';
import type { SqliteDatabase } from './sqlite-driver';
import { createMedicalRecordsWriter } from './write-medical-records';
import { createPersonWriter } from './write-person';
import type { CertificateLinkInput } from './write-person';

export interface SeedSources {
  /** Folder of `<id>.json` fixture people (fixtures/persons). */
  personsDir: string;
  /** Mock-CA folder with index.json (fixtures/pki). */
  pkiDir: string;
}

export interface SeedReport {
  persons: { inserted: number; updated: number; unchanged: number };
  /** Row counts of the seeded tables after the seed, for the CLI line and the tests. */
  rows: Record<SeededTable, number>;
}

const seededTables = [
  'persons',
  'certificate_links',
  'insurance_records',
  'specific_disease_certificates',
  'medical_tickets',
  'dispensings',
  'dispensed_drugs',
  'checkup_records',
  'checkup_examinations',
  'checkup_items',
  'checkup_values',
  'expense_notice_details',
] as const;
type SeededTable = (typeof seededTables)[number];

/**
 * Loads every fixture person and their 利用者証明用 certificate link into the central store, in one
 * transaction: any failure leaves the store as it was. The fixture id is the natural key; a person
 * whose fixture and certificate are unchanged is skipped, so seeding twice leaves identical rows
 * (row ids included). People no longer in the fixtures are kept: consents and history point at them.
 */
export async function seedCentralStore(db: SqliteDatabase, sources: SeedSources): Promise<SeedReport> {
  const persons = loadFixturePersons(sources.personsDir);
  const pki = await loadPki(sources.pkiDir);

  const writePerson = createPersonWriter(db);
  const writeMedicalRecords = createMedicalRecordsWriter(db);
  const findFingerprint = db.prepare<{ fixtureSha256: string }>(
    'SELECT fixture_sha256 AS fixtureSha256 FROM persons WHERE external_id = @externalId',
  );

  const seedAll = db.transaction(() => {
    const outcome = { inserted: 0, updated: 0, unchanged: 0 };
    for (const [index, person] of persons.entries()) {
      const link = certificateLinkOf(pki.holders[person.id], index, persons.length);
      const fingerprint = sha256Hex(JSON.stringify({ person, link }));
      const stored = findFingerprint.get({ externalId: person.id });
      if (stored?.fixtureSha256 === fingerprint) {
        outcome.unchanged += 1;
        continue;
      }
      const personId = writePerson(person, link, fingerprint);
      writeMedicalRecords(personId, person.records);
      outcome[stored ? 'updated' : 'inserted'] += 1;
    }
    return outcome;
  });
  const outcome = seedAll();
  return { persons: outcome, rows: countSeededRows(db) };
}

export function countSeededRows(db: SqliteDatabase): Record<SeededTable, number> {
  const counts = {} as Record<SeededTable, number>;
  for (const table of seededTables) {
    // Table names come from the constant list above, never from input.
    counts[table] = db.prepare<{ count: number }>(`SELECT count(*) AS count FROM ${table}`).get()!.count;
  }
  return counts;
}

function loadFixturePersons(dir: string): Person[] {
  try {
    return loadPersons(dir);
  } catch (error) {
    // The loader's message may quote fixture values; keep it in `cause`, not in our message.
    throw new CentralStoreError('SEED_INPUT_INVALID', 'the fixture persons could not be loaded', { cause: error });
  }
}

async function loadPki(dir: string): Promise<TestPki> {
  try {
    return await readTestPki(dir);
  } catch (error) {
    throw new CentralStoreError('SEED_INPUT_INVALID', 'the mock CA could not be read', { cause: error });
  }
}

function certificateLinkOf(holder: HolderCertificates | undefined, index: number, total: number): CertificateLinkInput {
  // Fixture ids are romanised names: the message gives the file's place in name order instead.
  if (!holder) {
    throw new CentralStoreError('PKI_HOLDER_MISSING', `the mock CA has no holder for fixture person file ${index + 1} of ${total}`);
  }
  const certificate = holder.userAuth;
  return {
    issuerGeneration: certificate.issuerGeneration,
    serialNumberHex: certificate.serialNumberHex.toUpperCase(),
    subjectId: certificate.subjectId,
    certificateSha256: sha256Hex(certificate.certificate),
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
  };
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
