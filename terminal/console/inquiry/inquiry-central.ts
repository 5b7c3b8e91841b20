import type { QualificationResponse, QualificationSearchInfo } from '../../../oqs';
import type { BulkRunOptions, BulkRunOutcome, QualificationQueryOptions, QueryOutcome } from '../../../oqs/client';
import type { InsuranceKeys } from './insurance-key-checks';

/** What 照会 needs of the central system's client (OqsCentralSystem has it; tests may pass another). */
export interface InquiryCentral {
  qualificationByInsuranceKeys(search: QualificationSearchInfo, options?: QualificationQueryOptions): Promise<QueryOutcome<QualificationResponse>>;
  bulkQualification(persons: readonly QualificationSearchInfo[], options?: BulkRunOptions): Promise<BulkRunOutcome>;
}

/** Checked keys as the request's QualificationConfirmSearchInfo. */
export function searchInfoOf(keys: InsuranceKeys, extra: { readonly limitApplicationConsent?: boolean; readonly arbitraryIdentifier?: string } = {}): QualificationSearchInfo {
  return {
    InsurerNumber: keys.insurerNumber,
    ...(keys.symbol === undefined ? {} : { InsuredCardSymbol: keys.symbol }),
    InsuredIdentificationNumber: keys.number,
    ...(keys.branchNumber === undefined ? {} : { InsuredBranchNumber: keys.branchNumber }),
    Birthdate: keys.birthDate,
    ...(extra.limitApplicationConsent === undefined ? {} : { LimitApplicationCertificateRelatedConsFlg: extra.limitApplicationConsent ? '1' : '0' }),
    ...(extra.arbitraryIdentifier === undefined ? {} : { ArbitraryIdentifier: extra.arbitraryIdentifier }),
  };
}
