import {
  CONTRIBUTION_RATIO,
  INFO_CONSENT,
  INSURED_CARD_CLASSIFICATION,
  LIMIT_APPLICATION_CERTIFICATE_CLASSIFICATION,
  LIMIT_APPLICATION_CLASSIFICATION_FLAG,
  LIMIT_APPLICATION_CONSENT,
  PERSONAL_FAMILY_CLASSIFICATION,
  PRESCHOOL_CLASSIFICATION,
  REASON_OF_LOSS,
  SEX,
  SPECIFIC_DISEASES_CATEGORY,
  SPECIFIC_DISEASES_CONSENT,
} from '../codes/oqs-codes';
import { optionalInsurerNumber } from './insurer-number';
import { optional, optionalGroup, optionalList, renamed, required, type ModelOf } from './schema';
import {
  anyText,
  branchNumber,
  codeOf,
  date,
  dateTime,
  digits,
  kanaName,
  maxLength,
  month,
  personName,
  postNumber,
} from './value-checks';

const infoConsent = codeOf(INFO_CONSENT, '閲覧同意フラグ');
const ratio = codeOf(CONTRIBUTION_RATIO, '一部負担金割合');
const freeText = maxLength(200);

/** 高齢受給者証. */
export const elderlyRecipientCertificateShape = {
  ElderlyRecipientCertificateDate: optional(date),
  ElderlyRecipientValidStartDate: optional(date),
  ElderlyRecipientValidEndDate: optional(date),
  ElderlyRecipientContributionRatio: optional(ratio),
} as const;

/** 限度額適用認定証 関連情報. */
export const limitApplicationCertificateShape = {
  LimitApplicationCertificateClassification: optional(codeOf(LIMIT_APPLICATION_CERTIFICATE_CLASSIFICATION, 'OQSCD011')),
  LimitApplicationCertificateClassificationFlag: optional(codeOf(LIMIT_APPLICATION_CLASSIFICATION_FLAG, 'OQSCD012')),
  LimitApplicationCertificateDate: optional(date),
  LimitApplicationCertificateValidStartDate: optional(date),
  LimitApplicationCertificateValidEndDate: optional(date),
  LimitApplicationCertificateLongTermDate: optional(date),
} as const;

/** 特定疾病療養受療証. */
export const specificDiseasesCertificateShape = {
  SpecificDiseasesDiseaseCategory: optional(codeOf(SPECIFIC_DISEASES_CATEGORY, 'OQSCD013')),
  SpecificDiseasesCertificateDate: optional(date),
  SpecificDiseasesValidStartDate: optional(date),
  SpecificDiseasesValidEndDate: optional(date),
  SpecificDiseasesSelfPay: optional(digits),
} as const;

/** 医療券・調剤券 (医療扶助). Flags whose code lists are unpublished are kept as text. */
export const medicalTicketShape = {
  TicketType: optional(freeText),
  MedicalTicketValidDate: optional(date),
  MedicalTicketExpirationDate: optional(date),
  IssueNumber: optional(freeText),
  MedicalTreatmentMonth: optional(month),
  DesignatedMedicalInstitutionCode: optional(freeText),
  DesignatedMedicalInstitutionFlag: optional(freeText),
  DesignatedMedicalInstitutionName: optional(freeText),
  PrescriptionIssuerMedicalInstitutionCode: optional(freeText),
  PrescriptionIssuerMedicalInstitutionName: optional(freeText),
  InjuryName1: optional(freeText),
  InjuryName2: optional(freeText),
  InjuryName3: optional(freeText),
  MedicalTreatmentType: optional(freeText),
  SelfPayAmount: optional(freeText),
  DistrictContactName: optional(freeText),
  HandlingContactName: optional(freeText),
  SingleOrCombinedUse: optional(freeText),
  StatusOfSocialInsurance: optional(freeText),
  ConsistencyFlag: optional(freeText),
  StatusOfInfecton: optional(freeText), // sic: the real element name
  StatusOfElderlyMedicalCare: optional(freeText),
  StatusOfPrefecturalExpenses: optional(freeText),
  Remarks1: optional(freeText),
  Remarks2: optional(freeText),
  Remarks3: optional(freeText),
} as const;

/**
 * 閲覧同意 fields (§5.1). The model uses the newer names; the older 2023 face-file names are accepted
 * on input and written on request (`consentNaming: 'older'`).
 */
export const consentShape = {
  PharmaceuticalInfoConsFlg: renamed(infoConsent, 'PharmacistsInfoConsFlg'),
  PharmaceuticalInfoConsTime: renamed(dateTime, 'PharmacistsInfoConsTime'),
  PharmaceuticalInfoAcquisitionTime: renamed(dateTime, 'PharmacistsInfoAvailableTime'),
  SpecificHealthCheckupsInfoConsFlg: optional(infoConsent),
  SpecificHealthCheckupsInfoConsTime: optional(dateTime),
  SpecificHealthCheckupsInfoAcquisitionTime: renamed(dateTime, 'SpecificHealthCheckupsInfoAvailableTime'),
  DiagnosisInfoConsFlg: optional(infoConsent),
  DiagnosisInfoConsTime: optional(dateTime),
  DiagnosisInfoAcquisitionTime: renamed(dateTime, 'DiagnosisInfoAvailableTime'),
  OperationInfoConsFlg: optional(infoConsent),
  OperationInfoConsTime: optional(dateTime),
  OperationInfoAcquisitionTime: renamed(dateTime, 'OperationInfoAvailableTime'),
} as const;

/** ResultOfQualificationConfirmation: every element of §5. Required: what myclinic-ts's validator requires, minus InsurerName (医療扶助 results name a 福祉事務所 instead). */
export const qualificationResultShape = {
  InsuredCardClassification: required(codeOf(INSURED_CARD_CLASSIFICATION, 'OQSCD010')),
  InsurerNumber: optionalInsurerNumber,
  InsuredCardSymbol: optional(maxLength(20)),
  InsuredIdentificationNumber: optional(maxLength(20)),
  InsuredBranchNumber: optional(branchNumber),
  PersonalFamilyClassification: optional(codeOf(PERSONAL_FAMILY_CLASSIFICATION, 'OQSCD009')),
  InsuredName: optional(personName),
  Name: required(personName),
  NameOfOther: optional(personName),
  NameKana: optional(kanaName),
  NameOfOtherKana: optional(kanaName),
  Sex1: required(codeOf(SEX, 'OQSCD007')),
  Sex2: optional(codeOf(SEX, 'OQSCD007')),
  Birthdate: required(date),
  Address: optional(freeText),
  PostNumber: optional(postNumber),
  QualificationDate: optional(date),
  DisqualificationDate: optional(date),
  InsuredCertificateIssuanceDate: optional(date),
  InsuredCardValidDate: optional(date),
  InsuredCardExpirationDate: optional(date),
  InsuredPartialContributionRatio: optional(ratio),
  PreschoolClassification: optional(codeOf(PRESCHOOL_CLASSIFICATION, '未就学区分')),
  ReasonOfLoss: optional(codeOf(REASON_OF_LOSS, '資格喪失事由')),
  InsurerName: optional(freeText),
  ElderlyRecipientCertificateInfo: optionalGroup(elderlyRecipientCertificateShape),
  LimitApplicationCertificateRelatedConsFlg: optional(codeOf(LIMIT_APPLICATION_CONSENT, 'OQSCD001')),
  LimitApplicationCertificateRelatedConsTime: optional(dateTime),
  LimitApplicationCertificateRelatedInfo: optionalGroup(limitApplicationCertificateShape),
  LimitApplicationCertificateChanged: optional(anyText),
  SpecificDiseasesCertificateRelatedConsFlg: optional(codeOf(SPECIFIC_DISEASES_CONSENT, '特定疾病同意フラグ')),
  SpecificDiseasesCertificateRelatedConsTime: optional(dateTime),
  SpecificDiseasesCertificateList: optionalList('SpecificDiseasesCertificateInfo', specificDiseasesCertificateShape),
  WelfareOfficeName: optional(freeText),
  PublicExpenseNumber: optionalInsurerNumber,
  BeneficiaryNumber: optional(maxLength(20)),
  PublicExpenseResultList: optionalList('MedicalTicketInfo', medicalTicketShape),
  ...consentShape,
  ArbitraryIdentifier: optional(maxLength(100)),
  ReferenceNumber: optional(maxLength(50)),
} as const;

export type QualificationResult = ModelOf<typeof qualificationResultShape>;
