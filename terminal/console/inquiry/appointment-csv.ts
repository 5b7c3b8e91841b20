import { CsvError, parse } from 'csv-parse/sync';
import { decodeCsvText, type CsvEncoding } from './csv-text-decoding';
import { checkInsuranceKeys, compactDateOf, type InsuranceKeys } from './insurance-key-checks';
import type { AppointmentColumn, InvalidAppointmentRow, RowLabel, RowProblem } from '../../../flow/contract/inquiry-views';
export type { AppointmentColumn, RowProblemCode, RowProblem, RowLabel, InvalidAppointmentRow } from '../../../flow/contract/inquiry-views';

/** The header names each column is found by: Japanese first (what the template writes), then English and the OQS element name. */
export const APPOINTMENT_COLUMNS: Readonly<Record<AppointmentColumn, { readonly required: boolean; readonly names: readonly string[] }>> = {
  appointmentDate: { required: false, names: ['予約日', 'appointment_date', 'date'] },
  appointmentTime: { required: false, names: ['予約時刻', '予約時間', 'appointment_time', 'time'] },
  patientId: { required: false, names: ['患者番号', 'カルテ番号', '患者ID', 'patient_id'] },
  nameKana: { required: false, names: ['氏名カナ', 'カナ氏名', 'フリガナ', 'name_kana', 'NameKana'] },
  insurerNumber: { required: true, names: ['保険者番号', 'insurer_number', 'InsurerNumber'] },
  symbol: { required: false, names: ['記号', '被保険者証記号', 'symbol', 'InsuredCardSymbol'] },
  number: { required: true, names: ['番号', '被保険者証番号', 'number', 'InsuredIdentificationNumber'] },
  branchNumber: { required: false, names: ['枝番', 'branch_number', 'branch', 'InsuredBranchNumber'] },
  birthDate: { required: true, names: ['生年月日', 'birth_date', 'birthdate', 'Birthdate'] },
};

/** The header row of the template, in the documented order. */
export const APPOINTMENT_TEMPLATE_HEADER = ['予約日', '予約時刻', '患者番号', '氏名カナ', '保険者番号', '記号', '番号', '枝番', '生年月日'] as const;

export const DEFAULT_CSV_LIMITS = { maxBytes: 1024 * 1024, maxRows: 1000 } as const;
export const MAX_PATIENT_ID_LENGTH = 50;
export const MAX_NAME_KANA_LENGTH = 100;

export interface AppointmentRow extends RowLabel {
  readonly keys: InsuranceKeys;
}

export type CsvFileProblemCode =
  | 'CSV_TOO_LARGE'
  | 'CSV_ENCODING_UNSUPPORTED'
  | 'CSV_ENCODING_UNKNOWN'
  | 'CSV_MALFORMED'
  | 'CSV_HEADER_MISSING'
  | 'CSV_HEADER_DUPLICATE'
  | 'CSV_NO_ROWS'
  | 'CSV_TOO_MANY_ROWS';

export type AppointmentCsvImport =
  | {
      readonly ok: true;
      readonly encoding: CsvEncoding;
      readonly hadByteOrderMark: boolean;
      readonly valid: readonly AppointmentRow[];
      readonly invalid: readonly InvalidAppointmentRow[];
      /** Header names that are none of ours: their columns are not read. */
      readonly ignoredColumns: readonly string[];
    }
  | { readonly ok: false; readonly code: CsvFileProblemCode; readonly message: string };

export interface AppointmentCsvOptions {
  /** yyyyMMdd: the day the appointments are for (the 資格確認日); a row for another day is refused. */
  readonly appointmentDate: string;
  /** yyyyMMdd today at the facility: a 生年月日 after it is refused. */
  readonly today?: string;
  readonly maxBytes?: number;
  /** Data rows (blank rows not counted); more is refused as a whole. */
  readonly maxRows?: number;
}

export function importAppointmentCsv(bytes: Uint8Array, options: AppointmentCsvOptions): AppointmentCsvImport {
  const maxBytes = options.maxBytes ?? DEFAULT_CSV_LIMITS.maxBytes;
  const maxRows = options.maxRows ?? DEFAULT_CSV_LIMITS.maxRows;
  if (bytes.length > maxBytes) return refused('CSV_TOO_LARGE', `ファイルが大きすぎます（上限 ${maxBytes} バイト）`);
  const decoded = decodeCsvText(bytes);
  if (!decoded.ok) return refused(decoded.code, decoded.message);

  let records: { record: string[]; info: { records: number } }[];
  try {
    // `info: true` gives each record with its ordinal (the typings do not follow the option).
    records = parse(decoded.text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      return refused('CSV_MALFORMED', `CSV として読めません（${line === undefined ? '' : `${line} 行目付近、`}引用符 " の閉じ忘れなど）`);
    }
    throw error;
  }

  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) return refused('CSV_NO_ROWS', 'ファイルが空です');
  const header = readHeader(headerRecord.record);
  if (!header.ok) return header;
  const rows = dataRecords.filter(({ record }) => record.some((field) => field.trim() !== ''));
  if (rows.length === 0) return refused('CSV_NO_ROWS', '予約の行がありません');
  if (rows.length > maxRows) return refused('CSV_TOO_MANY_ROWS', `行が多すぎます（${rows.length} 行、上限 ${maxRows} 行）。ファイルを分けてください`);

  const valid: AppointmentRow[] = [];
  const invalid: InvalidAppointmentRow[] = [];
  const firstRowOfKeys = new Map<string, number>();
  for (const { record, info } of rows) {
    const rowNumber = info.records;
    const field = (column: AppointmentColumn): string => {
      const index = header.columns.get(column);
      return index === undefined ? '' : (record[index] ?? '').normalize('NFKC').trim();
    };
    const label = rowLabel(rowNumber, field);
    if (record.length !== headerRecord.record.length) {
      invalid.push({
        ...label,
        problems: [{ field: 'row', code: 'ROW_COLUMN_COUNT', message: `列の数が見出しと違います（見出し ${headerRecord.record.length} 列、この行 ${record.length} 列）。値の中の , を確認してください` }],
      });
      continue;
    }
    const problems: RowProblem[] = [...labelProblems(field, options.appointmentDate)];
    const checked = checkInsuranceKeys(
      { insurerNumber: field('insurerNumber'), symbol: field('symbol'), number: field('number'), branchNumber: field('branchNumber'), birthDate: field('birthDate') },
      options.today === undefined ? {} : { today: options.today },
    );
    if (!checked.ok) problems.push(...checked.problems);
    if (problems.length === 0 && checked.ok) {
      const identity = keysIdentity(checked.keys);
      const earlier = firstRowOfKeys.get(identity);
      if (earlier !== undefined) {
        problems.push({ field: 'row', code: 'DUPLICATE_ROW', message: `${earlier} 行目と同じ保険証情報です（照会は1回だけ送ります）` });
      } else {
        firstRowOfKeys.set(identity, rowNumber);
        valid.push({ ...label, keys: checked.keys });
        continue;
      }
    }
    invalid.push({ ...label, problems });
  }
  return { ok: true, encoding: decoded.encoding, hadByteOrderMark: decoded.hadByteOrderMark, valid, invalid, ignoredColumns: header.ignored };
}

function readHeader(names: readonly string[]): { ok: true; columns: ReadonlyMap<AppointmentColumn, number>; ignored: string[] } | { ok: false; code: CsvFileProblemCode; message: string } {
  const byName = new Map<string, AppointmentColumn>();
  for (const [column, { names: aliases }] of Object.entries(APPOINTMENT_COLUMNS) as [AppointmentColumn, { names: readonly string[] }][]) {
    for (const alias of aliases) byName.set(headerKey(alias), column);
  }
  const columns = new Map<AppointmentColumn, number>();
  const ignored: string[] = [];
  for (const [index, name] of names.entries()) {
    const column = byName.get(headerKey(name));
    if (column === undefined) {
      if (name.trim() !== '') ignored.push(name.trim());
      continue;
    }
    if (columns.has(column)) return refused('CSV_HEADER_DUPLICATE', `見出し「${APPOINTMENT_COLUMNS[column].names[0]}」の列が2つあります`);
    columns.set(column, index);
  }
  const missing = (Object.keys(APPOINTMENT_COLUMNS) as AppointmentColumn[]).filter((column) => APPOINTMENT_COLUMNS[column].required && !columns.has(column));
  if (missing.length > 0) {
    return refused('CSV_HEADER_MISSING', `1行目に見出しが必要です。ない列: ${missing.map((column) => APPOINTMENT_COLUMNS[column].names[0]).join('、')}（見出し例: ${APPOINTMENT_TEMPLATE_HEADER.join(',')}）`);
  }
  return { ok: true, columns, ignored };
}

/** Header names compare without case, spaces, underscores or hyphens, after NFKC. */
function headerKey(name: string): string {
  return name.normalize('NFKC').replace(/[\s_\-]/g, '').toLowerCase();
}

function rowLabel(rowNumber: number, field: (column: AppointmentColumn) => string): RowLabel {
  const optional = (column: AppointmentColumn, limit: number) => {
    const value = [...field(column)].slice(0, limit).join('');
    return value === '' ? undefined : value;
  };
  const appointmentDate = optional('appointmentDate', 20);
  const appointmentTime = optional('appointmentTime', 20);
  const patientId = optional('patientId', MAX_PATIENT_ID_LENGTH);
  const nameKana = optional('nameKana', MAX_NAME_KANA_LENGTH);
  return {
    rowNumber,
    ...(appointmentDate === undefined ? {} : { appointmentDate }),
    ...(appointmentTime === undefined ? {} : { appointmentTime }),
    ...(patientId === undefined ? {} : { patientId }),
    ...(nameKana === undefined ? {} : { nameKana }),
  };
}

function labelProblems(field: (column: AppointmentColumn) => string, appointmentDate: string): RowProblem[] {
  const problems: RowProblem[] = [];
  const date = compactDateOf(field('appointmentDate'));
  if (date.kind === 'format' || date.kind === 'not-a-date') {
    problems.push({ field: 'appointmentDate', code: 'APPOINTMENT_DATE_FORMAT', message: '予約日は西暦の年月日（例 20261122 または 2026/11/22）で入力してください' });
  } else if (date.kind === 'date' && date.value !== appointmentDate) {
    problems.push({ field: 'appointmentDate', code: 'APPOINTMENT_DATE_OTHER_DAY', message: `予約日が照会する日（${appointmentDate.slice(0, 4)}/${appointmentDate.slice(4, 6)}/${appointmentDate.slice(6)}）と違います` });
  }
  const time = field('appointmentTime');
  if (time !== '' && !/^(?:[01]?\d|2[0-3]):[0-5]\d$/.test(time)) {
    problems.push({ field: 'appointmentTime', code: 'APPOINTMENT_TIME_FORMAT', message: '予約時刻は 9:30 や 14:00 の形で入力してください' });
  }
  if ([...field('patientId')].length > MAX_PATIENT_ID_LENGTH) {
    problems.push({ field: 'patientId', code: 'PATIENT_ID_TOO_LONG', message: `患者番号は${MAX_PATIENT_ID_LENGTH}文字以内です` });
  }
  if ([...field('nameKana')].length > MAX_NAME_KANA_LENGTH) {
    problems.push({ field: 'nameKana', code: 'NAME_KANA_TOO_LONG', message: `氏名カナは${MAX_NAME_KANA_LENGTH}文字以内です` });
  }
  return problems;
}

/** Two rows are the same inquiry when the central system would be asked the same thing. */
function keysIdentity(keys: InsuranceKeys): string {
  const insurer = /^00\d{6}$/.test(keys.insurerNumber) ? keys.insurerNumber.slice(2) : keys.insurerNumber;
  return JSON.stringify([insurer, keys.symbol ?? '', keys.number, keys.branchNumber ?? '', keys.birthDate]);
}

function refused(code: CsvFileProblemCode, message: string): { ok: false; code: CsvFileProblemCode; message: string } {
  return { ok: false, code, message };
}
