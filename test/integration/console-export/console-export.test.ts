import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersons } from '../../../central/seed/load-persons';
import { FIXTURE_PERSONS_DIR } from '../../../central/store/testing/temp-store';
import type { DrugInfoView } from '../../../flow/contract/medical-views';
import type { DrugInfoResponse } from '../../../oqs';
import { checkupHistoryViewOf } from '../../../terminal/console/export/checkup-history-view';
import { drugInfoViewOf } from '../../../terminal/console/export/drug-info-view';
import { notebookOfDispensing } from '../../../terminal/console/export/jahis/dispensing-notebook';
import { readNotebookPayloads } from '../../../terminal/console/export/jahis/notebook-read';
import { renderCheckupHistoryPdf } from '../../../terminal/console/export/pdf/checkup-history-pdf';
import { renderDrugInfoPdf } from '../../../terminal/console/export/pdf/drug-info-pdf';
import { loadExportFont, type ExportFont } from '../../../terminal/console/export/pdf/export-font';
import { openExportAnswers, type ExportAnswers } from '../../harness/console-export-answers';
import { decodeJahisQrCodes, pdfFonts, pdfPageCount, pdfText } from '../../harness/pdf-reading';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

/**
 * The console's PDF exports of fixture people, from the answers the mock central system sends,
 * opened with poppler (text, fonts, pages) and zbar (QR codes): the text must be the records, and the
 * QR codes must read back into the dispensing records.
 */
const FACILITY = '見本内科クリニック';
const CREATED_AT = new Date('2026-11-21T01:00:00.000Z'); // 10:00 JST
const persons = new Map(loadPersons(FIXTURE_PERSONS_DIR).map((person) => [person.id, person]));

let answers: ExportAnswers;
let font: ExportFont;
let dir: TempDir;
beforeAll(async () => {
  answers = await openExportAnswers();
  font = loadExportFont();
  dir = await makeTempDir('console-export-');
});
afterAll(async () => {
  answers.dispose();
  await dir.remove();
});

const squeeze = (text: string) => text.replace(/\s+/g, '');

describe('薬剤情報 PDF of 薬師 太郎', () => {
  let view: DrugInfoView;
  let bytes: Uint8Array;
  let qrSymbols: readonly number[];
  beforeAll(async () => {
    view = drugInfoViewOf(answers.drugInfo('yakushi-taro', '202109', '202109'), { period: { from: '202109', to: '202109' } });
    ({ bytes, qrSymbols } = await renderDrugInfoPdf(font, { view, facility: FACILITY, createdAt: CREATED_AT }));
  });

  it('embeds the Japanese font as a subset with a Unicode map, and names no patient in its metadata', () => {
    const fonts = pdfFonts(dir, bytes, 'drug-fonts');
    expect(fonts).toMatch(/[A-Z]{6}\+IPAexGothic\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
    expect(Buffer.from(bytes).toString('latin1')).not.toContain('Yakushi');
    expect(bytes.length).toBeLessThan(200_000);
  });

  it('its text holds every dispensing of the seed with its 薬局, prescriber, drugs and 用法, the 表示期間 and the frame', () => {
    const text = pdfText(dir, bytes, 'drug-text');
    const flat = squeeze(text);
    const fixture = persons.get('yakushi-taro')!.records!.medication!;
    expect(flat).toContain(squeeze('氏名: 薬師　太郎'));
    expect(flat).toContain(squeeze('【表示期間: 2021年9月～2021年9月】'));
    expect(flat).toContain(squeeze(`調剤 ${fixture.dispensings.length} 件・薬剤 ${fixture.dispensings.flatMap((dispensing) => dispensing.drugs).length} 件`));
    expect(flat).toContain(FACILITY);
    expect(flat).toContain(squeeze('作成日時: 2026年11月21日 10:00'));
    expect(flat).toContain('1/2ページ');
    for (const dispensing of fixture.dispensings) {
      const [year, month, day] = dispensing.date.split('-').map(Number);
      expect(flat).toContain(squeeze(`${year}年${month}月${day}日　${dispensing.pharmacy}（処方 ${dispensing.prescriber}）`));
      for (const drug of dispensing.drugs) {
        expect(flat).toContain(squeeze(drug.name));
        expect(flat).toContain(squeeze(`【${drug.usage}】`));
      }
    }
    // The layout's money columns stay empty, and the note says why: the message has no such element.
    expect(flat).toContain(squeeze('自己負担額・ジェネリック削減可能額・使用区分・日分・回分は、受け取った薬剤情報に含まれないため表示していません'));
    expect(flat).not.toContain('1,067');
  });

  it('prints the quantities as the message gives them, drug by drug, in the seed order of each dispensing', () => {
    const lines = pdfText(dir, bytes, 'drug-lines').split('\n');
    const row = (name: string) => lines.find((line) => line.includes(name))!;
    expect(row('マイスリー錠5mg')).toMatch(/1\.\s+マイスリー錠5mg\s+1錠 × 30\s+—\s+—/);
    expect(row('ロキソプロフェンNaテープ')).toMatch(/21枚 × 1/);
  });

  it('its QR codes, decoded by zbar, read back into every dispensing record', () => {
    const payloads = decodeJahisQrCodes(dir, bytes, 'drug-qr');
    expect(payloads).toHaveLength(qrSymbols.reduce((sum, count) => sum + count, 0));
    const reading = readNotebookPayloads(payloads);
    expect(reading.incomplete).toEqual([]);
    const read = reading.documents.map((document) => document.notebook);
    const expected = view.dispensings.map((dispensing) => notebookOfDispensing(view.patient, dispensing));
    expect(read).toHaveLength(expected.length);
    expect(read).toEqual(expect.arrayContaining(expected));
    const marysle = read.find((notebook) => notebook.dispensings[0]!.date === '20210929')!;
    expect(marysle.patient).toEqual({ name: '薬師　太郎', sex: '1', birthDate: '19900704', kanaName: 'ﾔｸｼ ﾀﾛｳ' });
    expect(marysle.dispensings[0]!.institution.name).toBe('薬局A');
    expect(marysle.dispensings[0]!.prescriber?.name).toBe('医療機関B');
    expect(marysle.dispensings[0]!.rps.map((rp) => [rp.drugs[0]!.name, rp.drugs[0]!.dose, rp.drugs[0]!.unit, rp.usage.name, rp.usage.quantity])).toEqual([
      ['マイスリー錠5mg', '1', '錠', '1日1回朝食前服用', '30'],
      ['デパス錠0.5mg', '6', '錠', '1日3回食後服用', '30'],
      ['ドグマチール錠50mg', '3', '錠', '1日3回食後服用', '30'],
      ['デパス錠0.5mg', '20', '錠', '1日3回食後服用', '1'],
    ]);
  });
});

describe('a dispensing too large for one QR code', () => {
  const drugs = Array.from({ length: 36 }, (_, index) => ({
    DrugC: String(620000001 + index),
    DrugN: `見本配合錠「長い販売名の見本製薬」${index + 1}mg`,
    Qua1: String((index % 3) + 1),
    Unit: '錠',
    UsageN: '1日3回毎食後30分以内に水またはぬるま湯で服用',
    Times: '28',
  }));
  const response: DrugInfoResponse = {
    MessageHeader: { ResultCode: '1', QuaInf: { Name: '試験　次郎', KanaName: 'ｼｹﾝ ｼﾞﾛｳ', Birth: '19600203', AdmGendCode: '1' } },
    MessageBody: {
      MeTrMonthInf: [
        { MeTrDiHNm: '見本薬局', MeTrDiHCd: '1341234567', PrlsHNm: '見本総合病院', PrlsHCd: '1319876543', MeTrMonth: '202512', DiDateInfs: [{ DiDate: '20251210', DrugInfs: drugs }] },
        { MeTrDiHNm: '見本薬局', PrlsHNm: '見本内科医院', MeTrMonth: '202511', DiDateInfs: [{ DiDate: '20251103', DrugInfs: drugs.slice(0, 2) }] },
      ],
    },
  };

  it('takes several codes, which zbar decodes and the reader joins back into the one dispensing', async () => {
    const view = drugInfoViewOf(response, { period: { from: '202511', to: '202512' } });
    const pdf = await renderDrugInfoPdf(font, { view, facility: FACILITY, createdAt: CREATED_AT });
    expect(pdf.qrSymbols[0]).toBeGreaterThan(2);
    expect(pdf.qrSymbols[1]).toBe(1);
    const payloads = decodeJahisQrCodes(dir, pdf.bytes, 'large-qr');
    expect(payloads).toHaveLength(pdf.qrSymbols[0]! + 1);
    const reading = readNotebookPayloads([...payloads].reverse());
    expect(reading.incomplete).toEqual([]);
    const large = reading.documents.find((document) => document.parts > 1)!;
    expect(large.parts).toBe(pdf.qrSymbols[0]);
    expect(large.notebook).toEqual(notebookOfDispensing(view.patient, view.dispensings[0]!));
    expect(large.notebook.dispensings[0]!.institution).toEqual({ name: '見本薬局', prefecture: '13', scoreTable: '4', code: '1234567' });
    expect(large.notebook.dispensings[0]!.rps.map((rp) => rp.drugs[0]!.code)).toEqual(drugs.map((drug) => drug.DrugC));
    // The list itself runs over pages with its header repeated.
    const pages = pdfPageCount(dir, pdf.bytes, 'large-pages');
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pdfText(dir, pdf.bytes, 'large-text')).toContain(`1/${pages}ページ`);
  });
});

describe('特定健診 and 後期高齢者健診 経年 PDFs', () => {
  it('marks, per the 受診勧奨判定値, exactly the results the seed printout marks (三機能 太郎, 三機能 花子)', () => {
    for (const [id, kind, record] of [
      ['sankino-taro', 'specific', persons.get('sankino-taro')!.records!.specificHealthCheckup!],
      ['sankino-hanako', 'late-elderly', persons.get('sankino-hanako')!.records!.lateElderlyHealthCheckup!],
    ] as const) {
      const view = checkupHistoryViewOf(answers.checkup(id), { kind });
      expect(view.visits).toEqual(record.examinations.map((examination) => examination.date.replaceAll('-', '')));
      const rows = new Map(view.sections.flatMap((section) => section.rows).map((row) => [row.name, row]));
      for (const item of record.items) {
        const row = rows.get(item.name);
        if (item.results.every((result) => result === null) && item.group.startsWith('詳細項目')) continue;
        expect(row, `${id}: ${item.name}`).toBeDefined();
        const printed = item.results.map((result) => (result?.flag === 'high' ? '▲' : result?.flag === 'low' ? '▽' : undefined));
        expect(row!.cells.map((cell) => cell?.mark), `${id}: ${item.name}`).toEqual(printed);
        expect(row!.cells.map((cell) => cell?.text ?? null), `${id}: ${item.name}`).toEqual(item.results.map((result) => (result === null ? null : String(result.value))));
      }
    }
  });

  it('三機能 太郎: the 特定健診 table of five examinations, marks beside the values, メタボ判定 and 保健指導レベル', async () => {
    const view = checkupHistoryViewOf(answers.checkup('sankino-taro'), { kind: 'specific' });
    const pdf = await renderCheckupHistoryPdf(font, { view, facility: FACILITY, createdAt: CREATED_AT });
    const lines = pdfText(dir, pdf, 'specific').split('\n');
    const line = (start: string) => lines.find((candidate) => candidate.trimStart().startsWith(start)) ?? '';
    expect(lines.join('\n')).toContain('特定健康診査受診結果');
    expect(line('実施日') + line('項目')).toMatch(/2026\/07\/02\s+2025\/07\/23\s+2024\/08\/23\s+2023\/05\/18\s+2022\/07\/10/);
    expect(line('収縮期血圧')).toMatch(/▲140以上\s+▲ 142\s+▲ 144\s+▲ 168\s+▲ 150\s+132\s*$/);
    expect(line('拡張期血圧')).toMatch(/▲90以上\s+78\s+71\s+▲ 103\s+▲ 91\s+78\s*$/);
    expect(line('HDL-コレステロール')).toMatch(/▽34以下\s+44\s+50\s+53\s+50\s+▽ 33\s*$/);
    expect(line('eGFR')).toMatch(/▽45\.0未満\s+52\.7\s+56\.2\s+55\.1\s+61\.8\s+52\.7\s*$/);
    expect(line('メタボリックシンドローム判定')).toMatch(/(予備群該当\s+){4}予備群該当/);
    expect(line('保健指導レベル')).toMatch(/(動機付け支援\s+){4}動機付け支援/);
    expect(squeeze(lines.join(''))).toContain(squeeze('既往歴 高血圧'));
  });

  it('三機能 花子: the 後期高齢者健診 table the same way, without メタボ判定', async () => {
    const view = checkupHistoryViewOf(answers.checkup('sankino-hanako'), { kind: 'late-elderly' });
    const text = pdfText(dir, await renderCheckupHistoryPdf(font, { view, facility: FACILITY, createdAt: CREATED_AT }), 'late-elderly');
    expect(text).toContain('後期高齢者健康診査受診結果');
    expect(text).toMatch(/収縮期血圧[^\n]*▲140以上\s+▲ 142\s+▲ 144\s+▲ 168\s+▲ 150\s+132/);
    expect(text).not.toContain('メタボリックシンドローム判定');
    expect(squeeze(text)).toContain(squeeze('健診機関名称・複数結果の印(※)は、受け取った健診情報に含まれないため表示していません'));
  });
});
