/**
 * The mock central system's own SQLite store: schema and migrations, the fixture seed, and typed
 * repositories. The caller opens the database (openCentralStore) and passes it to each factory.
 */
export { openCentralStore } from './open-database';
export type { OpenCentralStoreOptions } from './open-database';
export { centralMigrationRunner, createCentralMigrationRunner, migrateCentralStore, schemaVersion } from './migrate';
export { centralMigrations, LATEST_SCHEMA_VERSION } from './migrations';
export type { Migration } from './migrations';
export { seedCentralStore, countSeededRows } from './seed-central-store';
export type { SeedReport, SeedSources } from './seed-central-store';
export { createPersonLookup } from './person-lookup';
export type {
  CertificateKey,
  InsuranceKeyMatch,
  InsuranceKeyQuery,
  LinkedCertificate,
  PersonLookup,
  PersonWithRecords,
  StoredInsuranceRecord,
  StoredPerson,
} from './person-lookup';
export { createMedicalRecordsReader } from './medical-records-reader';
export type { MedicalRecordsReader } from './medical-records-reader';
export { createFacilityRepository } from './facility-repository';
export type { Facility, FacilityInput, FacilityRepository } from './facility-repository';
export { createConsentRepository } from './consent-repository';
export type { ConsentDecision, ConsentRepository, RecordConsentsInput, StoredConsent } from './consent-repository';
export { createProvisionHistory } from './provision-history';
export type { ProvisionEntry, ProvisionHistory, ProvisionInput } from './provision-history';
export { createRefusalAudit, MAX_REFUSAL_PAGE } from './refusal-audit';
export type { RefusalAudit, RefusalEntry, RefusalInput, RefusalPage } from './refusal-audit';
export { normaliseInsurerNumber, normaliseBirthDate } from './insurer-number';
export { CentralStoreError, isCentralStoreError } from './errors';
export type { CentralStoreErrorCode } from './errors';
export * from './codes';
export type { SqliteDatabase } from './sqlite-driver';
export { createChallengeStore } from './challenge-store';
export type { ChallengeAudience, ChallengeStore } from './challenge-store';
export { createReaderKeyRepository } from './reader-key-repository';
export type { ReaderKey, ReaderKeyRepository } from './reader-key-repository';
export { createTokenRepository } from './token-repository';
export type { TokenGrant, TokenRepository } from './token-repository';
export { createBulkReceptionRepository } from './bulk-reception-repository';
export type { BulkReceptionRepository, StoredBulkReception } from './bulk-reception-repository';
export { createReferenceNumberRepository } from './reference-number-repository';
export type { ReferenceNumberRepository } from './reference-number-repository';
export { createFaultSettings } from './fault-settings';
export type { FaultSettings } from './fault-settings';
