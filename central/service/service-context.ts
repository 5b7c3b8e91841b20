import type { ConsentRepository, MedicalRecordsReader, PersonLookup, ProvisionHistory, RefusalOperation } from '../store';
import type { CardIdentityResolver } from './card-identity';

/** Scenario switches of the mock (oqs-interface.md §11) that are not per person. */
export interface ServiceSettings {
  /**
   * Whether "no match" arrives as ProcessingResultStatus 1 with QualificationValidity 4, or as
   * ProcessingResultStatus 2 with a code: unpublished (§3.2), so the mock can do either.
   */
  notFoundAs: 'validity-4' | 'processing-error';
  /** Which generation of consent element names answers use (§5.1). */
  consentNaming: 'older' | 'newer';
  /** How long a 一括照会 stays 処理中 after it was accepted. */
  bulkProcessingMs: number;
  /** Open 一括照会 receptions per facility, beyond which new uploads are refused. */
  maxOpenBulkReceptions: number;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  notFoundAs: 'validity-4',
  consentNaming: 'newer',
  bulkProcessingMs: 2000,
  maxOpenBulkReceptions: 20,
};

export interface ServiceContext {
  people: PersonLookup;
  consents: ConsentRepository;
  provisions: ProvisionHistory;
  records: MedicalRecordsReader;
  identities: CardIdentityResolver;
  settings: ServiceSettings;
  /** Runs `work` as one write transaction of the store: all of its writes, or none. */
  inTransaction<T>(work: () => T): T;
  /** Records a refusal that is answered inside a normal response (the server audits the ones it raises). */
  auditRefusal(code: string, operation: RefusalOperation, medicalInstitutionCode: string, now: Date): void;
}

/** The requesting facility as the services see it: already authenticated by the server. */
export interface RequestingFacility {
  facilityId: number;
  medicalInstitutionCode: string;
}

/** A facility together with the client certificate of the connection it is asking over. */
export interface ConnectedFacility extends RequestingFacility {
  certificateSha256: string;
}
