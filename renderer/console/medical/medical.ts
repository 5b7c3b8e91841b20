import type { CheckupHistoryView, DrugInfoView } from '../../../flow/contract/medical-views';
import { codeOf, consoleRequest } from '../shared/console-api';
import { bilingual } from '../shared/dom';
import { LOGIN_PAGE, signedInAccount } from '../shared/signed-in';
import { renderCheckupHistory } from './checkup-table';
import { renderDrugInfo } from './drug-table';
import { monthFieldValue, monthOfField } from './medical-text';
import { REFUSAL_WORDS, UNKNOWN_REFUSAL } from './medical-words';

// The clinician's page of one reception: the 薬剤情報一覧 and the 特定健診 / 後期高齢者健診 経年 as
// tables, the PDFs of the same models beside them. It shows what the terminal answers: the terminal
// checks the role, the patient's consent window and the period, audits every viewing, and sends
// nothing a browser may keep (no-store). The page keeps the data in the DOM only.

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

interface Part {
  readonly section: HTMLElement;
  readonly view: HTMLElement;
  readonly refusal: HTMLElement;
  readonly pdf: HTMLAnchorElement;
}

const drugs: Part = { section: byId('drugs'), view: byId('drugs-view'), refusal: byId('drugs-refusal'), pdf: byId('drugs-pdf') };
const checkups: Part = { section: byId('checkups'), view: byId('checkups-view'), refusal: byId('checkups-refusal'), pdf: byId('checkups-pdf') };
const periodForm = byId<HTMLFormElement>('period');
const fromField = byId<HTMLInputElement>('period-from');
const toField = byId<HTMLInputElement>('period-to');

const query = new URLSearchParams(location.search);
const receptionId = query.get('reception') ?? '';
const routeOf = (name: string): string => `/api/console/receptions/${encodeURIComponent(receptionId)}/${name}`;

function leftForLogin(code: string): boolean {
  if (code === 'LOGIN_REQUIRED' || code === 'SESSION_EXPIRED' || code === 'PASSWORD_CHANGE_REQUIRED' || code === 'TOTP_ENROLMENT_REQUIRED') {
    location.assign(LOGIN_PAGE);
    return true;
  }
  return false;
}

function loading(part: Part): void {
  part.section.setAttribute('aria-busy', 'true');
  part.section.dataset['state'] = 'loading';
}

function shown(part: Part, drawn: HTMLElement, pdfHref: string): void {
  part.refusal.replaceChildren();
  part.refusal.hidden = true;
  part.view.replaceChildren(drawn);
  part.pdf.href = pdfHref;
  part.pdf.hidden = false;
  part.section.removeAttribute('aria-busy');
  part.section.dataset['state'] = 'shown';
  delete part.section.dataset['code'];
}

/** A refusal in words with its code; nothing of an earlier answer stays beside it. */
function refused(part: Part, code: string): void {
  part.view.replaceChildren();
  part.pdf.hidden = true;
  part.pdf.removeAttribute('href');
  const words = REFUSAL_WORDS[code] ?? UNKNOWN_REFUSAL;
  const text = bilingual('span', words);
  part.refusal.replaceChildren(text, ` [${code}]`);
  part.refusal.hidden = false;
  part.section.removeAttribute('aria-busy');
  part.section.dataset['state'] = 'refused';
  part.section.dataset['code'] = code;
}

/** The 薬剤情報 of the months asked for (the terminal's three years when none are). */
async function loadDrugs(period: { from: string; to: string } | undefined): Promise<void> {
  loading(drugs);
  const months = period === undefined ? '' : `?${new URLSearchParams({ from: period.from, to: period.to }).toString()}`;
  try {
    const view = await consoleRequest<DrugInfoView>('GET', `${routeOf('drug-information')}${months}`);
    const shownMonths = new URLSearchParams({ from: view.period.from, to: view.period.to }).toString();
    shown(drugs, renderDrugInfo(view), `${routeOf('drug-information.pdf')}?${shownMonths}`);
    fromField.value = monthFieldValue(view.period.from);
    toField.value = monthFieldValue(view.period.to);
    periodForm.hidden = false;
  } catch (error) {
    const code = codeOf(error);
    if (leftForLogin(code)) return;
    refused(drugs, code);
    // A period the terminal would not take can be corrected; any other refusal has no period to choose.
    periodForm.hidden = code !== 'INVALID_PERIOD';
  }
}

async function loadCheckups(): Promise<void> {
  loading(checkups);
  try {
    const view = await consoleRequest<CheckupHistoryView>('GET', routeOf('checkups'));
    shown(checkups, renderCheckupHistory(view), routeOf('checkups.pdf'));
  } catch (error) {
    const code = codeOf(error);
    if (leftForLogin(code)) return;
    refused(checkups, code);
  }
}

function wire(): void {
  periodForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const period = { from: monthOfField(fromField.value), to: monthOfField(toField.value) };
    const next = new URLSearchParams({ reception: receptionId, ...period });
    history.replaceState(null, '', `${location.pathname}?${next.toString()}`);
    void loadDrugs(period);
  });
}

async function start(): Promise<void> {
  const me = await signedInAccount(() => {
    refused(drugs, 'NETWORK');
    refused(checkups, 'NETWORK');
  });
  if (me === undefined) return;
  byId('logout').addEventListener('click', () => {
    void consoleRequest('POST', '/api/console/logout', {}).then(
      () => location.assign(LOGIN_PAGE),
      (error: unknown) => {
        const code = codeOf(error);
        if (leftForLogin(code)) return;
        const words = REFUSAL_WORDS[code] ?? UNKNOWN_REFUSAL;
        byId('status').textContent = `${words.ja} / ${words.en} [${code}]`;
      },
    );
  });
  byId('reception').textContent = receptionId === '' ? '—' : receptionId;
  if (receptionId === '') {
    refused(drugs, 'NO_RECEPTION');
    refused(checkups, 'NO_RECEPTION');
    return;
  }
  wire();
  const from = query.get('from');
  const to = query.get('to');
  await Promise.all([loadDrugs(from === null && to === null ? undefined : { from: from ?? '', to: to ?? '' }), loadCheckups()]);
  document.body.dataset['loaded'] = 'true';
}

void start();
