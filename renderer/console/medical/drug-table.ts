import type { DispensingOfView, DrugInfoView, DrugOfView, YenFigure } from '../../../flow/contract/medical-views';
import { bilingual, element } from '../shared/dom';
import { dateText, monthText, NOT_GIVEN, quantityText, yenText } from './medical-text';
import { DRUG_NOTES } from './medical-words';
import { renderPatient } from './patient-list';

// The 薬剤情報一覧 as a table, after the seed's マイナポータル 薬剤情報一覧 (and as the PDF of the same
// model prints it): 表示期間 and totals, then per dispensing (newest first) its date, 薬局 and
// 処方発行医療機関, and each drug with its 用法, 数量, 自己負担額 and ジェネリック削減可能額.

const COLUMNS = 5;

/** A figure's cell: the amount, or the dash with the reason for a screen reader. */
function yenCell(figure: YenFigure): HTMLTableCellElement {
  const cell = element('td', yenText(figure), { class: 'number' });
  if (figure.state === 'not-in-message') cell.append(element('span', '（電文に項目なし）', { class: 'visually-hidden' }));
  return cell;
}

function dispensingLabel(dispensing: DispensingOfView): string {
  const prescriber = dispensing.prescriber.name === undefined ? '' : `（処方発行医療機関 ${dispensing.prescriber.name}）`;
  return `${dateText(dispensing.date)}　${dispensing.pharmacy.name ?? NOT_GIVEN}${prescriber}`;
}

function drugRow(drug: DrugOfView, testId: string): HTMLTableRowElement {
  const row = element('tr', undefined, { 'data-testid': testId });
  const name = element('th', undefined, { scope: 'row', class: 'drug' });
  name.append(element('span', drug.name, { class: 'drug-name' }));
  if (drug.usage !== undefined) name.append(element('span', `【${drug.usage}】`, { class: 'usage' }));
  if (drug.specialInstruction !== undefined) name.append(element('span', drug.specialInstruction, { class: 'usage' }));
  row.append(element('td', `${drug.number}.`, { class: 'number' }), name, element('td', quantityText(drug) || NOT_GIVEN, { class: 'quantity' }), yenCell(drug.selfPay), yenCell(drug.genericSavings));
  return row;
}

function dispensingGroup(dispensing: DispensingOfView, index: number): HTMLTableSectionElement {
  const group = element('tbody', undefined, { 'data-testid': `dispensing-${index}`, 'data-date': dispensing.date });
  const head = element('tr', undefined, { class: 'group' });
  head.append(element('th', dispensingLabel(dispensing), { scope: 'rowgroup', colspan: String(COLUMNS) }));
  group.append(head, ...dispensing.drugs.map((drug) => drugRow(drug, `drug-${index}-${drug.number}`)));
  return group;
}

function drugTable(view: DrugInfoView): HTMLElement {
  const table = element('table', undefined, { class: 'drugs', 'data-testid': 'drug-table' });
  table.append(bilingual('caption', { ja: '薬剤情報詳細（調剤日の新しい順）', en: 'Dispensed drugs, newest first' }));
  const head = element('tr');
  head.append(
    bilingual('th', { ja: 'No.', en: '#' }, { scope: 'col' }),
    bilingual('th', { ja: '薬品名【用法】', en: 'Drug [usage]' }, { scope: 'col' }),
    bilingual('th', { ja: '調剤数量', en: 'Quantity' }, { scope: 'col' }),
    bilingual('th', { ja: '自己負担額', en: 'Paid by the patient' }, { scope: 'col' }),
    bilingual('th', { ja: 'ジェネリック医薬品に切り替えた場合の削減可能額', en: 'Saving with generics' }, { scope: 'col' }),
  );
  const thead = element('thead');
  thead.append(head);
  table.append(thead);
  if (view.dispensings.length === 0) {
    const empty = element('tbody');
    const row = element('tr');
    row.append(bilingual('td', { ja: 'この期間に調剤された薬剤の情報はありません。', en: 'No dispensings in this period.' }, { colspan: String(COLUMNS), class: 'none' }));
    empty.append(row);
    table.append(empty);
  } else table.append(...view.dispensings.map(dispensingGroup));
  return table;
}

function summary(view: DrugInfoView): HTMLElement {
  const box = element('div', undefined, { class: 'summary' });
  const period = element('p', `【表示期間: ${monthText(view.period.from)}～${monthText(view.period.to)}】 `, { 'data-testid': 'drug-period', class: 'period' });
  period.append(element('span', 'Period', { lang: 'en' }));
  const totals = element('dl', undefined, { class: 'totals', 'data-testid': 'drug-totals' });
  const total = (ja: string, en: string, value: string, testId: string) => {
    const row = element('div');
    row.append(bilingual('dt', { ja, en }), element('dd', value, { 'data-testid': testId }));
    return row;
  };
  totals.append(
    total('調剤', 'Dispensings', `${view.totals.dispensings}件`, 'total-dispensings'),
    total('薬剤', 'Drugs', `${view.totals.drugs}件`, 'total-drugs'),
    total('自己負担額の合計', 'Paid by the patient, total', yenText(view.totals.selfPay), 'total-self-pay'),
    total('ジェネリック医薬品に切り替えた場合の削減可能額の合計', 'Saving with generics, total', yenText(view.totals.genericSavings), 'total-generic-savings'),
  );
  box.append(period, totals);
  return box;
}

function notes(view: DrugInfoView): HTMLElement {
  const list = element('ul', undefined, { class: 'notes', 'data-testid': 'drug-notes' });
  const lines = [...DRUG_NOTES];
  if (view.notInMessage.length > 0) {
    lines.push(`※ ${view.notInMessage.join('・')}は、受け取った薬剤情報に含まれないため表示していません（「${NOT_GIVEN}」）。「調剤数量」は受け取った数量と回数のままで、日分・回分の区別は含まれません。`);
  }
  list.append(...lines.map((line) => element('li', line)));
  return list;
}

/** The whole 薬剤情報一覧 of one answer. */
export function renderDrugInfo(view: DrugInfoView): HTMLElement {
  const box = element('div', undefined, { class: 'medical-view', 'data-testid': 'drug-view' });
  box.append(renderPatient(view.patient), summary(view), drugTable(view), notes(view));
  return box;
}
