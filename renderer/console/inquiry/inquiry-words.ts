import type { Words } from '../console-words';

// Words of the 照会 page: Japanese first, English beside it. The terminal's refusals carry their
// Japanese message; the English is looked up here by code (the code itself where none is written).

/** Each key field and appointments CSV column, as staff name it. */
export const FIELD_WORDS: Readonly<Record<string, Words>> = {
  insurerNumber: { ja: '保険者番号', en: 'Insurer number' },
  symbol: { ja: '記号', en: 'Symbol' },
  number: { ja: '番号', en: 'Number' },
  branchNumber: { ja: '枝番', en: 'Branch number' },
  birthDate: { ja: '生年月日', en: 'Date of birth' },
  appointmentDate: { ja: '予約日', en: 'Appointment date' },
  appointmentTime: { ja: '予約時刻', en: 'Appointment time' },
  patientId: { ja: '患者番号', en: 'Patient ID' },
  nameKana: { ja: '氏名カナ', en: 'Name (kana)' },
  row: { ja: '行全体', en: 'Whole row' },
};

/** Why a field or a row was refused. */
export const PROBLEM_EN: Readonly<Record<string, string>> = {
  INSURER_NUMBER_MISSING: 'Type the insurer number.',
  INSURER_NUMBER_FORMAT: 'The insurer number has 6 or 8 digits.',
  SYMBOL_TOO_LONG: 'The symbol is too long.',
  SYMBOL_CHARACTERS: 'The symbol has characters that cannot be used.',
  NUMBER_MISSING: 'Type the number.',
  NUMBER_TOO_LONG: 'The number is too long.',
  NUMBER_CHARACTERS: 'The number has characters that cannot be used.',
  BRANCH_NUMBER_FORMAT: 'The branch number has 2 digits.',
  BIRTH_DATE_MISSING: 'Type the date of birth.',
  BIRTH_DATE_FORMAT: 'Write the date of birth as 19800217 or 1980/02/17.',
  BIRTH_DATE_NOT_A_DATE: 'That date of birth is not in the calendar.',
  BIRTH_DATE_IN_FUTURE: 'The date of birth is after today.',
  ROW_COLUMN_COUNT: 'Another number of columns than the header (a comma inside a value?).',
  APPOINTMENT_DATE_FORMAT: 'The appointment date is not a date.',
  APPOINTMENT_DATE_OTHER_DAY: 'The appointment is for another day.',
  APPOINTMENT_TIME_FORMAT: 'The appointment time is not H:mm.',
  PATIENT_ID_TOO_LONG: 'The patient ID is too long.',
  NAME_KANA_TOO_LONG: 'The kana name is too long.',
  DUPLICATE_ROW: 'The same keys as an earlier row.',
};

/** Refusals of a whole request. */
export const REFUSAL_EN: Readonly<Record<string, string>> = {
  INPUT_INVALID: 'Check the fields marked below.',
  INPUT_MALFORMED: 'The request was not understood.',
  DATE_INVALID: 'The date is not a date.',
  DATE_IN_PAST: 'The date is in the past.',
  CENTRAL_UNAVAILABLE: 'The central system cannot be reached; try again later.',
  CENTRAL_TIMEOUT: 'The central system did not answer in time.',
  CENTRAL_REFUSED: 'The central system refused the inquiry.',
  CENTRAL_MALFORMED_ANSWER: 'The central system’s answer could not be read.',
  CENTRAL_AUTH_FAILED: 'The facility’s certificate was refused; call the administrator.',
  AUDIT_UNAVAILABLE: 'The audit log cannot be written, so nothing was asked; call the administrator.',
  CSV_TOO_LARGE: 'The file is too large.',
  CSV_TOO_MANY_ROWS: 'The file has too many rows.',
  CSV_ENCODING_UNSUPPORTED: 'Save the file as UTF-8 or Shift_JIS.',
  CSV_ENCODING_UNKNOWN: 'The file’s character set could not be told.',
  CSV_MALFORMED: 'The file is not a CSV table.',
  CSV_HEADER_MISSING: 'The first row must name the columns (保険者番号, 番号, 生年月日 …).',
  CSV_HEADER_DUPLICATE: 'A column is named twice.',
  CSV_NO_ROWS: 'The file has no rows.',
  CSV_NO_VALID_ROWS: 'No row can be sent; see each row’s reason below.',
  BULK_JOBS_BUSY: 'Another bulk inquiry is running; send this once it is done.',
  BULK_JOB_NOT_FOUND: 'This bulk inquiry is no longer kept.',
  ROLE_FORBIDDEN: 'Your role may not make inquiries.',
  UNSUPPORTED_MEDIA_TYPE: 'The file could not be sent as CSV.',
  NETWORK: 'The terminal cannot be reached.',
  FILE_MISSING: 'Choose a CSV file.',
  FILE_UNREADABLE: 'The file could not be read.',
};

/** Japanese words for refusals the page itself makes. */
export const PAGE_REFUSAL_JA: Readonly<Record<string, string>> = {
  FILE_MISSING: 'CSV ファイルを選んでください',
  FILE_UNREADABLE: 'ファイルを読めませんでした',
  NETWORK: '端末に接続できません',
};

export const VALIDITY_EN: Readonly<Record<string, string>> = {
  '1': 'Valid',
  '2': 'Invalid',
  '3': 'Invalid (a newer qualification exists)',
  '4': 'No qualification found',
  '5': 'Several match',
  '6': 'Valid (medical aid, unregistered)',
};

export const STATE_WORDS: Readonly<Record<string, Words>> = {
  submitting: { ja: '送信中', en: 'Sending' },
  processing: { ja: '処理中', en: 'Processing' },
  done: { ja: '完了', en: 'Done' },
  failed: { ja: '失敗', en: 'Failed' },
};

export const OUTCOME_WORDS: Readonly<Record<string, Words>> = {
  'not-sent': { ja: '送信せず（入力エラー）', en: 'Not sent (input error)' },
  waiting: { ja: '回答待ち', en: 'Waiting' },
  failed: { ja: '回答なし', en: 'No answer' },
};
