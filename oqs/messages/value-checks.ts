import { isCodeOf, type CodeTable } from '../codes/code-table';

/** A value check returns why a value is invalid, or undefined when it is fine. */
export type ValueCheck = (value: string) => string | undefined;

const HALF_WIDTH_KANA_NAME = /^[\uFF61-\uFF9F]+(?: [\uFF61-\uFF9F]+)*$/;

export const anyText: ValueCheck = () => undefined;

export function maxLength(limit: number): ValueCheck {
  return (value) => ([...value].length > limit ? `longer than ${limit} characters` : undefined);
}

export function pattern(regex: RegExp, description: string): ValueCheck {
  return (value) => (regex.test(value) ? undefined : `not ${description}`);
}

export function codeOf(table: CodeTable, tableName: string): ValueCheck {
  return (value) => (isCodeOf(table, value) ? undefined : `not a code of ${tableName}`);
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** yyyyMMdd, a real calendar date. */
export const date: ValueCheck = (value) => {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return 'not yyyyMMdd';
  return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? undefined : 'not a calendar date';
};

/** yyyyMMddHHmmss, local time, a real date and a real time of day. */
export const dateTime: ValueCheck = (value) => {
  const match = /^(\d{8})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return 'not yyyyMMddHHmmss';
  const dateProblem = date(match[1] ?? '');
  if (dateProblem !== undefined) return dateProblem;
  return Number(match[2]) <= 23 && Number(match[3]) <= 59 && Number(match[4]) <= 59 ? undefined : 'not a time of day';
};

/** yyyyMM. */
export const month: ValueCheck = (value) => {
  const match = /^(\d{4})(\d{2})$/.exec(value);
  if (match === null) return 'not yyyyMM';
  const monthNumber = Number(match[2]);
  return monthNumber >= 1 && monthNumber <= 12 ? undefined : 'not a month';
};

export const digits = pattern(/^\d+$/, 'digits');
export const medicalInstitutionCode = pattern(/^\d{10}$/, 'a 10-digit 医療機関コード');
export const branchNumber = pattern(/^\d{2}$/, 'a 2-digit 枝番');
export const postNumber = pattern(/^\d{3}-\d{4}$/, 'a postal code 123-4567');
/** 8 characters: 8 digits, or a 6-digit 国保 number left-padded with spaces; 6 bare digits are tolerated. */
export const insurerNumber = pattern(/^(?:\d{8}| {2}\d{6}|\d{6})$/, 'an 8-character 保険者番号');

/** 氏名: no ASCII space (the separator is the full-width space U+3000) and no control characters. */
export const personName: ValueCheck = (value) => {
  if (value.length === 0) return 'empty';
  if (value.includes(' ')) return 'has an ASCII space (氏名 uses the full-width space)';
  if (/[\u0000-\u001F\u007F]/.test(value)) return 'has a control character';
  return [...value].length > 100 ? 'longer than 100 characters' : undefined;
};

/** カナ氏名: half-width katakana words separated by single ASCII spaces. */
export const kanaName: ValueCheck = (value) =>
  HALF_WIDTH_KANA_NAME.test(value) ? undefined : 'not half-width katakana separated by an ASCII space';

export function allOf(...checks: readonly ValueCheck[]): ValueCheck {
  return (value) => {
    for (const check of checks) {
      const problem = check(value);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
}
