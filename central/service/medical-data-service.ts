import type { CheckupRequest, CheckupResponse, DrugInfoRequest, DrugInfoResponse } from '../../oqs';
import { checkupAnswerOf, drugInfoAnswerOf } from '../answers';
import type { HealthCheckupRecord } from '../seed/medical-records-schema';
import { isCentralStoreError, type CentralOperation, type ConsentCategory, type StoredPerson } from '../store';
import { CentralRefusal } from './central-errors';
import type { RequestingFacility, ServiceContext } from './service-context';

type KeyHeader = DrugInfoRequest['MessageHeader'];

/**
 * 薬剤情報 (YZK) and 特定健診情報 (TKK): released only to a facility holding the person's consent for
 * the category at this moment (24 hours from the reading), and never for a person under 閲覧停止.
 * Each release is written to the person's やりとり履歴 with the consent that allowed it.
 */
export class MedicalDataService {
  constructor(private readonly context: ServiceContext) {}

  drugInfo(facility: RequestingFacility, request: DrugInfoRequest, now: Date): DrugInfoResponse {
    const { person, consentId } = this.gate(facility, request.MessageHeader, 'pharmaceutical', 'medication-information', now);
    const answer = drugInfoAnswerOf(person, this.context.records.medication(person.personId), {
      medicalInstitutionCode: facility.medicalInstitutionCode,
      startMonth: request.MessageBody.StartDate,
      endMonth: request.MessageBody.EndDate,
      ...(request.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: request.MessageHeader.ArbitraryFileIdentifier }),
    });
    this.context.provisions.append({
      facilityId: facility.facilityId,
      personId: person.personId,
      operation: 'medication-information',
      dataCategories: ['pharmaceutical'],
      consentId,
      providedAt: now,
    });
    return answer;
  }

  checkup(facility: RequestingFacility, request: CheckupRequest, now: Date): CheckupResponse {
    const { person, consentId } = this.gate(facility, request.MessageHeader, 'specific-health-checkup', 'health-checkup-information', now);
    const checkups = [this.context.records.healthCheckup(person.personId, 'specific'), this.context.records.healthCheckup(person.personId, 'late-elderly')].filter(
      (checkup): checkup is HealthCheckupRecord => checkup !== undefined,
    );
    const answer = checkupAnswerOf(person, checkups, {
      medicalInstitutionCode: facility.medicalInstitutionCode,
      ...(request.MessageHeader.ArbitraryFileIdentifier === undefined ? {} : { arbitraryFileIdentifier: request.MessageHeader.ArbitraryFileIdentifier }),
    });
    this.context.provisions.append({
      facilityId: facility.facilityId,
      personId: person.personId,
      operation: 'health-checkup-information',
      dataCategories: ['specific-health-checkup'],
      consentId,
      providedAt: now,
    });
    return answer;
  }

  /** The person behind the header's keys, if this facility may see their data of `category` now. */
  private gate(facility: RequestingFacility, header: KeyHeader, category: ConsentCategory, operation: CentralOperation, now: Date): { person: StoredPerson; consentId: number } {
    if (header.MedicalInstitutionCode !== facility.medicalInstitutionCode) throw new CentralRefusal('FACILITY_MISMATCH');
    const person = this.personOf(header);
    if (person.qualification.viewingBlocked) throw new CentralRefusal('VIEWING_BLOCKED');
    const consent = this.context.consents.findValidFor({ facilityId: facility.facilityId, personId: person.personId, category, at: now });
    if (consent === undefined) throw new CentralRefusal('NO_CONSENT', operation);
    return { person, consentId: consent.consentId };
  }

  private personOf(header: KeyHeader): StoredPerson {
    let matches;
    try {
      matches = this.context.people.findByInsuranceKeys({
        insurerNumber: header.InsurerNumber,
        insuredIdentificationNumber: header.InsuredPersonIdentificationNumber,
        ...(header.InsuranceCardSymbol === undefined ? {} : { insuredCardSymbol: header.InsuranceCardSymbol }),
        ...(header.BranchNumber === undefined ? {} : { insuredBranchNumber: header.BranchNumber }),
      });
    } catch (error) {
      if (isCentralStoreError(error)) throw new CentralRefusal('INVALID_VALUE', error.code);
      throw error;
    }
    const persons = new Map(matches.map((match) => [match.person.personId, match.person]));
    const [only, ...others] = persons.values();
    if (only === undefined) throw new CentralRefusal('PERSON_NOT_FOUND');
    // Family members share 記号・番号; without 枝番 the keys may name several people: never guess.
    if (others.length > 0) throw new CentralRefusal('MULTIPLE_PERSONS');
    return only;
  }
}
