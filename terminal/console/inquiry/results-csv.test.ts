import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { BulkRowResult } from './bulk-inquiry-job';
import { qualificationViewOfBulkUnit } from './qualification-view';
import { RESULTS_CSV_HEADER, resultsCsv } from './results-csv';

const PERSON = {
  InsuredCardClassification: '01' as const,
  InsurerNumber: '06130041',
  InsuredCardSymbol: '21',
  InsuredIdentificationNumber: '4407',
  InsuredBranchNumber: '00',
  Name: '𠮷田　髙志',
  NameKana: 'ﾖｼﾀﾞ ﾀｶｼ',
  Sex1: '1' as const,
  Birthdate: '19631005',
  InsurerName: '見本健康保険組合',
  QualificationDate: '19860401',
  InsuredPartialContributionRatio: '030' as const,
  LimitApplicationCertificateRelatedConsFlg: '1' as const,
  LimitApplicationCertificateRelatedInfo: { LimitApplicationCertificateClassification: '01' as const, LimitApplicationCertificateClassificationFlag: 'A03' as const },
};

const ROWS: BulkRowResult[] = [
  { rowNumber: 2, patientId: 'P-1', nameKana: 'ヨシダ タカシ', outcome: { status: 'answered', view: qualificationViewOfBulkUnit({ ProcessingResultStatus: '1', QualificationValidity: '1', ResultOfQualificationConfirmation: [PERSON] }) } },
  { rowNumber: 3, patientId: '=HYPERLINK("x")', outcome: { status: 'not-sent', problems: [{ field: 'number', code: 'NUMBER_MISSING', message: '番号を入力してください' }, { field: 'birthDate', code: 'BIRTH_DATE_MISSING', message: '生年月日を入力してください' }] } },
  { rowNumber: 4, outcome: { status: 'answered', view: qualificationViewOfBulkUnit({ ProcessingResultStatus: '1', QualificationValidity: '5', ResultOfQualificationConfirmation: [PERSON, { ...PERSON, InsurerNumber: '06140016', InsurerName: '別の組合' }] }) } },
  { rowNumber: 5, outcome: { status: 'answered', view: qualificationViewOfBulkUnit({ ProcessingResultStatus: '1', QualificationValidity: '4', ResultOfQualificationConfirmation: [] }) } },
  { rowNumber: 6, outcome: { status: 'failed', code: 'CENTRAL_UNAVAILABLE', message: 'つながりません' } },
];

const column = (name: (typeof RESULTS_CSV_HEADER)[number]) => RESULTS_CSV_HEADER.indexOf(name);

function records(text: string): string[][] {
  return parse(text) as string[][];
}

describe('results CSV', () => {
  it('UTF-8 with a BOM: every row of the file, one line per person answered, in words', () => {
    const csv = resultsCsv(ROWS, 'utf-8-bom');
    expect(csv.contentType).toBe('text/csv; charset=UTF-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(csv.bytes);
    expect(text).toContain('\r\n');
    const [header, ...lines] = records(text);
    expect(header).toEqual([...RESULTS_CSV_HEADER]);
    expect(lines.map((line) => [line[column('行番号')], line[column('結果')], line[column('資格有効性')]])).toEqual([
      ['2', '回答あり', '有効'],
      ['3', '送信せず（入力エラー）', ''],
      ['4', '回答あり', '複数該当'],
      ['4', '回答あり', '複数該当'],
      ['5', '回答あり', '該当資格なし'],
      ['6', '回答なし', ''],
    ]);
    const first = lines[0] ?? [];
    expect(first[column('氏名')]).toBe('𠮷田　髙志');
    expect(first[column('負担割合')]).toBe('3割');
    expect(first[column('限度額適用区分')]).toBe('ウ');
    expect(first[column('職員の対応')]).toMatch(/有効/);
    expect(lines[1]?.[column('理由コード')]).toBe('NUMBER_MISSING BIRTH_DATE_MISSING');
    expect(lines[1]?.[column('理由')]).toMatch(/番号を入力/);
    expect(lines[3]?.[column('保険者名称')]).toBe('別の組合');
    expect(lines[3]?.[column('該当人数')]).toBe('2');
    expect(lines[5]?.[column('理由コード')]).toBe('CENTRAL_UNAVAILABLE');
  });

  it('keeps a value that looks like a formula as text', () => {
    const [, , notSent] = records(new TextDecoder().decode(resultsCsv(ROWS, 'utf-8-bom').bytes));
    expect(notSent?.[column('患者番号')]).toBe(`'=HYPERLINK("x")`);
  });

  it('Shift_JIS: the same table; a character it lacks becomes ● and is counted', () => {
    const csv = resultsCsv(ROWS, 'shift_jis');
    expect(csv.contentType).toBe('text/csv; charset=Shift_JIS');
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(csv.bytes);
    const [header, first] = records(text);
    expect(header).toEqual([...RESULTS_CSV_HEADER]);
    expect(first?.[column('氏名')]).toBe('●田　髙志');
    // 𠮷 in three lines (row 2, and both people of row 4).
    expect(csv.substitutedCharacters).toBe(3);
  });
});
