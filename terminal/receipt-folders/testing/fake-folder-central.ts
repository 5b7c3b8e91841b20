import type { CentralFailure } from '../../../flow/ports/central-system';
import type { QualificationResponse } from '../../../oqs';
import type { FolderCentral } from '../family-answers';

/**
 * A central system for the folder service's unit tests: 個別照会 answers one person named by the keys
 * (the 外字 name 𠮷田　髙志), 薬剤情報 and 特定健診 are refused NO_CONSENT, and `down` makes every
 * call an outage. Counts the calls.
 */
export class FakeFolderCentral implements FolderCentral {
  down = false;
  calls = 0;

  private readonly outage: CentralFailure = { ok: false, code: 'CENTRAL_UNAVAILABLE', outage: true, detail: 'connection failed: ECONNREFUSED' };
  private readonly noConsent: CentralFailure = { ok: false, code: 'CENTRAL_REFUSED', outage: false, centralCode: 'NO_CONSENT', detail: 'HTTP 403 NO_CONSENT' };

  qualificationByInsuranceKeys: FolderCentral['qualificationByInsuranceKeys'] = async (search, options = {}) => {
    this.calls += 1;
    if (this.down) return this.outage;
    const response: QualificationResponse = {
      MessageHeader: {
        ProcessExecutionTime: '20261121100000',
        QualificationConfirmationDate: options.qualificationConfirmationDate ?? '20261121',
        MedicalInstitutionCode: '1399999999',
        ...(options.arbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: options.arbitraryFileIdentifier }),
        ReferenceClassification: '2',
        SegmentOfResult: '1',
        CharacterCodeIdentifier: '0',
      },
      MessageBody: {
        ProcessingResultStatus: '1',
        QualificationValidity: '1',
        QualificationConfirmSearchInfo: search,
        ResultList: [
          {
            InsuredCardClassification: '01',
            InsurerNumber: search.InsurerNumber,
            InsuredIdentificationNumber: search.InsuredIdentificationNumber,
            Name: '𠮷田　髙志',
            NameKana: 'ﾖｼﾀﾞ ﾀｶｼ',
            Sex1: '1',
            Birthdate: search.Birthdate,
            InsurerName: '見本製作所健康保険組合',
          },
        ],
      },
    };
    return { ok: true, response };
  };

  drugInformation: FolderCentral['drugInformation'] = async () => {
    this.calls += 1;
    return this.down ? this.outage : this.noConsent;
  };

  checkupInformation: FolderCentral['checkupInformation'] = async () => {
    this.calls += 1;
    return this.down ? this.outage : this.noConsent;
  };

  registerReferenceNumber: FolderCentral['registerReferenceNumber'] = async () => {
    this.calls += 1;
    return this.outage;
  };

  submitBulkQualification: FolderCentral['submitBulkQualification'] = async () => {
    this.calls += 1;
    return this.down ? this.outage : { ok: true, receptionNumber: 'R0000000001', receptionDateTime: '20261121100000' };
  };

  bulkQualificationResult: FolderCentral['bulkQualificationResult'] = async () => {
    this.calls += 1;
    return this.down ? this.outage : { ok: true, state: 'processing' };
  };
}
