import type { ConsoleAlert, ConsoleReception, ConsoleSnapshot } from '../../flow/contract/console-views';
import type { AlertCode, StaffReceptionView } from '../../flow/contract/view-models';
import { cardPhotoPanel, clearCardPhotosNotIn } from './card-photo';
import { ALERT_WORDS, CONSENT_WORDS, ENDING_WORDS, METHOD_WORDS, SCREEN_WORDS, STATE_WORDS, VALIDITY_WORDS } from './console-words';
import { codeOf, consoleRequest } from './shared/console-api';
import { signedInAccount } from './shared/signed-in';
import { element } from './shared/dom';
import { renderQualificationView } from './shared/qualification-render';
import type { QualificationView } from '../../flow/contract/inquiry-views';

// The staff console's live page: alerts until acknowledged, each kiosk with the actions staff may take
// there, today's receptions. It shows what the terminal sends and asks the terminal for every action;
// the terminal checks the account's role on each request.

const RECONNECT_MS = [500, 1000, 2000, 4000];


function say(text: string): void {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
}

const time = (iso: string): string => new Date(iso).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });
const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A POST as the signed-in account (with its CSRF token); a refusal is said with its code. */
async function post(path: string, body: unknown): Promise<boolean> {
  try {
    await consoleRequest('POST', path, body);
    say('');
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (code === 'LOGIN_REQUIRED' || code === 'SESSION_EXPIRED') location.assign('/console/login/');
    else say(code === 'NETWORK' ? '端末に接続できません / cannot reach the terminal' : `できませんでした / refused [${code}]`);
    return false;
  }
}

function alertWords(code: string): { ja: string; en: string; action: string } {
  return ALERT_WORDS[code as AlertCode] ?? { ja: code, en: code, action: '' };
}

function renderAlerts(alerts: readonly ConsoleAlert[]): void {
  const list = document.getElementById('alerts');
  if (!list) return;
  if (alerts.length === 0) {
    list.replaceChildren(element('li', 'ありません / none', { class: 'none' }));
    return;
  }
  list.replaceChildren(
    ...alerts.map((alert) => {
      const words = alertWords(alert.code);
      const acknowledge = element('button', '確認しました / Acknowledge', { type: 'button', 'data-testid': `acknowledge-${alert.id}` });
      acknowledge.addEventListener('click', () => void post(`/api/console/alerts/${alert.id}/acknowledge`, {}));
      const item = element('li', undefined, { 'data-alert-code': alert.code });
      item.append(
        element('span', time(alert.raisedAt)),
        element('span', alert.kioskId),
        element('span', `${words.ja}`, { class: 'alert-code' }),
        element('span', words.en, { lang: 'en' }),
        element('span', words.action),
        acknowledge,
      );
      return item;
    }),
  );
}

function kioskActions(view: StaffReceptionView): HTMLElement[] {
  const receptionId = view.receptionId;
  if (receptionId === undefined) return [];
  const event = (type: string) => () => void post(`/api/console/kiosks/${encodeURIComponent(view.kioskId)}/events`, { type, receptionId });
  const button = (label: string, type: string, testId: string, primary = false): HTMLButtonElement => {
    const node = element('button', label, { type: 'button', 'data-testid': `${testId}-${view.kioskId}`, ...(primary ? { class: 'primary' } : {}) });
    node.addEventListener('click', event(type));
    return node;
  };
  const actions: HTMLElement[] = [];
  if (view.visualCheckAvailable) actions.push(button('目視確認を始める / Start visual check', 'staff.visualCheck.started', 'visual-start', true));
  if (view.screen === 'visual-check') {
    actions.push(button('本人と確認した / Approve', 'staff.visualCheck.approved', 'visual-approve', true));
    actions.push(button('受付しない / Reject', 'staff.visualCheck.rejected', 'visual-reject'));
  }
  if (view.screen !== 'place-card' && view.screen !== 'remove-card' && view.screen !== 'result') {
    actions.push(button('受付を中止 / Cancel reception', 'staff.reception.cancelled', 'cancel'));
  }
  return actions;
}

function collationForm(view: StaffReceptionView): HTMLElement | undefined {
  if (!view.awaitsCollationNumber || view.receptionId === undefined) return undefined;
  const receptionId = view.receptionId;
  const form = element('form', undefined, { 'data-testid': `collation-${view.kioskId}`, novalidate: '' });
  const id = `collation-input-${view.kioskId}`;
  const label = element('label', '照合番号B（カード券面の14けた） / 照合番号B, 14 digits', { for: id });
  const input = element('input', undefined, { id, inputmode: 'numeric', autocomplete: 'off', maxlength: '14', pattern: '[0-9]{14}', 'aria-describedby': `${id}-hint` });
  const hint = element('span', '生年月日6けた・有効期限の西暦4けた・セキュリティコード4けた', { id: `${id}-hint` });
  const submit = element('button', '送る / Submit', { type: 'submit', class: 'primary' });
  form.append(label, input, submit, hint);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const digits = input.value.replace(/[\s-]/g, '').replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
    // Checked here before it spends a try of the card: 14 digits, nothing else.
    if (!/^[0-9]{14}$/.test(digits)) {
      say('照合番号Bは14けたの数字です / 照合番号B is 14 digits');
      input.setAttribute('aria-invalid', 'true');
      return;
    }
    input.removeAttribute('aria-invalid');
    void post(`/api/console/kiosks/${encodeURIComponent(view.kioskId)}/collation-number`, { receptionId, collationNumberB: digits }).then((done) => {
      if (done) input.value = '';
    });
  });
  return form;
}

function renderKiosks(kiosks: readonly StaffReceptionView[]): void {
  const container = document.getElementById('kiosks');
  if (!container) return;
  // What staff are typing survives a push: each input's value and the focus are put back after the redraw.
  const active = document.activeElement instanceof HTMLInputElement ? document.activeElement.id : undefined;
  const typed = new Map([...container.querySelectorAll('input')].map((input) => [input.id, input.value] as const));
  container.replaceChildren(
    ...kiosks.map((view) => {
      const card = element('article', undefined, { class: 'kiosk', 'data-testid': `kiosk-${view.kioskId}`, 'data-screen': view.screen });
      const result = view.result;
      const lines = [
        `画面 / screen: ${SCREEN_WORDS[view.screen]}`,
        view.method ? `方法 / method: ${METHOD_WORDS[view.method] ?? view.method}` : undefined,
        result?.qualificationValidity ? `資格 / qualification: ${VALIDITY_WORDS[result.qualificationValidity] ?? result.qualificationValidity}` : undefined,
        result?.crossCheck === 'not-cross-checked' ? '券面と未照合 / not cross-checked' : undefined,
      ].filter((line): line is string => line !== undefined);
      card.append(element('h3', view.kioskId));
      // 目視確認: the card photo beside the kiosk's state and the decision.
      const photo = cardPhotoPanel(view);
      if (photo) card.append(photo);
      card.append(...lines.map((line) => element('p', line)));
      if (view.alerts.length > 0) card.append(element('p', view.alerts.map((code) => alertWords(code).ja).join('、'), { class: 'alert-code' }));
      const actions = kioskActions(view);
      if (actions.length > 0) {
        const row = element('div', undefined, { class: 'actions' });
        row.append(...actions);
        card.append(row);
      }
      const form = collationForm(view);
      if (form) card.append(form);
      return card;
    }),
  );
  clearCardPhotosNotIn(kiosks);
  for (const [id, value] of typed) {
    const input = document.getElementById(id);
    if (input instanceof HTMLInputElement) input.value = value;
  }
  if (active) document.getElementById(active)?.focus();
}

function consentText(reception: ConsoleReception): string {
  return reception.consents
    .map((consent) => `${CONSENT_WORDS[consent.category] ?? consent.category}: ${consent.agreed ? `同意（${dateTime(consent.expiresAt)}まで）` : '同意なし'}`)
    .join(' / ');
}

/** The signed-in account's role: medical data links are offered to 医療情報閲覧 only (the server refuses anyone else). */
let signedInRole: string | undefined;

/** Links to the medical views page and PDFs of a reception whose consent for that category is open now. */
function medicalLinks(reception: ConsoleReception, at: string): HTMLElement {
  const cell = element('td');
  if (signedInRole !== 'clinician' || reception.state !== 'completed') {
    cell.textContent = '—';
    return cell;
  }
  const open = (category: string) => reception.consents.some((consent) => consent.category === category && consent.agreed && consent.expiresAt > at);
  const links: HTMLElement[] = [];
  const id = encodeURIComponent(reception.receptionId);
  if (open('pharmaceutical')) links.push(element('a', '薬剤情報 PDF', { href: `/api/console/receptions/${id}/drug-information.pdf`, 'data-testid': `drug-pdf-${reception.receptionId}` }));
  if (open('specificHealthCheckups')) links.push(element('a', '健診 PDF', { href: `/api/console/receptions/${id}/checkups.pdf`, 'data-testid': `checkups-pdf-${reception.receptionId}` }));
  // The page that draws both views as tables (and says in words what the terminal refuses).
  if (links.length > 0) {
    links.unshift(
      element('a', '薬剤・健診を表示', {
        href: `/console/medical/?reception=${id}`,
        'data-testid': `medical-${reception.receptionId}`,
        'aria-label': `薬剤・健診を表示（${time(reception.startedAt)}・${reception.kioskId}） / View medication and checkups`,
      }),
    );
  }
  if (links.length === 0) cell.textContent = '同意なし / no consent';
  else for (const [index, link] of links.entries()) cell.append(...(index === 0 ? [link] : [document.createTextNode(' '), link]));
  return cell;
}

/** Shows a completed reception's 資格 view below the list (asked of the terminal, which audits it). */
async function showQualification(reception: ConsoleReception): Promise<void> {
  const detail = document.getElementById('detail');
  if (!detail) return;
  try {
    const view = await consoleRequest<QualificationView>('GET', `/api/console/receptions/${encodeURIComponent(reception.receptionId)}/qualification`);
    const heading = element('h2', `資格情報（${time(reception.startedAt)}・${reception.kioskId}） `);
    heading.append(element('span', 'Qualification', { lang: 'en' }));
    const close = element('button', '閉じる / Close', { type: 'button' });
    close.addEventListener('click', () => detail.replaceChildren());
    detail.replaceChildren(heading, renderQualificationView(view), close);
    detail.dataset.reception = reception.receptionId;
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  } catch (error) {
    const code = codeOf(error);
    say(code === 'ANSWER_NOT_KEPT' ? 'この受付の回答はもう端末にありません。照会してください / no longer kept: use 照会' : `表示できません / refused [${code}]`);
  }
}

function renderReceptions(receptions: readonly ConsoleReception[], at: string): void {
  const body = document.getElementById('receptions');
  if (!body) return;
  body.replaceChildren(
    ...receptions.map((reception) => {
      const row = element('tr', undefined, { 'data-reception': reception.receptionId });
      const state = [STATE_WORDS[reception.state] ?? reception.state];
      if (reception.qualificationValidity) state.push(VALIDITY_WORDS[reception.qualificationValidity] ?? reception.qualificationValidity);
      if (reception.endingCode) state.push(ENDING_WORDS[reception.endingCode] ?? alertWords(reception.endingCode).ja);
      const when = element('td', time(reception.startedAt));
      if (reception.state === 'completed') {
        const show = element('button', '資格', { type: 'button', 'data-testid': `qualification-${reception.receptionId}`, 'aria-label': `資格情報 ${time(reception.startedAt)} ${reception.kioskId}` });
        show.addEventListener('click', () => void showQualification(reception));
        when.append(' ', show);
      }
      row.append(
        when,
        element('td', reception.kioskId),
        element('td', reception.method ? (METHOD_WORDS[reception.method] ?? reception.method) : '—'),
        element('td', state.join('・')),
        element('td', consentText(reception) || '—'),
        medicalLinks(reception, at),
      );
      return row;
    }),
  );
}

function render(live: ConsoleSnapshot): void {
  renderAlerts(live.openAlerts);
  renderKiosks(live.kiosks);
  renderReceptions(live.receptions, live.at);
  document.body.dataset.sequence = String(live.sequence);
}

function connect(failures = 0): void {
  const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/console/stream`);
  socket.addEventListener('open', () => {
    failures = 0;
    say('');
  });
  socket.addEventListener('message', (message: MessageEvent<unknown>) => {
    if (typeof message.data !== 'string') return;
    try {
      const payload = JSON.parse(message.data) as { live?: ConsoleSnapshot };
      if (payload.live) render(payload.live);
    } catch {
      // Not ours: ignored.
    }
  });
  socket.addEventListener('close', () => {
    // A stream closed because the session ended goes to the sign-in; any other reconnects.
    void consoleRequest('GET', '/api/console/me', undefined, { background: true }).then(
      () => {
        say('端末との接続が切れました。再接続します / reconnecting');
        setTimeout(() => connect(failures + 1), RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]);
      },
      (error: unknown) => {
        if (codeOf(error) === 'NETWORK') {
          say('端末に接続できません。再接続します / cannot reach the terminal; reconnecting');
          setTimeout(() => connect(failures + 1), RECONNECT_MS[Math.min(failures, RECONNECT_MS.length - 1)]);
        } else location.assign('/console/login/');
      },
    );
  });
}

async function start(): Promise<void> {
  const me = await signedInAccount(() => say('端末に接続できません / cannot reach the terminal'));
  if (me === undefined) return;
  signedInRole = me.account.role;
  for (const id of ['audit-link', 'settings-link']) {
    const adminLink = document.getElementById(id);
    if (adminLink && me.account.role === 'admin') adminLink.hidden = false;
  }
  document.getElementById('logout')?.addEventListener('click', () => {
    void post('/api/console/logout', {}).then(() => location.assign('/console/login/'));
  });
  connect();
}

void start();
