import { dispensingQrOf, DEFAULT_QR_OPTIONS, type DispensingQrOptions } from '../jahis/dispensing-notebook';
import { ageOn, dateText, japanDate, monthText, sexText } from '../export-text';
import type { DispensingOfView, DrugInfoView, YenFigure } from '../../../../flow/contract/medical-views';
import { quantityText } from '../drug-info-view';
import type { ExportFont } from './export-font';
import { BODY_SIZE, ExportDocument, type Column } from './export-document';
import { drawQr, qrSymbolOf, QR_QUIET_ZONE_MODULES } from './qr-drawing';

/**
 * The 薬剤情報一覧 as an A4 PDF, after the seed's マイナポータル printout: patient, 表示期間 and totals,
 * the list per dispensing (newest first), notes on the columns the message cannot fill, then
 * 電子版お薬手帳への取り込み: per dispensing its QR code(s) in the JAHIS format.
 */
export interface DrugInfoPdfInput {
  readonly view: DrugInfoView;
  readonly facility: string;
  readonly createdAt: Date;
  readonly qr?: DispensingQrOptions;
}

export interface DrugInfoPdf {
  readonly bytes: Uint8Array;
  /** Per dispensing, in the order of the view: how many QR symbols it took. */
  readonly qrSymbols: readonly number[];
  /** Characters written as ● in the QR data (no Shift_JIS code). */
  readonly substituted: readonly string[];
}

const TITLE = '薬剤情報一覧';
/** 0.4 mm modules: large enough for phone cameras off paper. */
const QR_MODULE = 1.134;
const NONE = '—';

export async function renderDrugInfoPdf(font: ExportFont, input: DrugInfoPdfInput): Promise<DrugInfoPdf> {
  const { view } = input;
  const period = `表示期間: ${monthText(view.period.from)}～${monthText(view.period.to)}`;
  const out = new ExportDocument(font, { title: TITLE, facility: input.facility, patientName: view.patient.name ?? '', period, createdAt: input.createdAt });
  const w = out.width;

  const age = ageOn(view.patient.birthDate, japanDate(input.createdAt));
  const patientColumns: Column[] = [{ width: w * 0.14 }, { width: w * 0.36 }, { width: w * 0.14 }, { width: w * 0.36 }];
  out.row(patientColumns, ['氏名', view.patient.name ?? '', '氏名カナ', view.patient.kanaName ?? '']);
  out.row(patientColumns, ['生年月日', dateText(view.patient.birthDate), '性別・年齢', [sexText(view.patient.sex), age === undefined ? '' : `${age}歳`].filter(Boolean).join('　')]);
  out.doc.y += 6;
  out.paragraph(`【${period}】　調剤 ${view.totals.dispensings} 件・薬剤 ${view.totals.drugs} 件`, 9.5);
  out.paragraph(`ジェネリック医薬品に切り替えた場合の削減可能額の合計: ${yen(view.totals.genericSavings)}　自己負担額の合計: ${yen(view.totals.selfPay)}`, 9.5, 8);

  out.heading('薬剤情報詳細');
  const columns: Column[] = [{ width: w * 0.06, align: 'right' }, { width: w * 0.56 }, { width: w * 0.14 }, { width: w * 0.12, align: 'right' }, { width: w * 0.12, align: 'right' }];
  const header = () => out.row(columns, ['No.', '薬品名【用法】', '数量 × 回数', '自己負担額', '削減可能額'], { fill: '#e6e6e6' });
  header();
  if (view.dispensings.length === 0) out.row([{ width: w }], ['この期間に調剤された薬剤の情報はありません。']);
  for (const dispensing of view.dispensings) {
    out.row([{ width: w }], [dispensingLabel(dispensing)], { fill: '#f4f4f4' }, header);
    for (const drug of dispensing.drugs) {
      const usage = [drug.usage === undefined ? '' : `【${drug.usage}】`, drug.specialInstruction ?? ''].filter(Boolean).join(' ');
      out.row(columns, [`${drug.number}.`, usage === '' ? drug.name : `${drug.name}\n${usage}`, quantityText(drug), yen(drug.selfPay), yen(drug.genericSavings)], {}, header);
    }
  }
  out.doc.y += 6;
  out.paragraph(notesText(view), 7.5);

  const qrSymbols: number[] = [];
  const substituted: string[] = [];
  if (view.dispensings.length > 0) {
    out.newPage();
    out.heading('電子版お薬手帳への取り込み');
    out.paragraph('調剤ごとのQRコードを電子版お薬手帳のアプリで読み取ってください（JAHIS 電子版お薬手帳データフォーマット）。1つの調剤が複数のQRコードに分かれている場合は、すべて読み取ってください。', BODY_SIZE, 8);
    drawQrGrid(out, view, input.qr ?? DEFAULT_QR_OPTIONS, qrSymbols, substituted);
  }
  return { bytes: await out.finish(), qrSymbols, substituted };
}

function drawQrGrid(out: ExportDocument, view: DrugInfoView, options: DispensingQrOptions, counts: number[], substituted: string[]): void {
  const perRow = 3;
  const cellWidth = out.width / perRow;
  let column = 0;
  let rowHeight = 0;
  for (const dispensing of view.dispensings) {
    const qr = dispensingQrOf(view.patient, dispensing, options);
    counts.push(qr.payloads.length);
    substituted.push(...qr.substituted);
    qr.payloads.forEach((payload, index) => {
      const symbol = qrSymbolOf(payload);
      const side = (symbol.size + 2 * QR_QUIET_ZONE_MODULES) * QR_MODULE;
      const label = `${dispensingLabel(dispensing)}${qr.payloads.length > 1 ? `　${index + 1}/${qr.payloads.length}` : ''}`;
      const labelHeight = 24;
      if (column === perRow) {
        out.doc.y += rowHeight;
        column = 0;
        rowHeight = 0;
      }
      if (column === 0) out.ensureSpace(side + labelHeight);
      const x = out.left + column * cellWidth;
      const y = out.y;
      out.doc.fontSize(7.5).text(label, x + 2, y, { width: cellWidth - 4, height: labelHeight, ellipsis: true });
      drawQr(out.doc, symbol, x + (cellWidth - side) / 2 + QR_QUIET_ZONE_MODULES * QR_MODULE, y + labelHeight + QR_QUIET_ZONE_MODULES * QR_MODULE, QR_MODULE);
      out.doc.y = y;
      rowHeight = Math.max(rowHeight, side + labelHeight + 6);
      column += 1;
    });
  }
  out.doc.y += rowHeight;
}

/** `2021年9月29日　薬局A（処方 医療機関B）` */
export function dispensingLabel(dispensing: DispensingOfView): string {
  const prescriber = dispensing.prescriber.name === undefined ? '' : `（処方 ${dispensing.prescriber.name}）`;
  return `${dateText(dispensing.date)}　${dispensing.pharmacy.name ?? ''}${prescriber}`;
}

function yen(figure: YenFigure): string {
  return figure.state === 'given' ? `${figure.yen.toLocaleString('ja-JP')}円` : NONE;
}

function notesText(view: DrugInfoView): string {
  const notes = [
    '※ この一覧は、オンライン資格確認等システムから受け取った薬剤情報（電子請求された診療・調剤情報から抽出されたもの）です。請求がない場合などは表示されません。',
  ];
  if (view.notInMessage.length > 0) {
    notes.push(`※ ${view.notInMessage.join('・')}は、受け取った薬剤情報に含まれないため表示していません（「${NONE}」）。「数量 × 回数」は受け取った数量と回数のままで、日分・回分の区別は含まれません。`);
  }
  return notes.join('\n');
}
