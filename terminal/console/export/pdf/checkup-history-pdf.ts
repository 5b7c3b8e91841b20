import type { CheckupHistoryView, CheckupRowView } from '../../../../flow/contract/medical-views';
import { ageOn, dateText, japanDate, sexText, slashDateText } from '../export-text';
import type { ExportFont } from './export-font';
import { ExportDocument, type Column } from './export-document';

/**
 * The 特定健診 / 後期高齢者健診 経年 table as an A4 PDF, after the seed's マイナポータル printouts:
 * patient, the examinations shown, the 医師記載 of the latest one, then the table with the
 * 受診勧奨判定値 column and the ▲/▽ marks, and a note on what the message does not carry.
 */
export interface CheckupHistoryPdfInput {
  readonly view: CheckupHistoryView;
  readonly facility: string;
  readonly createdAt: Date;
}

const NONE = '—';

export async function renderCheckupHistoryPdf(font: ExportFont, input: CheckupHistoryPdfInput): Promise<Uint8Array> {
  const { view } = input;
  const period = view.visits.length === 0 ? '実施日: なし' : `実施日: ${slashDateText(view.visits.at(-1) ?? '')}～${slashDateText(view.visits[0] ?? '')}`;
  const out = new ExportDocument(font, { title: view.title, facility: input.facility, patientName: view.patient.name ?? '', period, createdAt: input.createdAt });
  const w = out.width;

  const age = ageOn(view.patient.birthDate, japanDate(input.createdAt));
  const patientColumns: Column[] = [{ width: w * 0.14 }, { width: w * 0.36 }, { width: w * 0.14 }, { width: w * 0.36 }];
  out.row(patientColumns, ['氏名', view.patient.name ?? '', '氏名カナ', view.patient.kanaName ?? '']);
  out.row(patientColumns, ['生年月日', dateText(view.patient.birthDate), '性別・年齢', [sexText(view.patient.sex), age === undefined ? '' : `${age}歳`].filter(Boolean).join('　')]);

  out.heading('健診の実施日');
  const visitColumns: Column[] = [{ width: w * 0.2 }, { width: w * 0.8 }];
  out.row(visitColumns, ['実施日', '健診機関名称'], { fill: '#e6e6e6' });
  for (const visit of view.visits) out.row(visitColumns, [slashDateText(visit), NONE]);
  if (view.visits.length === 0) out.row([{ width: w }], ['受け取った健診情報はありません。']);
  if (view.visitsNotShown > 0) out.paragraph(`※ ほかに ${view.visitsNotShown} 回分の健診があります（表には新しい ${view.visits.length} 回分を並べています）。`, 7.5);

  if (view.findings !== undefined) {
    out.heading(`医師記載（${slashDateText(view.findings.date)}）`);
    for (const finding of view.findings.items) out.row(visitColumns, [finding.name, finding.text]);
  }

  if (view.visits.length > 0) {
    out.heading('健診結果の経年表示');
    const valueWidth = (w * 0.58) / Math.max(view.visits.length, 1);
    const columns: Column[] = [{ width: w * 0.26 }, { width: w * 0.16 }, ...view.visits.map((): Column => ({ width: valueWidth, align: 'right' }))];
    const header = () => out.row(columns, ['項目', '受診勧奨判定値', ...view.visits.map(slashDateText)], { fill: '#e6e6e6' });
    header();
    for (const section of view.sections) {
      out.row([{ width: w }], [section.group], { fill: '#f4f4f4' }, header);
      for (const row of section.rows) out.row(columns, rowCells(row), {}, header);
    }
  }

  out.doc.y += 6;
  out.paragraph(
    [
      '▲ 受診勧奨判定値以上　▽ 受診勧奨判定値以下（eGFR は未満）。判定値は厚生労働省「標準的な健診・保健指導プログラム」によります。',
      `※ ${view.notInMessage.join('・')}は、受け取った健診情報に含まれないため表示していません（「${NONE}」）。`,
    ].join('\n'),
    7.5,
  );
  return out.finish();
}

function rowCells(row: CheckupRowView): string[] {
  const name = row.unit === undefined ? row.name : `${row.name} (${row.unit})`;
  return [name, row.referral ?? '', ...row.cells.map((cell) => (cell === null ? NONE : cell.mark === undefined ? cell.text : `${cell.mark} ${cell.text}`))];
}
