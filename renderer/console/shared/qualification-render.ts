import { VALIDITY_WORDS, type Words } from '../console-words';
import type { CodeView, PeriodView, PersonQualificationView, QualificationView } from '../../../flow/contract/inquiry-views';
import { VALIDITY_EN } from '../inquiry/inquiry-words';
import { bilingual, element } from './dom';

// The 資格 view in words, as 照会 and a kiosk reception's detail both show it.

export const codeText = (code: CodeView | undefined): string => (code === undefined ? '—' : (code.label ?? code.code));
const periodText = (period: PeriodView | undefined): string => (period === undefined || (period.from === undefined && period.to === undefined) ? '—' : `${period.from ?? ''} 〜 ${period.to ?? ''}`);
function describe(label: Words, value: string | Node, testId?: string): HTMLElement {
  const row = element('div');
  const dd = element('dd', undefined, testId === undefined ? {} : { 'data-testid': testId });
  dd.append(value);
  row.append(bilingual('dt', label), dd);
  return row;
}

function elderlyText(person: PersonQualificationView): string {
  const elderly = person.elderlyRecipient;
  if (elderly === undefined) return '該当なし';
  return `${codeText(elderly.contributionRatio)}（${periodText(elderly.valid)}）`;
}

function limitText(person: PersonQualificationView): string {
  const limit = person.limitApplication;
  if (limit === undefined) return '—';
  if (!limit.shown) return `表示しない（同意: ${codeText(limit.consent)}）`;
  const classification = limit.classification === undefined ? '区分なし' : `${codeText(limit.classification)}（${limit.classification.code}）`;
  return `${classification}、${codeText(limit.certificate)}、${periodText(limit.valid)}`;
}

function diseasesText(person: PersonQualificationView): string {
  const diseases = person.specificDiseases;
  if (diseases === undefined) return 'なし';
  if (!diseases.shown) return `表示しない（同意: ${codeText(diseases.consent)}）`;
  if (diseases.certificates.length === 0) return 'なし';
  return diseases.certificates
    .map((certificate) => `${codeText(certificate.category)}（${periodText(certificate.valid)}${certificate.selfPayYen === undefined ? '' : `、自己負担 ${certificate.selfPayYen}円`}）`)
    .join('、');
}

function personList(person: PersonQualificationView, index: number): HTMLElement {
  const list = element('dl', undefined, { class: 'person', 'data-testid': `person-${index}` });
  const keys = [person.symbol ?? '—', person.number ?? '—', person.branchNumber ?? '—'].join('・');
  list.append(
    describe({ ja: '氏名', en: 'Name' }, `${person.name}${person.nameKana === undefined ? '' : `（${person.nameKana}）`}`, 'person-name'),
    describe({ ja: '生年月日・性別', en: 'Birth, sex' }, `${person.birthDate}・${codeText(person.sex)}`),
    describe({ ja: '保険者番号', en: 'Insurer' }, `${person.insurerNumber ?? '—'}${person.insurerName === undefined ? '' : `（${person.insurerName}）`}`, 'person-insurer'),
    describe({ ja: '記号・番号・枝番', en: 'Symbol, number, branch' }, keys, 'person-keys'),
    describe({ ja: '本人・家族', en: 'Insured or family' }, codeText(person.personalFamily)),
    describe({ ja: '負担割合', en: 'Co-payment' }, codeText(person.contributionRatio), 'person-ratio'),
    describe({ ja: '高齢受給者', en: 'Elderly recipient' }, elderlyText(person)),
    describe({ ja: '限度額適用区分', en: 'High-cost limit' }, limitText(person), 'person-limit'),
    describe({ ja: '特定疾病', en: 'Specified disease' }, diseasesText(person)),
    describe({ ja: '有効期間', en: 'Valid' }, periodText(person.validPeriod), 'person-valid'),
  );
  if (person.disqualificationDate !== undefined) {
    list.append(describe({ ja: '資格喪失', en: 'Lost' }, `${person.disqualificationDate}${person.reasonOfLoss === undefined ? '' : `（${codeText(person.reasonOfLoss)}）`}`));
  }
  return list;
}

export function validityWords(view: QualificationView): Words {
  if (view.validity !== undefined) {
    const code = view.validity.code;
    return { ja: view.validity.label ?? VALIDITY_WORDS[code] ?? code, en: VALIDITY_EN[code] ?? code };
  }
  return view.kind === 'processing-error' ? { ja: '処理エラー', en: 'Not processed' } : { ja: '回答なし', en: 'No answer' };
}

/** The 資格 view: validity, the staff action, and each person's insurance in words. */
export function renderQualificationView(view: QualificationView): HTMLElement {
  const box = element('div', undefined, { class: 'view', 'data-kind': view.kind, 'data-needs-staff': String(view.needsStaff) });
  if (view.validity !== undefined) box.dataset.validity = view.validity.code;
  const validity = bilingual('p', validityWords(view), { class: 'validity', 'data-testid': 'view-validity' });
  validity.prepend(element('span', '資格 ', { class: 'label' }));
  const action = element('p', undefined, { class: view.needsStaff ? 'action needs-staff' : 'action', 'data-action': view.action.code, 'data-testid': 'view-action' });
  action.append(element('span', '職員の対応 ', { class: 'label' }), view.action.words);
  box.append(validity, action);
  if (view.problem !== undefined) box.append(element('p', `${view.problem.code ?? ''} ${view.problem.message ?? ''}`.trim(), { class: 'problem' }));
  box.append(...view.people.map(personList));
  return box;
}

