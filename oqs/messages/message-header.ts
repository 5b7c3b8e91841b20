import {
  CHARACTER_CODE_IDENTIFIER,
  REFERENCE_CLASSIFICATION,
} from '../codes/oqs-codes';
import { optional, required } from './schema';
import { anyText, codeOf, date, dateTime, digits, maxLength, medicalInstitutionCode, pattern } from './value-checks';

// SegmentOfResult is read as any short number: the judge, not the parser, decides what 3 or 8 means (§3.2).
const segmentOfResult = pattern(/^\d{1,2}$/, 'a 1–2 digit SegmentOfResult');

/** Every MessageHeader element of §3.1; which ones a message carries varies, so all but the facility are optional. */
export const messageHeaderShape = {
  ProcessExecutionTime: optional(dateTime),
  QualificationConfirmationDate: optional(date),
  MedicalInstitutionCode: required(medicalInstitutionCode),
  ArbitraryFileIdentifier: optional(maxLength(100)),
  ReferenceClassification: optional(codeOf(REFERENCE_CLASSIFICATION, 'OQSCD002')),
  SegmentOfResult: optional(segmentOfResult),
  ErrorCode: optional(anyText),
  ErrorMessage: optional(anyText),
  CharacterCodeIdentifier: optional(codeOf(CHARACTER_CODE_IDENTIFIER, 'OQSCD005')),
  ReceptionNumber: optional(maxLength(50)),
  NumberOfProcessingResult: optional(digits),
  NumberOfNormalProcessing: optional(digits),
  NumberOfError: optional(digits),
} as const;

/** A request header: the facility, the date eligibility is judged on, and the client's echo token. */
export const requestHeaderShape = {
  QualificationConfirmationDate: optional(date),
  MedicalInstitutionCode: required(medicalInstitutionCode),
  ArbitraryFileIdentifier: optional(maxLength(100)),
} as const;
