import { isCodeOf, type CodeTable } from '../codes/code-table';

/**
 * What a check accepts, as far as a schema language can say it; read by the central mock's OpenAPI
 * generator, never by the checks themselves. Each part is a necessary condition, so a partial
 * description is still true.
 */
export interface ValueCheckDescription {
  /** Anchored patterns the value must match, every one of them. */
  readonly patterns?: readonly RegExp[];
  /** The longest value, in characters (code points). */
  readonly maxLength?: number;
  /** The only values allowed. */
  readonly enum?: readonly string[];
  /** What the patterns cannot say, in words (e.g. "a real calendar date"). */
  readonly note?: string;
}

/** A value check returns why a value is invalid, or undefined when it is fine; `description` says what it accepts. */
export type ValueCheck = ((value: string) => string | undefined) & { readonly description?: ValueCheckDescription };

function described(check: (value: string) => string | undefined, description: ValueCheckDescription): ValueCheck {
  return Object.assign(check, { description });
}

const HALF_WIDTH_KANA_NAME = /^[\uFF61-\uFF9F]+(?: [\uFF61-\uFF9F]+)*$/;

export const anyText: ValueCheck = described(() => undefined, {});

export function maxLength(limit: number): ValueCheck {
  return described((value) => ([...value].length > limit ? `longer than ${limit} characters` : undefined), { maxLength: limit });
}

export function pattern(regex: RegExp, description: string): ValueCheck {
  return described((value) => (regex.test(value) ? undefined : `not ${description}`), { patterns: [regex], note: description });
}

export function codeOf(table: CodeTable, tableName: string): ValueCheck {
  const labels = Object.entries(table).map(([code, label]) => `${code} ${label}`);
  return described((value) => (isCodeOf(table, value) ? undefined : `not a code of ${tableName}`), {
    enum: Object.keys(table),
    note: `${tableName}: ${labels.join(', ')}`,
  });
}

export function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** yyyyMMdd, a real calendar date. */
export const date: ValueCheck = described(
  (value) => {
    const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    if (match === null) return 'not yyyyMMdd';
    return isRealDate(Number(match[1]), Number(match[2]), Number(match[3])) ? undefined : 'not a calendar date';
  },
  { patterns: [/^\d{8}$/], note: 'yyyyMMdd, a real calendar date' },
);

/** yyyyMMddHHmmss, local time, a real date and a real time of day. */
export const dateTime: ValueCheck = described(
  (value) => {
    const match = /^(\d{8})(\d{2})(\d{2})(\d{2})$/.exec(value);
    if (match === null) return 'not yyyyMMddHHmmss';
    const dateProblem = date(match[1] ?? '');
    if (dateProblem !== undefined) return dateProblem;
    return Number(match[2]) <= 23 && Number(match[3]) <= 59 && Number(match[4]) <= 59 ? undefined : 'not a time of day';
  },
  { patterns: [/^\d{14}$/], note: 'yyyyMMddHHmmss, local time, a real date and time of day' },
);

/** yyyyMM. */
export const month: ValueCheck = described(
  (value) => {
    const match = /^(\d{4})(\d{2})$/.exec(value);
    if (match === null) return 'not yyyyMM';
    const monthNumber = Number(match[2]);
    return monthNumber >= 1 && monthNumber <= 12 ? undefined : 'not a month';
  },
  { patterns: [/^\d{4}(?:0[1-9]|1[0-2])$/], note: 'yyyyMM' },
);

export const digits = pattern(/^\d+$/, 'digits');
export const medicalInstitutionCode = pattern(/^\d{10}$/, 'a 10-digit 医療機関コード');
export const branchNumber = pattern(/^\d{2}$/, 'a 2-digit 枝番');
export const postNumber = pattern(/^\d{3}-\d{4}$/, 'a postal code 123-4567');
/** 8 characters: 8 digits, or a 6-digit 国保 number left-padded with spaces; 6 bare digits are tolerated (§2.3: the writers pad them). */
export const insurerNumber = pattern(/^(?:\d{8}| {2}\d{6}|\d{6})$/, 'an 8-character 保険者番号');

/** 氏名: no ASCII space (the separator is the full-width space U+3000) and no control characters. */
export const personName: ValueCheck = described(
  (value) => {
    if (value.length === 0) return 'empty';
    if (value.includes(' ')) return 'has an ASCII space (氏名 uses the full-width space)';
    if (/[\u0000-\u001F\u007F]/.test(value)) return 'has a control character';
    return [...value].length > 100 ? 'longer than 100 characters' : undefined;
  },
  { patterns: [/^[^ \u0000-\u001F\u007F]+$/], maxLength: 100, note: '氏名: no ASCII space (use U+3000), no control character' },
);

/** カナ氏名: half-width katakana words separated by single ASCII spaces. */
export const kanaName: ValueCheck = described(
  (value) => (HALF_WIDTH_KANA_NAME.test(value) ? undefined : 'not half-width katakana separated by an ASCII space'),
  { patterns: [HALF_WIDTH_KANA_NAME], note: 'half-width katakana words separated by one ASCII space' },
);

export function allOf(...checks: readonly ValueCheck[]): ValueCheck {
  return described(
    (value) => {
      for (const check of checks) {
        const problem = check(value);
        if (problem !== undefined) return problem;
      }
      return undefined;
    },
    mergeDescriptions(checks.flatMap((check) => (check.description === undefined ? [] : [check.description]))),
  );
}

/** Every part of every description holds at once: patterns add up, the tightest length and the common codes win. */
function mergeDescriptions(descriptions: readonly ValueCheckDescription[]): ValueCheckDescription {
  const patterns = descriptions.flatMap((description) => description.patterns ?? []);
  const lengths = descriptions.flatMap((description) => (description.maxLength === undefined ? [] : [description.maxLength]));
  const enums = descriptions.flatMap((description) => (description.enum === undefined ? [] : [description.enum]));
  const notes = descriptions.flatMap((description) => (description.note === undefined ? [] : [description.note]));
  return {
    ...(patterns.length > 0 ? { patterns } : {}),
    ...(lengths.length > 0 ? { maxLength: Math.min(...lengths) } : {}),
    ...(enums.length > 0 ? { enum: enums.reduce((common, codes) => common.filter((code) => codes.includes(code))) } : {}),
    ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
  };
}
