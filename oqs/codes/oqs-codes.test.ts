import { describe, expect, it } from 'vitest';
import { OqsError } from '../errors';
import { codesOf, isCodeOf, labelOf } from './code-table';
import {
  CONTRIBUTION_RATIO,
  INSURED_CARD_CLASSIFICATION,
  LIMIT_APPLICATION_CLASSIFICATION_FLAG,
  QUALIFICATION_VALIDITY,
  QUALIFICATION_VALIDITY_BEHAVIOUR,
  SEGMENT_OF_RESULT,
} from './oqs-codes';

describe('code tables', () => {
  it('label known codes in Japanese', () => {
    expect(labelOf(CONTRIBUTION_RATIO, '一部負担金割合', '010')).toBe('1割');
    expect(labelOf(INSURED_CARD_CLASSIFICATION, 'OQSCD010', 'A1')).toBe('医療扶助');
    expect(labelOf(LIMIT_APPLICATION_CLASSIFICATION_FLAG, 'OQSCD012', 'B10')).toBe('一般Ⅰ');
    expect(labelOf(SEGMENT_OF_RESULT, 'OQSCD003', '9')).toBe('異常終了');
  });

  it('answer an unknown code with UNKNOWN_CODE, including inherited property names', () => {
    for (const unknown of ['3', '', 'toString', '__proto__', '10']) {
      expect(() => labelOf(CONTRIBUTION_RATIO, 'ratio', unknown)).toThrow(OqsError);
      expect(isCodeOf(SEGMENT_OF_RESULT, unknown)).toBe(false);
    }
    try {
      labelOf(SEGMENT_OF_RESULT, 'OQSCD003', '3');
    } catch (error) {
      expect((error as OqsError).code).toBe('UNKNOWN_CODE');
    }
  });

  it('give every QualificationValidity a terminal behaviour', () => {
    expect(codesOf(QUALIFICATION_VALIDITY)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(codesOf(QUALIFICATION_VALIDITY_BEHAVIOUR)).toEqual(codesOf(QUALIFICATION_VALIDITY));
  });
});
