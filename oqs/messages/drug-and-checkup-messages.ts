import { CHARACTER_CODE_IDENTIFIER, FILE_CATEGORY, MEDICAL_TREATMENT_FLAG } from '../codes/oqs-codes';
import { requiredInsurerNumber } from './insurer-number';
import { optional, optionalGroup, optionalList, repeated, required } from './schema';
import { anyText, branchNumber, codeOf, date, digits, kanaName, maxLength, medicalInstitutionCode, month, personName } from './value-checks';
import { defineXmlMessage, type MessageModel } from './xml-message';

const freeText = maxLength(400);
const fileCategory = codeOf(FILE_CATEGORY, 'FileCategory');
const medicalTreatmentFlag = codeOf(MEDICAL_TREATMENT_FLAG, 'MedicalTreatmentFlag');

/** YZK/TKK requests carry the 被保険者証 keys in the header, under names of their own (§6.5). */
export const drugAndCheckupRequestHeaderShape = {
  MedicalInstitutionCode: required(medicalInstitutionCode),
  InsurerNumber: requiredInsurerNumber,
  InsuranceCardSymbol: optional(maxLength(20)),
  InsuredPersonIdentificationNumber: required(maxLength(20)),
  BranchNumber: optional(branchNumber),
  ArbitraryFileIdentifier: optional(maxLength(100)),
} as const;

export const drugInfoRequestBodyShape = {
  StartDate: required(month),
  EndDate: required(month),
  FileCategory: required(fileCategory),
  PrDiInfClassification: optional(maxLength(2)), // meaning unknown; clients send 1
  MedicalTreatmentFlag: optional(medicalTreatmentFlag),
} as const;

export const checkupRequestBodyShape = {
  FileCategory: required(fileCategory),
  PrDiInfClassification: optional(maxLength(2)),
  MedicalTreatmentFlag: optional(medicalTreatmentFlag),
} as const;

/** `ResultCode` may sit anywhere (§6.5): these headers and bodies all allow it; see findResultCode. */
const resultFields = {
  ResultCode: optional(anyText),
  MessageContents: optional(anyText),
} as const;

/** OQSCD005 of a response file as the terminal writes it into Res (0 UTF-8, 1 Shift_JIS). */
const characterCodeIdentifier = optional(codeOf(CHARACTER_CODE_IDENTIFIER, 'OQSCD005'));

export const drugInfoResponseHeaderShape = {
  ...resultFields,
  MedicalInstitutionCode: optional(medicalInstitutionCode),
  ArbitraryFileIdentifier: optional(maxLength(100)),
  CharacterCodeIdentifier: characterCodeIdentifier,
  QuaInf: optionalGroup({
    Name: optional(personName),
    KanaName: optional(kanaName),
    Birth: optional(date),
    AdmGendCode: optional(digits),
  }),
} as const;

export const drugShape = {
  DrugC: optional(freeText),
  DrugN: optional(freeText),
  IngreN: optional(freeText),
  Qua1: optional(freeText),
  Unit: optional(freeText),
  UsageN: optional(freeText),
  SpInst: optional(freeText),
  Times: optional(freeText),
  MeTrIdCl: optional(freeText),
} as const;

export const treatmentShape = {
  SinInfN: optional(freeText),
  SinInfCd: optional(freeText),
  MeTrIdCl: optional(freeText),
  Qua1: optional(freeText),
  Times: optional(freeText),
  Unit: optional(freeText),
} as const;

export const dispensingDateShape = {
  DiDate: optional(date),
  PrDate: optional(date),
  DrugInfs: optionalList('DrugInf', drugShape),
  MeTrInfs: optionalList('MeTrInf', treatmentShape),
} as const;

/** One institution-month of レセプト-derived 薬剤・診療 information. */
export const treatmentMonthShape = {
  DiOrg: optional(freeText),
  MeTrDiHCd: optional(freeText),
  MeTrDiHNm: optional(freeText),
  PrlsHCd: optional(freeText),
  PrlsHNm: optional(freeText),
  MeTrMonth: optional(month),
  PrIsOrg: optional(freeText),
  InOut: optional(freeText),
  DiDateInfs: optionalList('DiDateInf', dispensingDateShape),
} as const;

/** The 電子処方箋 trees (CzDiInf, ShPrInf) are not modelled: their inner names are only sketched in the spec. */
export const drugInfoResponseBodyShape = {
  ...resultFields,
  MeTrMonthInf: repeated(treatmentMonthShape),
} as const;

export const checkupResponseHeaderShape = {
  ...resultFields,
  MedicalInstitutionCode: optional(medicalInstitutionCode),
  ArbitraryFileIdentifier: optional(maxLength(100)),
  CharacterCodeIdentifier: characterCodeIdentifier,
  QualificationsInfo: optionalGroup({
    Name: optional(personName),
    KanasName: optional(kanaName), // sic: the real element name
    Birthday: optional(date),
    AdministrativeGenderCode: optional(digits),
  }),
} as const;

export const checkupItemShape = {
  ItemCode: optional(freeText),
  ItemName: optional(freeText),
  DataType: optional(freeText),
  DataValue: optional(freeText),
  Unit: optional(freeText),
  Oid: optional(freeText),
  DataValueName: optional(freeText),
} as const;

export const checkupShape = {
  EffectiveTime: optional(date),
  HealthCheckupResultAndQuestionInfos: optionalList('HealthCheckupResultAndQuestionInfo', checkupItemShape),
} as const;

export const checkupResponseBodyShape = {
  ...resultFields,
  SpecificHealthCheckupInfo: repeated(checkupShape),
} as const;

/** 薬剤情報・診療情報, `YZKsiquc01req_` / `res_`. */
export const drugInfoRequest = defineXmlMessage('YZKsiquc01req', drugAndCheckupRequestHeaderShape, drugInfoRequestBodyShape);
export const drugInfoResponse = defineXmlMessage('YZKsiquc01res', drugInfoResponseHeaderShape, drugInfoResponseBodyShape);
/** 特定健診情報, `TKKsiquc01req_` / `res_`. */
export const checkupRequest = defineXmlMessage('TKKsiquc01req', drugAndCheckupRequestHeaderShape, checkupRequestBodyShape);
export const checkupResponse = defineXmlMessage('TKKsiquc01res', checkupResponseHeaderShape, checkupResponseBodyShape);

export type DrugInfoRequest = MessageModel<typeof drugAndCheckupRequestHeaderShape, typeof drugInfoRequestBodyShape>;
export type DrugInfoResponse = MessageModel<typeof drugInfoResponseHeaderShape, typeof drugInfoResponseBodyShape>;
export type CheckupRequest = MessageModel<typeof drugAndCheckupRequestHeaderShape, typeof checkupRequestBodyShape>;
export type CheckupResponse = MessageModel<typeof checkupResponseHeaderShape, typeof checkupResponseBodyShape>;
