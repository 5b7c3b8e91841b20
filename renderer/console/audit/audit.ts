import type { AuditChainVerdictView, AuditPageView, AuditRowView } from '../../../flow/contract/audit-views';
import type { Words } from '../console-words';
import { codeOf, consoleRequest } from '../shared/console-api';
import { LOGIN_PAGE, signedInAccount } from '../shared/signed-in';
import { ACTOR_KIND_WORDS, EVENT_WORDS, eventWords, FAULT_WORDS, REFUSAL_WORDS } from './audit-words';

// The staff console's audit viewer, for administrators: who did what, to which reception, from which
// kiosk, when; filters, pages, and at the top the verdict of the hash chain the terminal walked. It
// shows what the terminal sends; the terminal checks the role and audits every viewing.

const TEXT_FILTERS = ['actorId', 'event', 'receptionId', 'kioskId', 'subject'] as const;
const SELECT_FILTERS = ['actorKind', 'limit'] as const;
const TIME_FILTERS = ['from', 'to'] as const;
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?$/;
/** The shapes the terminal accepts, checked here too so the field at fault can be marked. */
const TEXT_SHAPES: Readonly<Record<(typeof TEXT_FILTERS)[number], RegExp>> = {
  actorId: /^[A-Za-z0-9_.-]{1,64}$/,
  event: /^[A-Z0-9_]{1,64}$/,
  receptionId: /^[A-Za-z0-9_.-]{1,64}$/,
  kioskId: /^[A-Za-z0-9_.-]{1,64}$/,
  subject: /^[0-9A-F]{64}$/,
};
const JST = '+09:00';

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** Japanese, then English in its own span (a screen reader speaks each in its language). */
function bilingual(target: HTMLElement, words: Words, prefix = ''): void {
  target.replaceChildren(document.createTextNode(`${prefix}${words.ja} `), element('span', words.en, { lang: 'en' }));
}

const main = byId<HTMLElement>('main');
const form = byId<HTMLFormElement>('filters');
const errorBox = byId<HTMLElement>('error');
const verdictBox = byId<HTMLElement>('verdict');
const verdictText = byId<HTMLElement>('verdict-text');
const verdictReason = byId<HTMLElement>('verdict-reason');
const showBroken = byId<HTMLButtonElement>('show-broken');
const body = byId<HTMLTableSectionElement>('rows');
const range = byId<HTMLElement>('range');
const buttons = { newest: byId<HTMLButtonElement>('newest'), newer: byId<HTMLButtonElement>('newer'), older: byId<HTMLButtonElement>('older') };
const field = (name: string): HTMLInputElement | HTMLSelectElement => byId(name);

/** The filters of the shown pages, the cursors of the pages before this one, and the next page's. */
let filters = new URLSearchParams();
let cursors: (number | undefined)[] = [];
let current: number | undefined;
let nextBefore: number | null = null;
let verdict: AuditChainVerdictView | undefined;

const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** A stored UTC time as the value of a datetime-local field, in JST. */
function localValueOf(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3_600_000);
  return Number.isNaN(shifted.getTime()) ? '' : shifted.toISOString().slice(0, 19);
}

/** The form as the route's query; times typed in JST. Returns the first field it cannot send. */
function filtersOfForm(): { filters: URLSearchParams } | { invalid: HTMLInputElement | HTMLSelectElement } {
  const next = new URLSearchParams();
  for (const name of TIME_FILTERS) {
    const input = field(name);
    if (input.value === '') continue;
    if (!LOCAL_TIME.test(input.value)) return { invalid: input };
    next.set(name, `${input.value}${JST}`);
  }
  for (const name of SELECT_FILTERS) if (field(name).value !== '') next.set(name, field(name).value);
  for (const name of TEXT_FILTERS) {
    let value = field(name).value.trim();
    if (name === 'event' || name === 'subject') value = value.toUpperCase();
    if (value === '') continue;
    if (!TEXT_SHAPES[name].test(value)) return { invalid: field(name) };
    next.set(name, value);
  }
  const from = next.get('from');
  const to = next.get('to');
  if (from !== null && to !== null && Date.parse(from) >= Date.parse(to)) return { invalid: field('to') };
  return { filters: next };
}

function formOfFilters(from: URLSearchParams): void {
  for (const name of TIME_FILTERS) {
    const value = from.get(name);
    field(name).value = value === null ? '' : localValueOf(value);
  }
  for (const name of [...SELECT_FILTERS, ...TEXT_FILTERS]) field(name).value = from.get(name) ?? (name === 'limit' ? '100' : '');
}

function markInvalid(name: string | undefined): void {
  for (const input of form.querySelectorAll('input, select')) input.removeAttribute('aria-invalid');
  if (name === undefined) return;
  const input = document.getElementById(name);
  if (input instanceof HTMLInputElement || input instanceof HTMLSelectElement) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-errormessage', 'error');
    input.focus();
  }
}

function showError(code: string | undefined, fieldName?: string): void {
  markInvalid(fieldName);
  if (code === undefined) {
    errorBox.replaceChildren();
    delete errorBox.dataset['code'];
    return;
  }
  const words = REFUSAL_WORDS[code] ?? { ja: '表示できませんでした。', en: 'The log could not be shown.' };
  bilingual(errorBox, words);
  errorBox.append(` [${code}${fieldName === undefined ? '' : `: ${fieldName}`}]`);
  errorBox.dataset['code'] = code;
}

function renderVerdict(next: AuditChainVerdictView): void {
  verdict = next;
  verdictBox.dataset['state'] = next.ok ? 'ok' : 'broken';
  if (next.ok) {
    verdictText.setAttribute('role', 'status');
    bilingual(verdictText, { ja: `改ざんなし（${next.count}件を検証）`, en: `No tampering found (${next.count} rows verified)` });
    verdictReason.hidden = true;
    showBroken.hidden = true;
    return;
  }
  // Broken: said at once, and kept prominent at the top.
  verdictText.setAttribute('role', 'alert');
  bilingual(verdictText, { ja: `改ざんの疑い: 記録 #${next.firstBadId} 以降の鎖が一致しません`, en: `Possible tampering: the chain no longer holds from row #${next.firstBadId} on` });
  bilingual(verdictReason, FAULT_WORDS[next.reason]);
  verdictReason.append(` [${next.reason}]`);
  verdictReason.hidden = false;
  bilingual(showBroken, { ja: `記録 #${next.firstBadId} を表示`, en: `Show row #${next.firstBadId}` });
  showBroken.hidden = false;
}

function whoCell(row: AuditRowView): HTMLTableCellElement {
  const cell = element('td');
  const kind = ACTOR_KIND_WORDS[row.actorKind];
  cell.append(element('span', kind === undefined ? row.actorKind : kind.ja, { class: 'kind' }));
  if (kind !== undefined) cell.append(' ', element('span', kind.en, { lang: 'en' }));
  cell.append(element('br'), element('span', row.actorId, { class: 'code' }));
  return cell;
}

function eventCell(row: AuditRowView): HTMLTableCellElement {
  const cell = element('td');
  const words = eventWords(row.event);
  if (words !== undefined) cell.append(element('span', words.ja), ' ', element('span', words.en, { lang: 'en' }), element('br'));
  cell.append(element('span', row.event, { class: 'code' }));
  return cell;
}

function filterButton(label: Words, name: string, value: string, testId: string): HTMLButtonElement {
  const button = element('button', undefined, { type: 'button', class: 'link', 'data-testid': testId });
  bilingual(button, label);
  button.addEventListener('click', () => {
    formOfFilters(new URLSearchParams({ [name]: value, limit: field('limit').value }));
    void search();
  });
  return button;
}

function detailCell(row: AuditRowView): HTMLTableCellElement {
  const cell = element('td');
  const entries = Object.entries(row.detail);
  if (entries.length === 0) {
    cell.textContent = '—';
    return cell;
  }
  const list = element('ul', undefined, { class: 'detail' });
  for (const [key, value] of entries) {
    const item = element('li');
    item.append(element('span', key, { class: 'key' }), '=', element('span', String(value), { class: 'code' }));
    if (key === 'subject' && typeof value === 'string' && /^[0-9A-F]{64}$/.test(value)) {
      item.append(' ', filterButton({ ja: 'この対象者の記録', en: 'rows of this subject' }, 'subject', value, `subject-filter-${row.id}`));
    }
    list.append(item);
  }
  cell.append(list);
  return cell;
}

function idCell(row: AuditRowView): HTMLTableCellElement {
  const cell = element('td', undefined, { class: 'id' });
  cell.append(element('span', `#${row.id}`));
  if (verdict !== undefined && !verdict.ok) {
    if (row.id === verdict.firstBadId) {
      cell.append(element('br'), element('strong', '⚠ 鎖の切れ目', { class: 'mark' }), ' ', element('span', 'chain breaks here', { lang: 'en' }));
    } else if (row.id > verdict.firstBadId) {
      cell.append(element('br'), element('span', '未検証', { class: 'mark-soft' }), ' ', element('span', 'not verified', { lang: 'en' }));
    }
  }
  return cell;
}

function renderRows(rows: readonly AuditRowView[]): void {
  if (rows.length === 0) {
    const empty = element('td', undefined, { colspan: '7', class: 'none' });
    bilingual(empty, { ja: '該当する記録はありません', en: 'No matching rows' });
    const row = element('tr');
    row.append(empty);
    body.replaceChildren(row);
    range.textContent = '';
    return;
  }
  body.replaceChildren(
    ...rows.map((row) => {
      const tr = element('tr', undefined, { 'data-id': String(row.id), 'data-event': row.event });
      if (verdict !== undefined && !verdict.ok) {
        if (row.id === verdict.firstBadId) {
          tr.classList.add('broken');
          tr.dataset['chain'] = 'broken';
        } else if (row.id > verdict.firstBadId) tr.dataset['chain'] = 'unverified';
      }
      const reception = element('td');
      if (row.receptionId === null) reception.textContent = '—';
      else reception.append(element('span', row.receptionId, { class: 'code' }), element('br'), filterButton({ ja: 'この受付の記録', en: 'rows of this reception' }, 'receptionId', row.receptionId, `reception-filter-${row.id}`));
      tr.append(idCell(row), element('td', dateTime(row.at)), whoCell(row), eventCell(row), reception, element('td', row.kioskId ?? '—'), detailCell(row));
      return tr;
    }),
  );
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  range.textContent = `#${first.id}〜#${last.id}（${rows.length}件） / ${rows.length} rows`;
}

function updatePaging(): void {
  buttons.older.disabled = nextBefore === null;
  buttons.newer.disabled = cursors.length === 0;
  buttons.newest.disabled = cursors.length === 0;
}

/** Goes to the sign-in when the session has ended; true when it did. */
function leftForLogin(code: string): boolean {
  if (code === 'LOGIN_REQUIRED' || code === 'SESSION_EXPIRED' || code === 'PASSWORD_CHANGE_REQUIRED' || code === 'TOTP_ENROLMENT_REQUIRED') {
    location.assign(LOGIN_PAGE);
    return true;
  }
  return false;
}

/** Loads the page of `before` with the current filters. */
async function load(before: number | undefined): Promise<boolean> {
  const query = new URLSearchParams(filters);
  if (before !== undefined) query.set('before', String(before));
  main.setAttribute('aria-busy', 'true');
  try {
    const page = await consoleRequest<AuditPageView>('GET', `/api/console/audit?${query.toString()}`);
    showError(undefined);
    renderVerdict(page.verdict);
    renderRows(page.rows);
    current = before;
    nextBefore = page.nextBefore;
    document.body.dataset['loaded'] = String(Number(document.body.dataset['loaded'] ?? '0') + 1);
    return true;
  } catch (error) {
    const code = codeOf(error);
    if (leftForLogin(code)) return false;
    showError(code);
    return false;
  } finally {
    main.removeAttribute('aria-busy');
    updatePaging();
  }
}

/** A new search from the form: the first (newest) page of it. */
async function search(): Promise<void> {
  const read = filtersOfForm();
  if ('invalid' in read) {
    showError('INVALID_FILTER', read.invalid.id);
    return;
  }
  filters = read.filters;
  cursors = [];
  history.replaceState(null, '', `${location.pathname}${filters.size > 0 ? `?${filters.toString()}` : ''}`);
  await load(undefined);
}

function wire(): void {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  byId<HTMLButtonElement>('clear').addEventListener('click', () => {
    formOfFilters(new URLSearchParams());
    void search();
  });
  buttons.older.addEventListener('click', () => {
    if (nextBefore === null) return;
    const previous = current;
    void load(nextBefore).then((done) => {
      if (done) cursors.push(previous);
      updatePaging();
    });
  });
  buttons.newer.addEventListener('click', () => {
    if (cursors.length === 0) return;
    const target = cursors[cursors.length - 1];
    void load(target).then((done) => {
      if (done) cursors.pop();
      updatePaging();
    });
  });
  buttons.newest.addEventListener('click', () => {
    void load(undefined).then((done) => {
      if (done) cursors = [];
      updatePaging();
    });
  });
  // The broken row at the top of a page of every row, so it is seen with the rows around it.
  showBroken.addEventListener('click', () => {
    if (verdict === undefined || verdict.ok) return;
    const firstBad = verdict.firstBadId;
    formOfFilters(new URLSearchParams({ limit: field('limit').value }));
    filters = new URLSearchParams({ limit: field('limit').value });
    history.replaceState(null, '', location.pathname);
    cursors = [undefined];
    void load(firstBad + 1).then(() => body.querySelector<HTMLElement>('tr.broken')?.scrollIntoView({ block: 'center' }));
  });
  const codes = byId<HTMLDataListElement>('event-codes');
  codes.replaceChildren(...Object.entries(EVENT_WORDS).map(([code, words]) => element('option', undefined, { value: code, label: words.ja })));
}

async function start(): Promise<void> {
  const me = await signedInAccount(() => showError('NETWORK'));
  if (me === undefined) return;
  wire();
  if (me.account.role !== 'admin') {
    // The terminal refuses anyone else anyway; this only says so without asking.
    main.removeAttribute('aria-busy');
    verdictBox.hidden = true;
    form.hidden = true;
    showError('ROLE_FORBIDDEN');
    return;
  }
  const initial = new URLSearchParams(location.search);
  formOfFilters(initial);
  await search();
}

void start();
