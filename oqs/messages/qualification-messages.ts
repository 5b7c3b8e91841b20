import {
  LIMIT_APPLICATION_CONSENT,
  PROCESSING_RESULT_STATUS,
  PRESCRIPTION_ISSUE_SELECT,
  QUALIFICATION_VALIDITY,
} from '../codes/oqs-codes';
import { requiredInsurerNumber } from './insurer-number';
import { messageHeaderShape, requestHeaderShape } from './message-header';
import { qualificationResultShape } from './qualification-result';
import { group, optional, optionalGroup, optionalList, required, type ModelOf } from './schema';
import { anyText, branchNumber, codeOf, date, maxLength } from './value-checks';
import { defineXmlMessage, type MessageModel } from './xml-message';

/** QualificationConfirmSearchInfo: the 被保険者証 keys of a 個別照会, echoed in the response. */
export const searchInfoShape = {
  InsurerNumber: requiredInsurerNumber,
  InsuredCardSymbol: optional(maxLength(20)),
  InsuredIdentificationNumber: required(maxLength(20)),
  InsuredBranchNumber: optional(branchNumber),
  Birthdate: required(date),
  LimitApplicationCertificateRelatedConsFlg: optional(codeOf(LIMIT_APPLICATION_CONSENT, 'OQSCD001')),
  ArbitraryIdentifier: optional(maxLength(100)),
} as const;

export const qualificationRequestBodyShape = {
  QualificationConfirmSearchInfo: group(searchInfoShape),
} as const;

/** The body of OQSsiquc01res and of the face file; a failed response may carry none of it. */
export const qualificationResponseBodyShape = {
  ProcessingResultStatus: optional(codeOf(PROCESSING_RESULT_STATUS, 'OQSCD004')),
  ProcessingResultCode: optional(anyText),
  ProcessingResultMessage: optional(anyText),
  QualificationValidity: optional(codeOf(QUALIFICATION_VALIDITY, 'OQSCD006')),
  QualificationConfirmSearchInfo: optionalGroup(searchInfoShape),
  PrescriptionIssueSelect: optional(codeOf(PRESCRIPTION_ISSUE_SELECT, 'OQSCD017')),
  ResultList: optionalList('ResultOfQualificationConfirmation', qualificationResultShape),
} as const;

/** 個別照会 request, `OQSsiquc01req_<id>.xml`. */
export const qualificationRequest = defineXmlMessage('OQSsiquc01req', requestHeaderShape, qualificationRequestBodyShape);
/** 個別照会 response, `OQSsiquc01res_<id>.xml`; the face file has the same layout. */
export const qualificationResponse = defineXmlMessage('OQSsiquc01res', messageHeaderShape, qualificationResponseBodyShape);

export type QualificationSearchInfo = ModelOf<typeof searchInfoShape>;
export type QualificationRequest = MessageModel<typeof requestHeaderShape, typeof qualificationRequestBodyShape>;
export type QualificationResponse = MessageModel<typeof messageHeaderShape, typeof qualificationResponseBodyShape>;
