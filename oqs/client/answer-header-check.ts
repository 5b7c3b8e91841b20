import type { CentralFailure } from '../../flow/ports/central-system';
import { centralFailure } from './failure-mapping';

export interface AnsweredHeader {
  readonly MedicalInstitutionCode?: string;
  readonly ArbitraryFileIdentifier?: string;
  readonly SegmentOfResult?: string;
  readonly ErrorCode?: string;
}

/**
 * §3.2's first two steps on an answer that came with HTTP 200: it is ours (our 医療機関コード, the
 * identifier we sent echoed) and SegmentOfResult is 1 where the message has one. A 9 is a refusal.
 */
export function failureOfAnsweredHeader(header: AnsweredHeader, expected: { medicalInstitutionCode: string; arbitraryFileIdentifier?: string }): CentralFailure | undefined {
  if (header.MedicalInstitutionCode !== undefined && header.MedicalInstitutionCode !== expected.medicalInstitutionCode) {
    return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'the answer names another facility');
  }
  if (expected.arbitraryFileIdentifier !== undefined && header.ArbitraryFileIdentifier !== expected.arbitraryFileIdentifier) {
    return centralFailure('CENTRAL_MALFORMED_ANSWER', false, 'the answer does not echo our ArbitraryFileIdentifier');
  }
  const segment = header.SegmentOfResult;
  if (segment === undefined || segment === '1') return undefined;
  if (segment === '9') return centralFailure('CENTRAL_REFUSED', false, `SegmentOfResult 9${header.ErrorCode === undefined ? '' : ` ${header.ErrorCode}`}`, header.ErrorCode);
  return centralFailure('CENTRAL_MALFORMED_ANSWER', false, `unexpected SegmentOfResult ${segment}`);
}
