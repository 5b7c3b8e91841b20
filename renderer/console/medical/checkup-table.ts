import type { CheckupCellView, CheckupHistoryView, CheckupRowView, CheckupSectionView } from '../../../flow/contract/medical-views';
import { bilingual, element } from '../shared/dom';
import { markedParts, NOT_GIVEN, slashDateText } from './medical-text';
import { CHECKUP_LEGEND, MARK_NAMES, MARK_WORDS } from './medical-words';
import { renderPatient } from './patient-list';

// The 特定健診 / 後期高齢者健診 経年 table, after the seed's マイナポータル printouts (and as the PDF of
// the same model prints it): the examinations, the 医師記載 of the latest, then up to five
// examinations side by side with the 受診勧奨判定値 column. A result that crosses its value shows ▲ or
// ▽, and says so in words to a screen reader (the symbol alone is hidden from it).

/** `▲140以上`: the marks drawn, hidden from a screen reader, which reads the words (140以上). */
function referralCell(referral: string | undefined): HTMLTableCellElement {
  const cell = element('td', undefined, { class: 'referral' });
  if (referral === undefined) return cell;
  for (const part of markedParts(referral)) cell.append('mark' in part ? element('span', part.mark, { class: 'mark', 'aria-hidden': 'true' }) : part.text);
  return cell;
}

function resultCell(cell: CheckupCellView | null, visit: string): HTMLTableCellElement {
  const node = element('td', undefined, { class: 'result', 'data-visit': visit });
  if (cell === null) {
    node.textContent = NOT_GIVEN;
    node.dataset['state'] = 'not-measured';
    return node;
  }
  if (cell.mark !== undefined) {
    const words = MARK_WORDS[cell.mark];
    node.dataset['mark'] = MARK_NAMES[cell.mark];
    const spoken = element('span', `${words.ja} `, { class: 'visually-hidden' });
    spoken.append(element('span', words.en, { lang: 'en' }), ' ');
    node.append(element('span', cell.mark, { class: 'mark', 'aria-hidden': 'true' }), spoken);
  }
  node.append(element('span', cell.text, { class: 'value' }));
  return node;
}

function resultRow(row: CheckupRowView, visits: readonly string[]): HTMLTableRowElement {
  const node = element('tr', undefined, { 'data-row': row.name });
  const name = element('th', row.name, { scope: 'row' });
  if (row.unit !== undefined) name.append(' ', element('span', `(${row.unit})`, { class: 'unit' }));
  node.append(name, referralCell(row.referral), ...row.cells.map((cell, index) => resultCell(cell, visits[index] ?? '')));
  return node;
}

function sectionGroup(section: CheckupSectionView, view: CheckupHistoryView): HTMLTableSectionElement {
  const group = element('tbody', undefined, { 'data-group': section.group });
  const head = element('tr', undefined, { class: 'group' });
  head.append(element('th', section.group, { scope: 'rowgroup', colspan: String(2 + view.visits.length) }));
  group.append(head, ...section.rows.map((row) => resultRow(row, view.visits)));
  return group;
}

function resultsTable(view: CheckupHistoryView): HTMLElement {
  const table = element('table', undefined, { class: 'checkups', 'data-testid': 'checkup-table' });
  table.append(bilingual('caption', { ja: `${view.title}（経年、新しい順）`, en: 'Results over the years, newest first' }));
  const head = element('tr');
  head.append(bilingual('th', { ja: '項目', en: 'Test' }, { scope: 'col' }), bilingual('th', { ja: '受診勧奨判定値', en: 'Referral value' }, { scope: 'col' }));
  head.append(...view.visits.map((visit) => element('th', slashDateText(visit), { scope: 'col', 'data-visit': visit })));
  const thead = element('thead');
  thead.append(head);
  table.append(thead, ...view.sections.map((section) => sectionGroup(section, view)));
  const wrap = element('div', undefined, { class: 'table-wrap', role: 'region', 'aria-label': `${view.title} 経年`, tabindex: '0' });
  wrap.append(table);
  return wrap;
}

function visitsTable(view: CheckupHistoryView): HTMLElement {
  const table = element('table', undefined, { class: 'visits', 'data-testid': 'checkup-visits' });
  table.append(bilingual('caption', { ja: '健診の実施日', en: 'Examinations' }));
  const head = element('tr');
  head.append(bilingual('th', { ja: '実施日', en: 'Date' }, { scope: 'col' }), bilingual('th', { ja: '健診機関名称', en: 'Institution' }, { scope: 'col' }));
  const thead = element('thead');
  thead.append(head);
  const body = element('tbody');
  for (const visit of view.visits) {
    const row = element('tr');
    row.append(element('th', slashDateText(visit), { scope: 'row' }), element('td', NOT_GIVEN));
    body.append(row);
  }
  table.append(thead, body);
  return table;
}

function findingsTable(findings: NonNullable<CheckupHistoryView['findings']>): HTMLElement {
  const table = element('table', undefined, { class: 'findings', 'data-testid': 'checkup-findings' });
  table.append(bilingual('caption', { ja: `医師記載（${slashDateText(findings.date)}）`, en: 'Doctor’s notes, latest examination' }));
  const body = element('tbody');
  for (const item of findings.items) {
    const row = element('tr');
    row.append(element('th', item.name, { scope: 'row' }), element('td', item.text));
    body.append(row);
  }
  table.append(body);
  return table;
}

function notes(view: CheckupHistoryView): HTMLElement {
  const list = element('ul', undefined, { class: 'notes', 'data-testid': 'checkup-notes' });
  const lines = [CHECKUP_LEGEND];
  if (view.visitsNotShown > 0) lines.push(`※ ほかに ${view.visitsNotShown} 回分の健診があります（表には新しい ${view.visits.length} 回分を並べています）。`);
  if (view.notInMessage.length > 0) lines.push(`※ ${view.notInMessage.join('・')}は、受け取った健診情報に含まれないため表示していません（「${NOT_GIVEN}」）。`);
  list.append(...lines.map((line) => element('li', line)));
  return list;
}

/** The whole 経年 view of one answer. */
export function renderCheckupHistory(view: CheckupHistoryView): HTMLElement {
  const box = element('div', undefined, { class: 'medical-view', 'data-testid': 'checkup-view', 'data-kind': view.kind });
  box.append(element('h3', view.title, { 'data-testid': 'checkup-title' }), renderPatient(view.patient));
  if (view.visits.length === 0) {
    box.append(bilingual('p', { ja: '受け取った健診情報はありません。', en: 'No checkups were received.' }, { class: 'none' }));
    return box;
  }
  box.append(visitsTable(view));
  if (view.findings !== undefined) box.append(findingsTable(view.findings));
  box.append(resultsTable(view), notes(view));
  return box;
}
