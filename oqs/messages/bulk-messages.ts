import { MEDICAL_TREATMENT_FLAG, PROCESSING_RESULT_STATUS, QUALIFICATION_VALIDITY } from '../codes/oqs-codes';
import { messageHeaderShape, requestHeaderShape } from './message-header';
import { qualificationResultShape } from './qualification-result';
import { searchInfoShape } from './qualification-messages';
import { group, optional, optionalGroup, repeated, required } from './schema';
import { anyText, codeOf, date, dateTime, maxLength, month } from './value-checks';
import { defineXmlMessage, type MessageModel } from './xml-message';

const receptionNumber = maxLength(50);

/** 一括照会 upload, `OQSmuquc01req` (body layout inferred in the spec: one search info per person). */
export const bulkQualificationUploadBodyShape = {
  QualificationConfirmSearchInfo: repeated(searchInfoShape, 1),
} as const;

/** 一括照会 acceptance, `OQSmuquc01res`: the 受付番号 to fetch the result with later. */
export const bulkQualificationAcceptanceBodyShape = {
  ProcessingResultStatus: optional(codeOf(PROCESSING_RESULT_STATUS, 'OQSCD004')),
  ProcessingResultCode: optional(anyText),
  ProcessingResultMessage: optional(anyText),
  ReceptionNumber: optional(receptionNumber),
  ReceptionDateTime: optional(dateTime),
} as const;

/** 一括照会 result request, `OQSmuquc02req` (also tic/hvq/onq 02req). */
export const bulkResultRequestBodyShape = {
  ReceptionNumber: required(receptionNumber),
} as const;

/** One person of a bulk result: the result sits directly in the unit, without ResultList. */
export const bulkConfirmUnitShape = {
  ProcessingResultStatus: optional(codeOf(PROCESSING_RESULT_STATUS, 'OQSCD004')),
  ProcessingResultCode: optional(anyText),
  ProcessingResultMessage: optional(anyText),
  QualificationValidity: optional(codeOf(QUALIFICATION_VALIDITY, 'OQSCD006')),
  ReferenceNumber: optional(maxLength(50)),
  ArbitraryIdentifier: optional(maxLength(100)),
  QualificationConfirmSearchInfo: optionalGroup(searchInfoShape),
  ResultOfQualificationConfirmation: repeated(qualificationResultShape),
} as const;

/** 一括照会 result, `OQSmuquc02res` (and tic/hvq/onq 02res); empty while SegmentOfResult is 2. */
export const bulkResultBodyShape = {
  BulkConfirmUnit: repeated(bulkConfirmUnitShape),
} as const;

/** tic/hvq/onq 01req criteria: dates of consent or examination, or the 医療扶助 month, plus the treatment kind. */
export const bulkCriteriaShape = {
  ConsentDateFrom: optional(date),
  ConsentDateTo: optional(date),
  ExaminationDateFrom: optional(date),
  ExaminationDateTo: optional(date),
  MedicalTreatmentMonth: optional(month),
  MedicalTreatmentFlag: optional(codeOf(MEDICAL_TREATMENT_FLAG, 'MedicalTreatmentFlag')),
} as const;

export const bulkCriteriaUploadBodyShape = {
  QualificationConfirmSearchInfo: group(bulkCriteriaShape),
} as const;

export const bulkQualificationUpload = defineXmlMessage('OQSmuquc01req', requestHeaderShape, bulkQualificationUploadBodyShape);
export const bulkQualificationAcceptance = defineXmlMessage('OQSmuquc01res', messageHeaderShape, bulkQualificationAcceptanceBodyShape);
export const bulkResultRequest = defineXmlMessage('OQSmuquc02req', requestHeaderShape, bulkResultRequestBodyShape);
export const bulkResult = defineXmlMessage('OQSmuquc02res', messageHeaderShape, bulkResultBodyShape);
/** OQSmutic01req / OQSmuhvq01req / OQSmuonq01req: one criteria block instead of a person list. */
export const bulkCriteriaUpload = defineXmlMessage('OQSmu{tic,hvq,onq}01req', requestHeaderShape, bulkCriteriaUploadBodyShape);

export type BulkQualificationUpload = MessageModel<typeof requestHeaderShape, typeof bulkQualificationUploadBodyShape>;
export type BulkQualificationAcceptance = MessageModel<typeof messageHeaderShape, typeof bulkQualificationAcceptanceBodyShape>;
export type BulkResultRequest = MessageModel<typeof requestHeaderShape, typeof bulkResultRequestBodyShape>;
export type BulkResult = MessageModel<typeof messageHeaderShape, typeof bulkResultBodyShape>;
export type BulkCriteriaUpload = MessageModel<typeof requestHeaderShape, typeof bulkCriteriaUploadBodyShape>;
