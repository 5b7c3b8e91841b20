import type { FacilitySettingsDocument, SettingsKiosk, SettingsProblem, SettingsSaved, SettingsTimeouts, SettingsView } from '../../../flow/contract/console-settings';
import { ConsoleApiError, codeOf, consoleRequest } from '../shared/console-api';
import { element } from '../shared/dom';
import { signedInAccount } from '../shared/signed-in';
import { CARD_FRONT_WORDS, CONSENT_SCREEN_WORDS, LANGUAGE_WORDS, REFUSAL_WORDS, SECTION_WORDS, TIMEOUT_WORDS } from './settings-words';

// The 管理者's facility settings: the form shows what the terminal sends and sends the whole document
// back with the version it was read at. The terminal checks every rule; refusals come back by field
// and are marked where they belong.

const CONSENT_ORDER = ['pharmaceutical', 'specificHealthCheckups', 'diagnosis', 'operation'] as const;
const LANGUAGES = ['ja', 'en', 'zh', 'ko', 'vi'] as const;

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

const main = byId<HTMLElement>('main');
const form = byId<HTMLFormElement>('settings');
const outcomeBox = byId<HTMLElement>('outcome');
const problemsBox = byId<HTMLElement>('problems');
const kioskRows = byId<HTMLTableSectionElement>('kiosk-rows');

/** The view the form was filled from: its version goes back with the save, its hidden values too. */
let shown: SettingsView | undefined;
let kioskCount = 0;

function buildStaticFields(): void {
  byId('consent-options').replaceChildren(
    ...CONSENT_ORDER.map((category) => {
      const words = CONSENT_SCREEN_WORDS[category];
      const label = element('label', undefined, { class: 'option' });
      label.append(element('input', undefined, { type: 'checkbox', name: 'consent', value: category, 'data-testid': `consent-${category}` }), ` ${words.ja} `, element('span', words.en, { lang: 'en' }));
      return label;
    }),
  );
  byId('language-options').replaceChildren(
    ...LANGUAGES.map((language) => {
      const words = LANGUAGE_WORDS[language];
      const label = element('label', undefined, { class: 'option' });
      const box = element('input', undefined, { type: 'checkbox', name: 'language', value: language, 'data-testid': `language-${language}` });
      // Japanese is always offered: the kiosk's own guidance and the staff speak it.
      if (language === 'ja') box.disabled = true;
      label.append(box, ` ${words.ja} `, element('span', words.en, { lang: 'en' }));
      return label;
    }),
  );
  for (const key of Object.keys(TIMEOUT_WORDS) as (keyof SettingsTimeouts)[]) {
    const words = TIMEOUT_WORDS[key];
    const field = element('div', undefined, { class: 'field' });
    const label = element('label', undefined, { for: `timeout-${key}` });
    label.append(`${words.ja} `, element('span', words.en, { lang: 'en' }));
    field.append(label, element('input', undefined, { id: `timeout-${key}`, type: 'number', min: '0.001', max: '3600', step: 'any', inputmode: 'decimal', 'data-path': `timeouts.${key}`, 'data-key': key }));
    byId(`timeouts-${words.group}`).append(field);
  }
}

function kioskRow(kiosk: SettingsKiosk): HTMLTableRowElement {
  const index = kioskCount++;
  const row = element('tr', undefined, { 'data-kiosk-row': String(index) });
  const cell = (control: HTMLElement): HTMLTableCellElement => {
    const td = element('td');
    td.append(control);
    return td;
  };
  const id = element('input', undefined, { id: `kiosk-${index}-id`, 'aria-label': '受付機ID / Kiosk id', maxlength: '32', autocomplete: 'off', spellcheck: 'false', 'data-field': 'id' });
  id.value = kiosk.id;
  const reader = element('input', undefined, { id: `kiosk-${index}-readerName`, 'aria-label': 'カードリーダー名 / Reader name', maxlength: '128', autocomplete: 'off', spellcheck: 'false', 'data-field': 'readerName' });
  reader.value = kiosk.readerName;
  const cardFront = element('select', undefined, { id: `kiosk-${index}-cardFront`, 'aria-label': '照合番号B / 照合番号B from', 'data-field': 'cardFront' });
  for (const [value, words] of Object.entries(CARD_FRONT_WORDS)) cardFront.append(element('option', words, { value }));
  cardFront.value = kiosk.cardFront;
  const extended = element('input', undefined, { id: `kiosk-${index}-extendedLength`, type: 'checkbox', 'aria-label': '拡張長APDU / Extended length', 'data-field': 'extendedLength' });
  extended.checked = kiosk.extendedLength === true;
  const remove = element('button', '削除 / Remove', { type: 'button', class: 'secondary', 'data-testid': `remove-kiosk-${index}` });
  remove.addEventListener('click', () => row.remove());
  row.append(cell(id), cell(reader), cell(cardFront), cell(extended), cell(remove));
  return row;
}

function fill(view: SettingsView): void {
  shown = view;
  const settings = view.settings;
  byId<HTMLInputElement>('facility-code').value = settings.facility.medicalInstitutionCode;
  byId<HTMLInputElement>('facility-name').value = settings.facility.name ?? '';
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name=consent]')) box.checked = settings.facility.consentCategories.includes(box.value as (typeof CONSENT_ORDER)[number]);
  byId<HTMLInputElement>('prescription-question').checked = settings.facility.issuesElectronicPrescriptions;
  for (const box of form.querySelectorAll<HTMLInputElement>('input[name=language]')) box.checked = box.value === 'ja' || settings.languages.includes(box.value as (typeof LANGUAGES)[number]);
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name=encoding]')) radio.checked = radio.value === settings.faceFileEncoding;
  for (const input of form.querySelectorAll<HTMLInputElement>('input[data-key]')) input.value = String(settings.timeouts[input.dataset['key'] as keyof SettingsTimeouts] / 1000);
  kioskCount = 0;
  kioskRows.replaceChildren(...settings.kiosks.map(kioskRow));

  const saved = view.savedAt === null ? '設定ファイルの値（未保存） / the configuration file’s values (never saved here)' : `版 ${view.version}・${new Date(view.savedAt).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })}・${view.savedBy ?? ''} / version ${view.version}`;
  byId('version').textContent = saved;
  const pending = byId('pending');
  pending.hidden = view.restartPending.length === 0;
  pending.textContent = `再起動後に反映されます / applies after a restart: ${view.restartPending.map((section) => SECTION_WORDS[section]).join('、')}`;
  byId('tampered').hidden = view.intact;
  form.hidden = false;
  main.setAttribute('aria-busy', 'false');
}

/** The whole document from the form; fields the page cannot read as numbers go as they are, for the terminal to refuse by name. */
function documentOfForm(): FacilitySettingsDocument {
  const name = byId<HTMLInputElement>('facility-name').value.trim();
  const timeouts = Object.fromEntries(
    [...form.querySelectorAll<HTMLInputElement>('input[data-key]')].map((input) => {
      const seconds = input.value.trim() === '' ? Number.NaN : Number(input.value);
      return [input.dataset['key'], Number.isFinite(seconds) ? Math.round(seconds * 1000) : input.value];
    }),
  ) as unknown as SettingsTimeouts;
  const kiosks = [...kioskRows.querySelectorAll<HTMLTableRowElement>('tr')].map((row) => {
    const value = (field: string): HTMLInputElement | HTMLSelectElement => row.querySelector(`[data-field=${field}]`)!;
    const extended = (value('extendedLength') as HTMLInputElement).checked;
    return {
      id: value('id').value.trim(),
      readerName: value('readerName').value,
      cardFront: value('cardFront').value as SettingsKiosk['cardFront'],
      ...(extended ? { extendedLength: true } : {}),
    };
  });
  return {
    facility: {
      medicalInstitutionCode: byId<HTMLInputElement>('facility-code').value.trim(),
      ...(name === '' ? {} : { name }),
      consentCategories: CONSENT_ORDER.filter((category) => form.querySelector<HTMLInputElement>(`input[name=consent][value=${category}]`)?.checked === true),
      issuesElectronicPrescriptions: byId<HTMLInputElement>('prescription-question').checked,
    },
    kiosks,
    timeouts,
    languages: LANGUAGES.filter((language) => form.querySelector<HTMLInputElement>(`input[name=language][value=${language}]`)?.checked === true),
    faceFileEncoding: (form.querySelector<HTMLInputElement>('input[name=encoding]:checked')?.value ?? '') as FacilitySettingsDocument['faceFileEncoding'],
  };
}

/** The control a problem's path names: a field by its data-path, a kiosk's cell by its row, else the nearest group. */
function controlOf(path: string): HTMLElement | null {
  const kiosk = /^kiosks\.(\d+)\.(\w+)$/.exec(path);
  if (kiosk) return kioskRows.querySelectorAll('tr')[Number(kiosk[1])]?.querySelector<HTMLElement>(`[data-field=${kiosk[2]}]`) ?? null;
  for (let candidate = path; candidate !== ''; candidate = candidate.includes('.') ? candidate.slice(0, candidate.lastIndexOf('.')) : '') {
    const found = form.querySelector<HTMLElement>(`[data-path="${candidate}"]`);
    if (found) return found;
  }
  return null;
}

/** What the administrator reads as the field's name: its label, its group's legend, or its aria-label. */
function nameOf(control: HTMLElement): string {
  const label = control.id === '' ? null : form.querySelector(`label[for="${control.id}"]`);
  const legend = control instanceof HTMLFieldSetElement ? control.querySelector('legend') : null;
  const text = (label ?? legend)?.textContent ?? control.getAttribute('aria-label') ?? '';
  const row = control.closest('tr[data-kiosk-row]');
  const where = row === null ? '' : `受付機 ${[...kioskRows.querySelectorAll('tr')].indexOf(row as HTMLTableRowElement) + 1}: `;
  return `${where}${text.replace(/\s+/g, ' ').trim()}`;
}

function clearMarks(): void {
  for (const marked of form.querySelectorAll('[aria-invalid=true]')) marked.removeAttribute('aria-invalid');
  problemsBox.replaceChildren();
  outcomeBox.replaceChildren();
}

function showProblems(code: string, problems: readonly SettingsProblem[]): void {
  problemsBox.replaceChildren(element('p', REFUSAL_WORDS[code] ?? `保存できませんでした / not saved (${code})`));
  if (problems.length === 0) return;
  const list = element('ul', undefined, { 'data-testid': 'settings-problem-list' });
  for (const problem of problems) {
    const control = controlOf(problem.path);
    control?.setAttribute('aria-invalid', 'true');
    const item = element('li', undefined, { 'data-path': problem.path });
    const name = control === null ? problem.path : nameOf(control);
    const label = control?.id ? element('a', name, { href: `#${control.id}` }) : element('span', name);
    item.append(label, `: ${problem.message}`);
    list.append(item);
  }
  problemsBox.append(list);
}

async function load(): Promise<void> {
  clearMarks();
  try {
    fill(await consoleRequest<SettingsView>('GET', '/api/console/settings'));
  } catch (error) {
    showProblems(codeOf(error), []);
    main.setAttribute('aria-busy', 'false');
  }
}

async function save(): Promise<void> {
  if (shown === undefined) return;
  clearMarks();
  try {
    const saved = await consoleRequest<SettingsSaved>('PUT', '/api/console/settings', { baseVersion: shown.version, settings: documentOfForm() });
    const words = (sections: readonly string[]) => sections.map((section) => SECTION_WORDS[section as keyof typeof SECTION_WORDS]).join('、');
    await load();
    outcomeBox.replaceChildren(element('p', `版 ${saved.version} を保存しました / saved as version ${saved.version}`, { 'data-testid': 'settings-saved', 'data-version': String(saved.version) }));
    if (saved.applied.length > 0) outcomeBox.append(element('p', `次の受付から反映 / from the next reception: ${words(saved.applied)}`, { 'data-testid': 'settings-applied' }));
    if (saved.restartRequired.length > 0) outcomeBox.append(element('p', `再起動後に反映 / after a restart: ${words(saved.restartRequired)}`, { 'data-testid': 'settings-restart' }));
  } catch (error) {
    const answer = error instanceof ConsoleApiError ? (error.answer as { problems?: SettingsProblem[] } | undefined) : undefined;
    showProblems(codeOf(error), answer?.problems ?? []);
    problemsBox.focus();
  }
}

async function start(): Promise<void> {
  const me = await signedInAccount(() => showProblems('NETWORK', []));
  if (me === undefined) return;
  buildStaticFields();
  problemsBox.tabIndex = -1;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  byId('reload').addEventListener('click', () => void load());
  byId('add-kiosk').addEventListener('click', () => {
    // Staff entry works with any reader; a card-front scanner must be connected for the other choice.
    const row = kioskRow({ id: '', readerName: '', cardFront: 'staff-entry' });
    kioskRows.append(row);
    row.querySelector<HTMLInputElement>('input')?.focus();
  });
  await load();
}

void start();
