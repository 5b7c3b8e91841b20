
import type { InsuranceKeyField, InsuranceKeyProblemCode, InsuranceKeyProblem } from '../../../flow/contract/inquiry-views';
export type { InsuranceKeyField, InsuranceKeyProblemCode, InsuranceKeyProblem } from '../../../flow/contract/inquiry-views';

/** What staff typed or the CSV held; any field may be missing. */
export interface InsuranceKeyInput {
  readonly insurerNumber?: unknown;
  readonly symbol?: unknown;
  readonly number?: unknown;
  readonly branchNumber?: unknown;
  readonly birthDate?: unknown;
}

/** The keys as the central system takes them (QualificationConfirmSearchInfo, without the consent flag). */
export interface InsuranceKeys {
  /** 6 or 8 digits, as typed (the client pads it for the wire). */
  readonly insurerNumber: string;
  readonly symbol?: string;
  readonly number: string;
  /** 2 digits. */
  readonly branchNumber?: string;
  /** yyyyMMdd. */
  readonly birthDate: string;
}

export type InsuranceKeyCheck = { readonly ok: true; readonly keys: InsuranceKeys } | { readonly ok: false; readonly problems: readonly InsuranceKeyProblem[] };

/** 記号 and 番号: at most 20 characters (§5). */
export const MAX_SYMBOL_LENGTH = 20;
export const MAX_NUMBER_LENGTH = 20;

/**
 * Characters a 記号 or 番号 may have: ASCII letters and digits, the hyphen (e.g. 記号 01-00), and the
 * kanji and kana some 国保・組合 記号 use. No spaces, punctuation or control characters: they are
 * typing or export mistakes, and a key with one of them never matches.
 */
const KEY_CHARACTERS = /^[0-9A-Za-z\-\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+$/u;

export interface InsuranceKeyCheckOptions {
  /** yyyyMMdd, today at the facility: a 生年月日 after it is refused. */
  readonly today?: string;
}

export function checkInsuranceKeys(input: InsuranceKeyInput, options: InsuranceKeyCheckOptions = {}): InsuranceKeyCheck {
  const problems: InsuranceKeyProblem[] = [];
  const problem = (field: InsuranceKeyField, code: InsuranceKeyProblemCode, message: string) => {
    problems.push({ field, code, message });
  };

  const insurerNumber = normalised(input.insurerNumber).replace(/\s+/g, '');
  if (insurerNumber === '') problem('insurerNumber', 'INSURER_NUMBER_MISSING', '保険者番号を入力してください');
  else if (!/^(?:\d{6}|\d{8})$/.test(insurerNumber)) problem('insurerNumber', 'INSURER_NUMBER_FORMAT', '保険者番号は6桁または8桁の数字です');

  const symbol = normalised(input.symbol);
  if (symbol !== '') {
    if ([...symbol].length > MAX_SYMBOL_LENGTH) problem('symbol', 'SYMBOL_TOO_LONG', `記号は${MAX_SYMBOL_LENGTH}文字以内です`);
    else if (!KEY_CHARACTERS.test(symbol)) problem('symbol', 'SYMBOL_CHARACTERS', '記号に使えない文字（空白・記号など）があります');
  }

  const number = normalised(input.number);
  if (number === '') problem('number', 'NUMBER_MISSING', '番号を入力してください');
  else if ([...number].length > MAX_NUMBER_LENGTH) problem('number', 'NUMBER_TOO_LONG', `番号は${MAX_NUMBER_LENGTH}文字以内です`);
  else if (!KEY_CHARACTERS.test(number)) problem('number', 'NUMBER_CHARACTERS', '番号に使えない文字（空白・記号など）があります');

  // A spreadsheet turns 枝番 01 into 1: one digit is taken as the same 枝番.
  const branchText = normalised(input.branchNumber);
  const branchNumber = /^\d$/.test(branchText) ? `0${branchText}` : branchText;
  if (branchNumber !== '' && !/^\d{2}$/.test(branchNumber)) problem('branchNumber', 'BRANCH_NUMBER_FORMAT', '枝番は2桁の数字です');

  const birth = birthDateOf(normalised(input.birthDate));
  if (birth.kind === 'missing') problem('birthDate', 'BIRTH_DATE_MISSING', '生年月日を入力してください');
  else if (birth.kind === 'format') problem('birthDate', 'BIRTH_DATE_FORMAT', '生年月日は西暦の年月日（例 19800217 または 1980/02/17）で入力してください');
  else if (birth.kind === 'not-a-date') problem('birthDate', 'BIRTH_DATE_NOT_A_DATE', '生年月日が暦にない日付です');
  else if (options.today !== undefined && birth.value > options.today) problem('birthDate', 'BIRTH_DATE_IN_FUTURE', '生年月日が今日より後です');

  if (problems.length > 0 || birth.kind !== 'date') return { ok: false, problems };
  return {
    ok: true,
    keys: {
      insurerNumber,
      ...(symbol === '' ? {} : { symbol }),
      number,
      ...(branchNumber === '' ? {} : { branchNumber }),
      birthDate: birth.value,
    },
  };
}

/**
 * A date as people and spreadsheets write it: yyyyMMdd, yyyy/M/d, yyyy-M-d or yyyy.M.d → yyyyMMdd.
 * Shared with the CSV's 予約日.
 */
export function compactDateOf(text: string): { readonly kind: 'missing' } | { readonly kind: 'format' } | { readonly kind: 'not-a-date' } | { readonly kind: 'date'; readonly value: string } {
  if (text === '') return { kind: 'missing' };
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(text);
  if (match === null) return { kind: 'format' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return { kind: 'not-a-date' };
  return { kind: 'date', value: `${String(year).padStart(4, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}` };
}

const birthDateOf = compactDateOf;

/** A value as text: NFKC (full-width digits and letters to ASCII, half-width kana to full-width), trimmed. */
function normalised(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return '';
  return value.normalize('NFKC').trim();
}
