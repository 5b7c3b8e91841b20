import type { PatientOfView } from '../../../flow/contract/medical-views';
import type { Words } from '../console-words';
import { bilingual, element } from '../shared/dom';
import { dateText, NOT_GIVEN, sexText } from './medical-text';

// The patient as the medical views name them (from the central system's answer, not the card).

function describe(label: Words, value: string, testId: string): HTMLElement {
  const row = element('div');
  row.append(bilingual('dt', label), element('dd', value === '' ? NOT_GIVEN : value, { 'data-testid': testId }));
  return row;
}

export function renderPatient(patient: PatientOfView): HTMLElement {
  const list = element('dl', undefined, { class: 'patient' });
  list.append(
    describe({ ja: '氏名', en: 'Name' }, patient.name ?? '', 'patient-name'),
    describe({ ja: '氏名カナ', en: 'Kana' }, patient.kanaName ?? '', 'patient-kana'),
    describe({ ja: '生年月日', en: 'Born' }, dateText(patient.birthDate), 'patient-birth'),
    describe({ ja: '性別', en: 'Sex' }, sexText(patient.sex), 'patient-sex'),
  );
  return list;
}
