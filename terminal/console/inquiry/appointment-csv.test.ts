import { describe, expect, it } from 'vitest';
import { encodeShiftJis } from '../../../oqs';
import { APPOINTMENT_TEMPLATE_HEADER, importAppointmentCsv } from './appointment-csv';
import { decodeCsvText } from './csv-text-decoding';

const DAY = '20261122';
const HEADER = APPOINTMENT_TEMPLATE_HEADER.join(',');
const SHIKEN = '2026/11/22,9:30,P-001,ｼｹﾝ ﾀﾛｳ,01130012,1234,5678,00,19800217';
const MORITA = '20261122,10:00,P-002,モリタ ケンジ,139999,88,204517,0,1958/7/7';
const SANKINO = '20261122,10:30,P-003,サンキノ ハナコ,39999999,,1234567890,,19400620';

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)]);
const shiftJis = (text: string) => encodeShiftJis(text).bytes;
const importing = (bytes: Uint8Array, options: { maxRows?: number; maxBytes?: number } = {}) => importAppointmentCsv(bytes, { appointmentDate: DAY, today: '20261121', ...options });

function imported(bytes: Uint8Array, options?: { maxRows?: number; maxBytes?: number }) {
  const result = importing(bytes, options);
  if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
  return result;
}

describe('appointments CSV import', () => {
  const file = [HEADER, SHIKEN, MORITA, SANKINO].join('\r\n') + '\r\n';
  const expectedValid = [
    { rowNumber: 2, appointmentDate: '2026/11/22', appointmentTime: '9:30', patientId: 'P-001', nameKana: 'シケン タロウ', keys: { insurerNumber: '01130012', symbol: '1234', number: '5678', branchNumber: '00', birthDate: '19800217' } },
    { rowNumber: 3, keys: { insurerNumber: '139999', symbol: '88', number: '204517', branchNumber: '00', birthDate: '19580707' } },
    { rowNumber: 4, keys: { insurerNumber: '39999999', number: '1234567890', birthDate: '19400620' } },
  ];

  it.each([
    ['Shift_JIS', shiftJis(file), 'Shift_JIS', false],
    ['UTF-8 with a BOM', withBom(file), 'UTF-8', true],
    ['UTF-8 without a BOM', utf8(file), 'UTF-8', false],
  ] as const)('reads %s', (_name, bytes, encoding, hadByteOrderMark) => {
    const result = imported(bytes);
    expect(result).toMatchObject({ encoding, hadByteOrderMark, invalid: [], ignoredColumns: [] });
    expect(result.valid).toMatchObject(expectedValid);
    expect(result.valid[2]).not.toHaveProperty('keys.symbol');
  });

  it('reads the encodings apart: a Shift_JIS file is not valid UTF-8 and the other way round', () => {
    expect(decodeCsvText(shiftJis('氏名カナ,シケン'))).toMatchObject({ ok: true, encoding: 'Shift_JIS', text: '氏名カナ,シケン' });
    expect(decodeCsvText(utf8('氏名カナ,シケン'))).toMatchObject({ ok: true, encoding: 'UTF-8', text: '氏名カナ,シケン' });
    expect(decodeCsvText(utf8('plain,ascii'))).toMatchObject({ ok: true, encoding: 'UTF-8' });
  });

  it('refuses UTF-16 and bytes that are neither encoding', () => {
    expect(importing(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toMatchObject({ ok: false, code: 'CSV_ENCODING_UNSUPPORTED' });
    expect(importing(Uint8Array.from([...utf8('保険者番号,'), 0x82, 0x20, 0xff]))).toMatchObject({ ok: false, code: 'CSV_ENCODING_UNKNOWN' });
    expect(importing(Uint8Array.from([0xef, 0xbb, 0xbf, ...shiftJis('保険者番号')]))).toMatchObject({ ok: false, code: 'CSV_ENCODING_UNKNOWN' });
  });

  it('finds columns by English headers and OQS element names too, in any order, and names the columns it ignores', () => {
    const english = ['Birthdate,insurer_number,Number,branch number,Symbol,Memo', '19800217,01130012,5678,00,1234,初診'].join('\n');
    const result = imported(utf8(english));
    expect(result.valid).toEqual([{ rowNumber: 2, keys: { insurerNumber: '01130012', symbol: '1234', number: '5678', branchNumber: '00', birthDate: '19800217' } }]);
    expect(result.ignoredColumns).toEqual(['Memo']);
  });

  it('bad rows of each kind come back with row number, field and reason; only the others are valid', () => {
    const rows = [
      HEADER,
      SHIKEN, // 2 valid
      '20261122,9:30,P-010,ｱ,0113001,1234,5678,00,19800217', // 3 保険者番号 7 digits
      '20261122,9:30,P-011,ｲ,01130012,12 34,5678,00,19800217', // 4 記号 with a space
      '20261122,9:30,P-012,ｳ,01130012,1234,,00,19800217', // 5 番号 missing
      '20261122,9:30,P-013,ｴ,01130012,1234,5678,100,19800217', // 6 枝番 3 digits
      '20261122,9:30,P-014,ｵ,01130012,1234,5678,00,19800230', // 7 生年月日 not a date
      '20261122,9:30,P-015,ｶ,01130012,1234,5678,00,S55.2.17', // 8 生年月日 in 和暦
      '20261123,9:30,P-016,ｷ,01130012,1234,5678,00,19800217', // 9 another day
      '20261122,25:00,P-017,ｸ,01130012,1234,5678,00,19800217', // 10 time
      '20261122,9:30,P-018,ｹ,01130012,1234,5678,00,19800217,extra', // 11 one column too many
      '20261122,11:00,P-019,ｼｹﾝ ﾀﾛｳ,01130012,1234,5678,00,1980-02-17', // 12 the same person as row 2
      '', // 13 blank: skipped, not counted
      MORITA, // 14 valid
      '20261122,9:30,P-020,ｺ,01130012,1234,5678,00,20261122', // 15 born after today
    ];
    const result = imported(shiftJis(rows.join('\r\n')));
    expect(result.valid.map((row) => row.rowNumber)).toEqual([2, 14]);
    const reasons = result.invalid.map((row) => [row.rowNumber, row.problems.map((problem) => `${problem.field}:${problem.code}`)]);
    expect(reasons).toEqual([
      [3, ['insurerNumber:INSURER_NUMBER_FORMAT']],
      [4, ['symbol:SYMBOL_CHARACTERS']],
      [5, ['number:NUMBER_MISSING']],
      [6, ['branchNumber:BRANCH_NUMBER_FORMAT']],
      [7, ['birthDate:BIRTH_DATE_NOT_A_DATE']],
      [8, ['birthDate:BIRTH_DATE_FORMAT']],
      [9, ['appointmentDate:APPOINTMENT_DATE_OTHER_DAY']],
      [10, ['appointmentTime:APPOINTMENT_TIME_FORMAT']],
      [11, ['row:ROW_COLUMN_COUNT']],
      [12, ['row:DUPLICATE_ROW']],
      [15, ['birthDate:BIRTH_DATE_IN_FUTURE']],
    ]);
    // Staff recognise a refused row by what they wrote in it; every problem has words.
    expect(result.invalid[0]).toMatchObject({ patientId: 'P-010', nameKana: 'ア' });
    expect(result.invalid.find((row) => row.rowNumber === 12)?.problems[0]?.message).toMatch(/2 行目/);
    for (const row of result.invalid) for (const problem of row.problems) expect(problem.message.length).toBeGreaterThan(0);
  });

  it('a row with several problems reports them all', () => {
    const result = imported(utf8([HEADER, '2026/13/01,9:30,P-1,ｱ,12,1234,,00,'].join('\n')));
    expect(result.invalid[0]?.problems.map((problem) => problem.code)).toEqual(['APPOINTMENT_DATE_FORMAT', 'INSURER_NUMBER_FORMAT', 'NUMBER_MISSING', 'BIRTH_DATE_MISSING']);
  });

  it('quoted values with commas and line breaks are one value; a row numbers as a spreadsheet shows it', () => {
    const result = imported(utf8([HEADER, '20261122,9:30,"P-1","ｼｹﾝ, ﾀﾛｳ",01130012,1234,5678,00,19800217', '20261122,9:30,P-2,"ﾓﾘﾀ\nｹﾝｼﾞ",139999,88,204517,00,19580707'].join('\n')));
    expect(result.valid.map((row) => [row.rowNumber, row.nameKana])).toEqual([
      [2, 'シケン, タロウ'],
      [3, 'モリタ\nケンジ'],
    ]);
  });

  it('refuses the whole file when it is not a table of appointments', () => {
    expect(importing(utf8(''))).toMatchObject({ ok: false, code: 'CSV_NO_ROWS' });
    expect(importing(utf8(`${HEADER}\n\n`))).toMatchObject({ ok: false, code: 'CSV_NO_ROWS' });
    expect(importing(utf8('01130012,1234,5678,00,19800217\n'))).toMatchObject({ ok: false, code: 'CSV_HEADER_MISSING' });
    const missing = importing(utf8('保険者番号,記号,番号\n01130012,1234,5678\n'));
    expect(missing).toMatchObject({ ok: false, code: 'CSV_HEADER_MISSING' });
    expect(missing.ok ? '' : missing.message).toMatch(/生年月日/);
    expect(importing(utf8('保険者番号,insurer_number,番号,生年月日\n1,2,3,4\n'))).toMatchObject({ ok: false, code: 'CSV_HEADER_DUPLICATE' });
    expect(importing(utf8(`${HEADER}\n20261122,9:30,"P-1,ｱ,01130012,1234,5678,00,19800217\n`))).toMatchObject({ ok: false, code: 'CSV_MALFORMED' });
  });

  it('refuses too many rows and too many bytes as a whole', () => {
    const many = (count: number) =>
      [HEADER, ...Array.from({ length: count }, (_, index) => `20261122,9:30,P-${index},ｱ,01130012,1234,${1000 + index},00,19800217`)].join('\n');
    expect(imported(utf8(many(5)), { maxRows: 5 }).valid).toHaveLength(5);
    const tooMany = importing(utf8(many(6)), { maxRows: 5 });
    expect(tooMany).toMatchObject({ ok: false, code: 'CSV_TOO_MANY_ROWS' });
    expect(tooMany.ok ? '' : tooMany.message).toMatch(/上限 5 行/);
    const bytes = utf8(many(5));
    expect(importing(bytes, { maxBytes: bytes.length - 1 })).toMatchObject({ ok: false, code: 'CSV_TOO_LARGE' });
    expect(importing(bytes, { maxBytes: bytes.length }).ok).toBe(true);
  });
});
