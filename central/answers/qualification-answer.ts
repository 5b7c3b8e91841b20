import { insurerNumberFor, type QualificationResult } from '../../oqs';
import type { ConsentCategory, StoredInsuranceRecord, StoredPerson } from '../store';
import { compactDate, compactMonth, japanDateTime } from './oqs-values';

export { judgeInsuranceKeyMatches, judgeQualification } from './qualification-validity';
export type { InsuranceKeyJudgement, InsuranceKeyJudgeOptions, QualificationJudgement } from './qualification-validity';

/** The four 閲覧同意 categories a ResultOfQualificationConfirmation reports (§5.1). */
export const resultConsentCategories = ['pharmaceutical', 'specific-health-checkup', 'diagnosis', 'operation'] as const satisfies readonly ConsentCategory[];
export type ResultConsentCategory = (typeof resultConsentCategories)[number];

export interface ConsentWindow {
  consentedAt: Date;
  /** consentedAt + 24 h (the store's CONSENT_VALIDITY_MS): the AvailableTime / AcquisitionTime. */
  expiresAt: Date;
}

/** Per category, the consent in force at this facility; a category left out is reported as 0. */
export type ConsentFlags = Partial<Record<ResultConsentCategory, ConsentWindow>>;

export interface QualificationResultOptions {
  /**
   * Card-based results (ReferenceClassification 1) carry every consent flag, 1 or 0; 個別照会 results
   * carry none (§5.1, inferred), so leave this out for them.
   */
  consents?: ConsentFlags;
  /**
   * Accepted so callers can carry their setting through, but it cannot change the model: the model
   * has one set of names and the codec picks the generation when it writes. Pass the same value to
   * `qualificationResponse.build(…, { consentNaming })` / `buildFaceFile`, or the newer names go out.
   */
  consentNaming?: 'older' | 'newer';
  /** Echo of the request's per-person ArbitraryIdentifier. */
  arbitraryIdentifier?: string;
  /** The facility's 照会番号 for this person (§6.4). */
  referenceNumber?: string;
  /**
   * The width of a 6-digit 国保 number in the model: space-padded (default) or zero-padded (§2.3). Only
   * the model: the writers put out each target's width (files spaces, JSON zeros) whatever it holds.
   */
  insurerNumberForm?: 'file' | 'json';
}

type ConsentFields = Pick<
  QualificationResult,
  Extract<keyof QualificationResult, `${string}InfoConsFlg` | `${string}InfoConsTime` | `${string}InfoAcquisitionTime`>
>;

// The model's (newer) element-name stem per category; the codec writes the older names on request.
const CONSENT_STEM = {
  pharmaceutical: 'PharmaceuticalInfo',
  'specific-health-checkup': 'SpecificHealthCheckupsInfo',
  diagnosis: 'DiagnosisInfo',
  operation: 'OperationInfo',
} as const satisfies Record<ResultConsentCategory, string>;

function consentFieldsOf(consents: ConsentFlags): ConsentFields {
  const fields: Record<string, string> = {};
  for (const category of resultConsentCategories) {
    const stem = CONSENT_STEM[category];
    const consent = consents[category];
    fields[`${stem}ConsFlg`] = consent === undefined ? '0' : '1';
    if (consent !== undefined) {
      fields[`${stem}ConsTime`] = japanDateTime(consent.consentedAt);
      fields[`${stem}AcquisitionTime`] = japanDateTime(consent.expiresAt);
    }
  }
  return fields as ConsentFields;
}

/** Copies the keys whose value is defined, so the model has no `key: undefined` entries. */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const optionalDate = (value: string | undefined) => (value === undefined ? undefined : compactDate(value));

/**
 * One ResultOfQualificationConfirmation (§5) from a stored record and its holder. Elements the store
 * has no data for (NameOfOther, Sex2, PreschoolClassification, 限度額 consent, the coded 医療券 flags)
 * are left out rather than invented.
 */
export function qualificationResultOf(
  person: StoredPerson,
  record: StoredInsuranceRecord,
  options: QualificationResultOptions = {},
): QualificationResult {
  const elderly = record.ElderlyRecipientCertificateInfo;
  const limit = record.LimitApplicationCertificateRelatedInfo;
  return {
    InsuredCardClassification: record.InsuredCardClassification,
    ...defined({
      InsurerNumber: insurerNumberFor(record.InsurerNumber, options.insurerNumberForm ?? 'file'),
      InsuredCardSymbol: record.InsuredCardSymbol,
      InsuredIdentificationNumber: record.InsuredIdentificationNumber,
      InsuredBranchNumber: record.InsuredBranchNumber,
      PersonalFamilyClassification: record.PersonalFamilyClassification,
      InsuredName: record.InsuredName,
    }),
    Name: person.name.kanji,
    NameKana: person.name.kana,
    Sex1: person.sex,
    Birthdate: compactDate(person.birthDate),
    Address: person.address.text,
    PostNumber: person.address.postCode,
    ...defined({
      QualificationDate: compactDate(record.QualificationDate),
      DisqualificationDate: optionalDate(record.DisqualificationDate),
      InsuredCertificateIssuanceDate: optionalDate(record.InsuredCertificateIssuanceDate),
      InsuredCardValidDate: optionalDate(record.InsuredCardValidDate),
      InsuredCardExpirationDate: optionalDate(record.InsuredCardExpirationDate),
      InsuredPartialContributionRatio: record.InsuredPartialContributionRatio,
      ReasonOfLoss: record.ReasonOfLoss,
      InsurerName: record.InsurerName,
    }),
    ...(elderly === undefined
      ? {}
      : {
          ElderlyRecipientCertificateInfo: {
            ElderlyRecipientCertificateDate: compactDate(elderly.ElderlyRecipientCertificateDate),
            ElderlyRecipientValidStartDate: compactDate(elderly.ElderlyRecipientValidStartDate),
            ElderlyRecipientValidEndDate: compactDate(elderly.ElderlyRecipientValidEndDate),
            ElderlyRecipientContributionRatio: elderly.ElderlyRecipientContributionRatio,
          },
        }),
    ...(limit === undefined
      ? {}
      : {
          LimitApplicationCertificateRelatedInfo: defined({
            LimitApplicationCertificateClassification: limit.LimitApplicationCertificateClassification,
            LimitApplicationCertificateClassificationFlag: limit.LimitApplicationCertificateClassificationFlag,
            LimitApplicationCertificateDate: compactDate(limit.LimitApplicationCertificateDate),
            LimitApplicationCertificateValidStartDate: compactDate(limit.LimitApplicationCertificateValidStartDate),
            LimitApplicationCertificateValidEndDate: optionalDate(limit.LimitApplicationCertificateValidEndDate),
            LimitApplicationCertificateLongTermDate: optionalDate(limit.LimitApplicationCertificateLongTermDate),
          }),
        }),
    ...(record.SpecificDiseasesCertificateList === undefined
      ? {}
      : {
          SpecificDiseasesCertificateList: record.SpecificDiseasesCertificateList.map((disease) =>
            defined({
              SpecificDiseasesDiseaseCategory: disease.SpecificDiseasesDiseaseCategory,
              SpecificDiseasesCertificateDate: compactDate(disease.SpecificDiseasesCertificateDate),
              SpecificDiseasesValidStartDate: compactDate(disease.SpecificDiseasesValidStartDate),
              SpecificDiseasesValidEndDate: optionalDate(disease.SpecificDiseasesValidEndDate),
              SpecificDiseasesSelfPay: String(disease.SpecificDiseasesSelfPay),
            }),
          ),
        }),
    ...defined({
      WelfareOfficeName: record.WelfareOfficeName,
      PublicExpenseNumber: record.PublicExpenseNumber,
      BeneficiaryNumber: record.BeneficiaryNumber,
    }),
    ...(record.PublicExpenseResultList === undefined
      ? {}
      : {
          PublicExpenseResultList: record.PublicExpenseResultList.map((ticket) =>
            defined({
              MedicalTicketValidDate: compactDate(ticket.MedicalTicketValidDate),
              MedicalTicketExpirationDate: compactDate(ticket.MedicalTicketExpirationDate),
              IssueNumber: ticket.IssueNumber,
              MedicalTreatmentMonth: compactMonth(ticket.MedicalTreatmentMonth),
              DesignatedMedicalInstitutionCode: ticket.DesignatedMedicalInstitutionCode,
              DesignatedMedicalInstitutionName: ticket.DesignatedMedicalInstitutionName,
              PrescriptionIssuerMedicalInstitutionCode: ticket.PrescriptionIssuerMedicalInstitutionCode,
              PrescriptionIssuerMedicalInstitutionName: ticket.PrescriptionIssuerMedicalInstitutionName,
              InjuryName1: ticket.InjuryName1,
              InjuryName2: ticket.InjuryName2,
              InjuryName3: ticket.InjuryName3,
              SelfPayAmount: String(ticket.SelfPayAmount),
              DistrictContactName: ticket.DistrictContactName,
              HandlingContactName: ticket.HandlingContactName,
              Remarks1: ticket.Remarks1,
              Remarks2: ticket.Remarks2,
              Remarks3: ticket.Remarks3,
            }),
          ),
        }),
    ...(options.consents === undefined ? {} : consentFieldsOf(options.consents)),
    ...defined({ ArbitraryIdentifier: options.arbitraryIdentifier, ReferenceNumber: options.referenceNumber }),
  };
}
