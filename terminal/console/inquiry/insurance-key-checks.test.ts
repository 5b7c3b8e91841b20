import { describe, expect, it } from 'vitest';
import { checkInsuranceKeys, compactDateOf, type InsuranceKeyInput } from './insurance-key-checks';

const GOOD = { insurerNumber: '01130012', symbol: '1234', number: '5678', branchNumber: '00', birthDate: '19800217' };

const codesOf = (input: InsuranceKeyInput, today?: string) => {
  const checked = checkInsuranceKeys(input, today === undefined ? {} : { today });
  return checked.ok ? [] : checked.problems.map((problem) => `${problem.field}:${problem.code}`);
};

describe('個別照会 input checks', () => {
  it('takes good keys as they are', () => {
    expect(checkInsuranceKeys(GOOD)).toEqual({ ok: true, keys: GOOD });
  });

  it('normalises what people and spreadsheets write: full-width digits, spaces, 枝番 1, 1980/2/17', () => {
    expect(checkInsuranceKeys({ insurerNumber: ' ０１１３ ００１２ ', symbol: '１２３４', number: ' 5678 ', branchNumber: '0', birthDate: '1980/2/17' })).toEqual({
      ok: true,
      keys: { ...GOOD, branchNumber: '00' },
    });
    expect(checkInsuranceKeys({ ...GOOD, birthDate: '1980-02-17' })).toMatchObject({ ok: true, keys: { birthDate: '19800217' } });
  });

  it('保険者番号: 6 (国保) or 8 digits', () => {
    expect(checkInsuranceKeys({ ...GOOD, insurerNumber: '139999' })).toMatchObject({ ok: true, keys: { insurerNumber: '139999' } });
    expect(codesOf({ ...GOOD, insurerNumber: '' })).toEqual(['insurerNumber:INSURER_NUMBER_MISSING']);
    for (const bad of ['1234567', '123456789', '0113001X', '12345']) expect(codesOf({ ...GOOD, insurerNumber: bad })).toEqual(['insurerNumber:INSURER_NUMBER_FORMAT']);
  });

  it('記号 is optional (後期高齢): at most 20 characters, letters, digits, hyphen, kanji and kana', () => {
    const { symbol: _none, ...withoutSymbol } = GOOD;
    expect(checkInsuranceKeys(withoutSymbol)).toEqual({ ok: true, keys: withoutSymbol });
    expect(checkInsuranceKeys({ ...GOOD, symbol: '01-00' }).ok).toBe(true);
    expect(checkInsuranceKeys({ ...GOOD, symbol: '愛知ア' }).ok).toBe(true);
    expect(codesOf({ ...GOOD, symbol: 'A'.repeat(21) })).toEqual(['symbol:SYMBOL_TOO_LONG']);
    expect(codesOf({ ...GOOD, symbol: '12 34' })).toEqual(['symbol:SYMBOL_CHARACTERS']);
    expect(codesOf({ ...GOOD, symbol: '12,34' })).toEqual(['symbol:SYMBOL_CHARACTERS']);
  });

  it('番号 is required: at most 20 characters of the same kind', () => {
    expect(codesOf({ ...GOOD, number: '' })).toEqual(['number:NUMBER_MISSING']);
    expect(codesOf({ ...GOOD, number: '1'.repeat(21) })).toEqual(['number:NUMBER_TOO_LONG']);
    expect(codesOf({ ...GOOD, number: '56\u000078' })).toEqual(['number:NUMBER_CHARACTERS']);
    expect(checkInsuranceKeys({ ...GOOD, number: '1'.repeat(20) }).ok).toBe(true);
  });

  it('枝番: 2 digits (or none)', () => {
    const { branchNumber: _none, ...withoutBranch } = GOOD;
    expect(checkInsuranceKeys(withoutBranch)).toEqual({ ok: true, keys: withoutBranch });
    for (const bad of ['123', 'AB', '-1']) expect(codesOf({ ...GOOD, branchNumber: bad })).toEqual(['branchNumber:BRANCH_NUMBER_FORMAT']);
  });

  it('生年月日: a real date, written as a date, not after today', () => {
    expect(codesOf({ ...GOOD, birthDate: '' })).toEqual(['birthDate:BIRTH_DATE_MISSING']);
    for (const bad of ['1980217', 'S55.2.17', '17/02/1980', '1980年2月17日']) expect(codesOf({ ...GOOD, birthDate: bad })).toEqual(['birthDate:BIRTH_DATE_FORMAT']);
    for (const bad of ['19800230', '19801301', '20230229', '1980/0/10']) expect(codesOf({ ...GOOD, birthDate: bad })).toEqual(['birthDate:BIRTH_DATE_NOT_A_DATE']);
    expect(checkInsuranceKeys({ ...GOOD, birthDate: '20240229' }).ok).toBe(true);
    expect(codesOf({ ...GOOD, birthDate: '20261122' }, '20261121')).toEqual(['birthDate:BIRTH_DATE_IN_FUTURE']);
    expect(codesOf({ ...GOOD, birthDate: '20261121' }, '20261121')).toEqual([]);
  });

  it('reports every problem at once, and never the value', () => {
    const checked = checkInsuranceKeys({ insurerNumber: '99', symbol: '', number: '', branchNumber: 'x', birthDate: '19800230' });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map((problem) => problem.code)).toEqual(['INSURER_NUMBER_FORMAT', 'NUMBER_MISSING', 'BRANCH_NUMBER_FORMAT', 'BIRTH_DATE_NOT_A_DATE']);
    for (const problem of checked.problems) expect(problem.message).not.toMatch(/19800230|99\b/);
  });

  it('refuses values that are not text as missing', () => {
    expect(codesOf({ insurerNumber: { toString: () => '01130012' }, number: ['5678'], birthDate: null })).toEqual([
      'insurerNumber:INSURER_NUMBER_MISSING',
      'number:NUMBER_MISSING',
      'birthDate:BIRTH_DATE_MISSING',
    ]);
  });

  it('compactDateOf reads the date forms a spreadsheet writes', () => {
    expect(compactDateOf('2026/11/22')).toEqual({ kind: 'date', value: '20261122' });
    expect(compactDateOf('2026.1.2')).toEqual({ kind: 'date', value: '20260102' });
    expect(compactDateOf('')).toEqual({ kind: 'missing' });
  });
});
