import { PROCESSING_RESULT_STATUS } from '../codes/oqs-codes';
import { optionalInsurerNumber, requiredInsurerNumber } from './insurer-number';
import { messageHeaderShape, requestHeaderShape } from './message-header';
import { group, optional, optionalGroup, required } from './schema';
import { anyText, branchNumber, codeOf, date, maxLength } from './value-checks';
import { defineXmlMessage, type MessageModel } from './xml-message';

/** 照会番号登録: the facility key (usually the カルテ番号, ≤50) and the keys of the person it belongs to. */
export const referenceNumberRegistrationShape = {
  ReferenceNumber: required(maxLength(50)),
  InsurerNumber: requiredInsurerNumber,
  InsuredCardSymbol: optional(maxLength(20)),
  InsuredIdentificationNumber: required(maxLength(20)),
  InsuredBranchNumber: optional(branchNumber),
  Birthdate: optional(date),
} as const;

/** The echo in the response: its layout is inferred, so every element is optional. */
export const referenceNumberEchoShape = {
  ReferenceNumber: optional(maxLength(50)),
  InsurerNumber: optionalInsurerNumber,
  InsuredCardSymbol: optional(maxLength(20)),
  InsuredIdentificationNumber: optional(maxLength(20)),
  InsuredBranchNumber: optional(branchNumber),
  Birthdate: optional(date),
} as const;

export const referenceNumberRequestBodyShape = {
  ReferenceNumberRegistrationInfo: group(referenceNumberRegistrationShape),
} as const;

export const referenceNumberResponseBodyShape = {
  ProcessingResultStatus: optional(codeOf(PROCESSING_RESULT_STATUS, 'OQSCD004')),
  ProcessingResultCode: optional(anyText),
  ProcessingResultMessage: optional(anyText),
  ReferenceNumberRegistrationInfo: optionalGroup(referenceNumberEchoShape),
} as const;

/** `OQSsiimm01req_<id>.xml`. */
export const referenceNumberRequest = defineXmlMessage('OQSsiimm01req', requestHeaderShape, referenceNumberRequestBodyShape);
/** `OQSsiimm01res_<id>.xml` (layout inferred). */
export const referenceNumberResponse = defineXmlMessage('OQSsiimm01res', messageHeaderShape, referenceNumberResponseBodyShape);

export type ReferenceNumberRequest = MessageModel<typeof requestHeaderShape, typeof referenceNumberRequestBodyShape>;
export type ReferenceNumberResponse = MessageModel<typeof messageHeaderShape, typeof referenceNumberResponseBodyShape>;
