import {
  QUALIFICATION_VALIDITY,
  QUALIFICATION_VALIDITY_BEHAVIOUR,
  type QualificationValidity,
} from '../codes/oqs-codes';
import { isCodeOf } from '../codes/code-table';
import { isOqsError, type OqsError } from '../errors';
import type { QualificationResult } from './qualification-result';
import { qualificationResponse, type QualificationResponse } from './qualification-messages';
import type { ParseOptions } from './xml-message';

export interface ExpectedIdentity {
  /** Our 医療機関コード. */
  readonly medicalInstitutionCode: string;
  /** The token we put in the request; omit for face files, which carry an opaque system value. */
  readonly arbitraryFileIdentifier?: string;
}

/** What a 資格確認 response means for the terminal (§3.2). Only `qualification` may be shown. */
export type ResponseJudgement =
  | { readonly kind: 'unreadable'; readonly error: OqsError }
  | {
      readonly kind: 'not-ours';
      readonly field: 'MedicalInstitutionCode' | 'ArbitraryFileIdentifier';
      readonly expected: string;
      readonly actual: string | undefined;
    }
  | { readonly kind: 'pending' }
  | {
      readonly kind: 'failed';
      readonly segmentOfResult: string | undefined;
      readonly errorCode: string | undefined;
      readonly errorMessage: string | undefined;
    }
  | { readonly kind: 'processing-error'; readonly code: string | undefined; readonly message: string | undefined }
  | { readonly kind: 'incomplete'; readonly reason: string }
  | {
      readonly kind: 'qualification';
      readonly validity: QualificationValidity;
      readonly label: string;
      readonly behaviour: string;
      readonly results: readonly QualificationResult[];
      /** 複数該当, several results, none, or a non-usable validity: never auto-pick (reader-flow §8). */
      readonly needsStaff: boolean;
    };

/** Applies §3.2 in order: identity, SegmentOfResult, ProcessingResultStatus, QualificationValidity. */
export function judgeQualificationResponse(response: QualificationResponse, expected: ExpectedIdentity): ResponseJudgement {
  const header = response.MessageHeader;
  if (header.MedicalInstitutionCode.trim() !== expected.medicalInstitutionCode.trim()) {
    return {
      kind: 'not-ours',
      field: 'MedicalInstitutionCode',
      expected: expected.medicalInstitutionCode,
      actual: header.MedicalInstitutionCode,
    };
  }
  if (expected.arbitraryFileIdentifier !== undefined && header.ArbitraryFileIdentifier !== expected.arbitraryFileIdentifier) {
    return {
      kind: 'not-ours',
      field: 'ArbitraryFileIdentifier',
      expected: expected.arbitraryFileIdentifier,
      actual: header.ArbitraryFileIdentifier,
    };
  }
  switch (header.SegmentOfResult) {
    case '1':
      break;
    case '2':
      return { kind: 'pending' };
    default:
      // 9, an unofficial 3, or nothing at all: failure, with whatever the header says.
      return {
        kind: 'failed',
        segmentOfResult: header.SegmentOfResult,
        errorCode: header.ErrorCode,
        errorMessage: header.ErrorMessage,
      };
  }
  const body = response.MessageBody;
  if (body.ProcessingResultStatus === '2') {
    return { kind: 'processing-error', code: body.ProcessingResultCode, message: body.ProcessingResultMessage };
  }
  if (body.ProcessingResultStatus !== '1') return { kind: 'incomplete', reason: 'ProcessingResultStatus is missing' };
  const validity = body.QualificationValidity;
  if (validity === undefined || !isCodeOf(QUALIFICATION_VALIDITY, validity)) {
    return { kind: 'incomplete', reason: 'QualificationValidity is missing' };
  }
  const results = body.ResultList ?? [];
  const usable = validity === '1' || validity === '6';
  return {
    kind: 'qualification',
    validity,
    label: QUALIFICATION_VALIDITY[validity],
    behaviour: QUALIFICATION_VALIDITY_BEHAVIOUR[validity],
    results,
    needsStaff: !usable || results.length !== 1,
  };
}

/** Parses and judges in one step; an unreadable file is a judgement too, never an exception. */
export function judgeQualificationResponseBytes(
  bytes: Uint8Array,
  expected: ExpectedIdentity,
  options?: ParseOptions,
): ResponseJudgement {
  let response: QualificationResponse;
  try {
    response = qualificationResponse.parse(bytes, options);
  } catch (error) {
    if (isOqsError(error)) return { kind: 'unreadable', error };
    throw error;
  }
  return judgeQualificationResponse(response, expected);
}
