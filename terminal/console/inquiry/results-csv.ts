import { stringify } from 'csv-stringify/sync';
import { encodeShiftJis } from '../../../oqs';
import type { BulkRowResult } from './bulk-inquiry-job';
import type { CodeView, PersonQualificationView } from './qualification-view';

/**
 * The results of a 一括照会 as a CSV staff open in a spreadsheet or load into a レセコン: one line per
 * person answered (複数該当 gives several lines for one row), one line for a row with nobody or no
 * answer, and every row of the uploaded file, refused ones included with their reasons. UTF-8 with a
 * BOM (Excel then reads it as UTF-8) or Shift_JIS (characters it lacks become ●, and are counted).
 */

export type ResultsCsvEncoding = 'utf-8-bom' | 'shift_jis';

export const RESULTS_CSV_HEADER = [
  '行番号',
  '予約日',
  '予約時刻',
  '患者番号',
  '氏名カナ（入力）',
  '結果',
  '理由コード',
  '理由',
  '資格有効性コード',
  '資格有効性',
  '職員の対応',
  '該当人数',
  '氏名',
  '氏名カナ',
  '生年月日',
  '性別',
  '保険者番号',
  '保険者名称',
  '記号',
  '番号',
  '枝番',
  '本人・家族',
  '被保険者証区分',
  '負担割合',
  '高齢受給者 負担割合',
  '有効開始日',
  '有効終了日',
  '資格喪失日',
  '資格喪失事由',
  '限度額適用 同意',
  '限度額適用区分',
  '特定疾病',
] as const;

const STATUS_WORDS = { 'not-sent': '送信せず（入力エラー）', waiting: '照会中', answered: '回答あり', failed: '回答なし' } as const;

export interface ResultsCsv {
  readonly bytes: Uint8Array;
  readonly contentType: string;
  /** Characters Shift_JIS has no code for, written as ● (0 for UTF-8). */
  readonly substitutedCharacters: number;
}

export function resultsCsv(rows: readonly BulkRowResult[], encoding: ResultsCsvEncoding): ResultsCsv {
  const records: string[][] = [[...RESULTS_CSV_HEADER]];
  for (const row of rows) records.push(...recordsOf(row));
  const text = stringify(records, { record_delimiter: 'windows' });
  if (encoding === 'shift_jis') {
    const encoded = encodeShiftJis(text);
    return { bytes: encoded.bytes, contentType: 'text/csv; charset=Shift_JIS', substitutedCharacters: encoded.substituted.length };
  }
  const utf8 = new TextEncoder().encode(text);
  const bytes = new Uint8Array(utf8.length + 3);
  bytes.set([0xef, 0xbb, 0xbf]);
  bytes.set(utf8, 3);
  return { bytes, contentType: 'text/csv; charset=UTF-8', substitutedCharacters: 0 };
}

function recordsOf(row: BulkRowResult): string[][] {
  const label = [String(row.rowNumber), row.appointmentDate ?? '', row.appointmentTime ?? '', row.patientId ?? '', row.nameKana ?? ''];
  const { outcome } = row;
  const status = STATUS_WORDS[outcome.status];
  switch (outcome.status) {
    case 'not-sent':
      return [
        cells([
          ...label,
          status,
          outcome.problems.map((problem) => problem.code).join(' '),
          outcome.problems.map((problem) => problem.message).join(' / '),
        ]),
      ];
    case 'waiting':
      return [cells([...label, status])];
    case 'failed':
      return [cells([...label, status, outcome.code, outcome.message])];
    case 'answered': {
      const { view } = outcome;
      const common = [
        ...label,
        status,
        view.problem?.code ?? '',
        view.problem?.message ?? '',
        view.validity?.code ?? '',
        view.validity?.label ?? '',
        view.action.words,
        String(view.people.length),
      ];
      if (view.people.length === 0) return [cells(common)];
      return view.people.map((person) => cells([...common, ...personCells(person)]));
    }
  }
}

function personCells(person: PersonQualificationView): string[] {
  const limit = person.limitApplication;
  const diseases = person.specificDiseases;
  return [
    person.name,
    person.nameKana ?? '',
    person.birthDate,
    words(person.sex),
    person.insurerNumber ?? '',
    person.insurerName ?? '',
    person.symbol ?? '',
    person.number ?? '',
    person.branchNumber ?? '',
    words(person.personalFamily),
    words(person.insuredCardClassification),
    words(person.contributionRatio),
    words(person.elderlyRecipient?.contributionRatio),
    person.validPeriod.from ?? '',
    person.validPeriod.to ?? '',
    person.disqualificationDate ?? '',
    words(person.reasonOfLoss),
    words(limit?.consent),
    limit?.shown === true ? words(limit.classification) : '',
    diseases === undefined ? '' : diseases.shown ? diseases.certificates.map((certificate) => words(certificate.category)).join(' / ') : `（${words(diseases.consent)}）`,
  ];
}

function words(code: CodeView | undefined): string {
  return code === undefined ? '' : (code.label ?? code.code);
}

/**
 * Text a spreadsheet would run as a formula (= + - @, tab, CR at the start) gets a leading ' so it
 * stays text: a name or 患者番号 from a file must not become a formula in staff's spreadsheet. Every
 * line has every column (a table a レセコン can import).
 * Values the terminal formats itself (dates, digits, 01-00) never start that way except a hyphen,
 * which only a typed value could have.
 */
function cells(values: readonly string[]): string[] {
  const padded = [...values, ...Array.from({ length: Math.max(0, RESULTS_CSV_HEADER.length - values.length) }, () => '')];
  return padded.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value));
}
