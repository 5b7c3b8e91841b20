import type { ReferenceNumberRequest, ReferenceNumberResponse } from '../../oqs';
import { isCentralStoreError, type ReferenceNumberRepository } from '../store';
import { CENTRAL_ERRORS, CentralRefusal } from './central-errors';
import { jstDateTime } from './jst-time';
import type { RequestingFacility, ServiceContext } from './service-context';

/**
 * 照会番号登録 (OQSsiimm01req, §6.4): the facility's key for the person named by the 被保険者証 keys
 * (and 生年月日 when given) is stored for this facility, replacing an earlier one. The response layout
 * is inferred: ProcessingResultStatus 1 with the registration echoed, or 2 with the code when the keys
 * name no one or several people (family members share 記号・番号: never guess).
 */
export class ReferenceNumberService {
  constructor(
    private readonly context: ServiceContext,
    private readonly referenceNumbers: ReferenceNumberRepository,
  ) {}

  register(facility: RequestingFacility, request: ReferenceNumberRequest, now: Date): ReferenceNumberResponse {
    const info = request.MessageBody.ReferenceNumberRegistrationInfo;
    const header = {
      ProcessExecutionTime: jstDateTime(now),
      MedicalInstitutionCode: facility.medicalInstitutionCode,
      ...(request.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { ArbitraryFileIdentifier: request.MessageHeader.ArbitraryFileIdentifier }),
      SegmentOfResult: '1',
    };
    const persons = this.personsOf(info);
    const [only, ...others] = persons;
    if (only === undefined || others.length > 0) {
      const code = only === undefined ? 'PERSON_NOT_FOUND' : 'MULTIPLE_PERSONS';
      this.context.auditRefusal(code, 'reference-number-registration', facility.medicalInstitutionCode, now);
      return {
        MessageHeader: header,
        MessageBody: { ProcessingResultStatus: '2', ProcessingResultCode: code, ProcessingResultMessage: CENTRAL_ERRORS[code].message },
      };
    }
    this.referenceNumbers.register(facility.facilityId, only, info.ReferenceNumber, now);
    return {
      MessageHeader: header,
      MessageBody: {
        ProcessingResultStatus: '1',
        ReferenceNumberRegistrationInfo: {
          ReferenceNumber: info.ReferenceNumber,
          InsurerNumber: info.InsurerNumber,
          ...(info.InsuredCardSymbol === undefined ? {} : { InsuredCardSymbol: info.InsuredCardSymbol }),
          InsuredIdentificationNumber: info.InsuredIdentificationNumber,
          ...(info.InsuredBranchNumber === undefined ? {} : { InsuredBranchNumber: info.InsuredBranchNumber }),
          ...(info.Birthdate === undefined ? {} : { Birthdate: info.Birthdate }),
        },
      },
    };
  }

  /** The distinct people the keys name. */
  private personsOf(info: ReferenceNumberRequest['MessageBody']['ReferenceNumberRegistrationInfo']): number[] {
    try {
      const matches = this.context.people.findByInsuranceKeys({
        insurerNumber: info.InsurerNumber,
        insuredIdentificationNumber: info.InsuredIdentificationNumber,
        ...(info.InsuredCardSymbol === undefined ? {} : { insuredCardSymbol: info.InsuredCardSymbol }),
        ...(info.InsuredBranchNumber === undefined ? {} : { insuredBranchNumber: info.InsuredBranchNumber }),
        ...(info.Birthdate === undefined ? {} : { birthDate: info.Birthdate }),
      });
      return [...new Set(matches.map((match) => match.person.personId))];
    } catch (error) {
      if (isCentralStoreError(error)) throw new CentralRefusal('INVALID_VALUE', error.code);
      throw error;
    }
  }
}
