import { VALIDITY_WORDS, type Words } from '../console-words';
import { codeOf, ConsoleApiError, consoleRequest, consoleUpload } from '../shared/console-api';
import { signedInAccount } from '../shared/signed-in';
import { bilingual, element } from '../shared/dom';
import { codeText, renderQualificationView, validityWords } from '../shared/qualification-render';
import type {
  BulkInquiryAccepted,
  BulkInquiryStatus,
  BulkJobProgress,
  BulkRowResult,
  IndividualInquiryAnswer,
  InsuranceKeyProblem,
  InvalidAppointmentRow,
  PersonQualificationView,
} from '../../../flow/contract/inquiry-views';
import { FIELD_WORDS, OUTCOME_WORDS, PAGE_REFUSAL_JA, PROBLEM_EN, REFUSAL_EN, STATE_WORDS } from './inquiry-words';

// The staff console's 照会 page: 個別照会 by the keys of a 資格確認書 and 一括照会 of an appointments
// CSV. It sends what staff type or choose and shows what the terminal answers; the terminal checks
// every key, decides who may ask and audits each lookup. Nothing is kept in the browser's storage.

const BASE = '/api/console/inquiries';
/** How often a running 一括照会 is asked about. */
const POLL_MS = 1500;
const KEY_FIELDS = ['insurerNumber', 'symbol', 'number', 'branchNumber', 'birthDate'] as const;

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}



function say(text: string): void {
  byId('status').textContent = text;
}

const isoOf = (compact: string): string => (/^\d{8}$/.test(compact) ? `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}` : compact);

/** A refusal in words: the terminal's Japanese message (or ours) and the English, with its code. */
function refusalWords(error: unknown): Words & { code: string } {
  const code = codeOf(error);
  const answer = error instanceof ConsoleApiError ? (error.answer as { error?: { message?: unknown } } | undefined) : undefined;
  const message = typeof answer?.error?.message === 'string' ? answer.error.message : (PAGE_REFUSAL_JA[code] ?? 'できませんでした');
  return { code, ja: `${message} [${code}]`, en: REFUSAL_EN[code] ?? 'Refused.' };
}

/** A session that has ended goes to the sign-in; true when it did. */
function signedOut(error: unknown): boolean {
  const code = codeOf(error);
  if (code !== 'LOGIN_REQUIRED' && code !== 'SESSION_EXPIRED') return false;
  location.assign('/console/login/');
  return true;
}

function showError(box: HTMLElement, words: (Words & { code: string }) | undefined): void {
  if (words === undefined) {
    box.replaceChildren();
    delete box.dataset.code;
    return;
  }
  box.replaceChildren(bilingual('p', words));
  box.dataset.code = words.code;
}

/** A field's reasons beside it, tied to it (aria-invalid, and its error text is in its aria-describedby). */
function markField(id: string, problems: readonly { code: string; message: string }[]): void {
  const input = byId<HTMLInputElement>(id);
  const box = byId(`${id}-error`);
  if (problems.length === 0) {
    input.removeAttribute('aria-invalid');
    box.replaceChildren();
    delete box.dataset.codes;
    return;
  }
  input.setAttribute('aria-invalid', 'true');
  box.replaceChildren(...problems.map((problem) => bilingual('span', { ja: problem.message, en: PROBLEM_EN[problem.code] ?? problem.code }, { 'data-code': problem.code })));
  box.dataset.codes = problems.map((problem) => problem.code).join(' ');
}

// ——— the 資格 view ———








// ——— 個別照会 ———

function setUpIndividual(): void {
  const form = byId<HTMLFormElement>('individual-form');
  const errorBox = byId('individual-error');
  const result = byId('individual-result');
  const submit = form.querySelector('button[type=submit]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      for (const field of KEY_FIELDS) markField(field, []);
      showError(errorBox, undefined);
      result.replaceChildren();
      const body: Record<string, string | boolean> = {};
      for (const field of KEY_FIELDS) {
        const value = byId<HTMLInputElement>(field).value.trim();
        if (value !== '') body[field] = value;
      }
      body['limitApplicationConsent'] = byId<HTMLInputElement>('limitConsent').checked;
      submit?.setAttribute('disabled', '');
      form.setAttribute('aria-busy', 'true');
      try {
        const answer = await consoleRequest<IndividualInquiryAnswer>('POST', `${BASE}/individual`, body);
        const heading = bilingual('p', { ja: `照会結果（資格確認日 ${isoOf(answer.qualificationConfirmationDate)}）`, en: 'Result' }, { class: 'result-heading' });
        result.replaceChildren(heading, renderQualificationView(answer.view));
        result.dataset.inquiry = answer.inquiryId;
      } catch (error) {
        if (signedOut(error)) return;
        const answer = error instanceof ConsoleApiError ? (error.answer as { error?: { problems?: unknown } } | undefined) : undefined;
        const problems = Array.isArray(answer?.error?.problems) ? (answer.error.problems as InsuranceKeyProblem[]) : [];
        for (const field of KEY_FIELDS) markField(field, problems.filter((problem) => problem.field === field));
        showError(errorBox, refusalWords(error));
        const first = KEY_FIELDS.find((field) => problems.some((problem) => problem.field === field));
        if (first !== undefined) byId(first).focus();
      } finally {
        submit?.removeAttribute('disabled');
        form.removeAttribute('aria-busy');
      }
    })();
  });
}

// ——— 一括照会 ———

let pollGeneration = 0;

function refusedTable(rows: readonly InvalidAppointmentRow[]): HTMLElement {
  const wrapper = element('div', undefined, { class: 'refused' });
  if (rows.length === 0) return wrapper;
  const table = element('table', undefined, { class: 'rows', 'data-testid': 'refused-rows' });
  table.append(bilingual('caption', { ja: `送らなかった行（${rows.length}行）`, en: 'Rows not sent' }));
  const head = element('tr');
  head.append(
    bilingual('th', { ja: '行', en: 'Row' }, { scope: 'col' }),
    bilingual('th', { ja: '患者番号', en: 'Patient' }, { scope: 'col' }),
    bilingual('th', { ja: '項目', en: 'Field' }, { scope: 'col' }),
    bilingual('th', { ja: '理由', en: 'Reason' }, { scope: 'col' }),
  );
  const body = element('tbody');
  for (const row of rows) {
    row.problems.forEach((problem, index) => {
      const line = element('tr', undefined, { 'data-row': String(row.rowNumber), 'data-field': problem.field, 'data-code': problem.code });
      line.append(
        element(index === 0 ? 'th' : 'td', index === 0 ? String(row.rowNumber) : '', index === 0 ? { scope: 'row' } : {}),
        element('td', index === 0 ? (row.patientId ?? '') : ''),
        bilingual('td', FIELD_WORDS[problem.field] ?? { ja: problem.field, en: problem.field }),
        bilingual('td', { ja: problem.message, en: PROBLEM_EN[problem.code] ?? problem.code }),
      );
      body.append(line);
    });
  }
  const thead = element('thead');
  thead.append(head);
  table.append(thead, body);
  wrapper.append(table);
  return wrapper;
}

function renderProgress(progress: BulkJobProgress): void {
  const box = byId('bulk-progress');
  box.dataset.state = progress.state;
  box.dataset.processingPolls = String(progress.processingPolls);
  const state = STATE_WORDS[progress.state] ?? { ja: progress.state, en: progress.state };
  const lines: Words[] = [
    { ja: `一括照会（${isoOf(progress.confirmationDate)}）: ${state.ja}`, en: `Bulk inquiry: ${state.en}` },
    { ja: `全${progress.rows.total}行（送信 ${progress.sent}／${progress.rows.valid}行、入力エラー ${progress.rows.invalid}行）`, en: `${progress.rows.total} rows, ${progress.sent} sent, ${progress.rows.invalid} refused` },
  ];
  if (progress.receptionNumber !== undefined) lines.push({ ja: `受付番号 ${progress.receptionNumber}`, en: 'Reception number' });
  if (progress.state === 'processing') lines.push({ ja: `処理中の回答 ${progress.processingPolls}回（結果を待っています）`, en: `Still processing after ${progress.processingPolls} checks` });
  if (progress.state === 'done' || progress.state === 'failed') {
    const validities = Object.entries(progress.byValidity)
      .map(([code, count]) => `${VALIDITY_WORDS[code] ?? code} ${count}`)
      .join('、');
    lines.push({ ja: `回答 ${progress.answered}行${validities === '' ? '' : `（${validities}）`}、回答なし ${progress.failed}行、要確認 ${progress.needsStaff}行`, en: `${progress.answered} answered, ${progress.failed} without answer, ${progress.needsStaff} need staff` });
  }
  if (progress.failure !== undefined) lines.push({ ja: `${progress.failure.message} [${progress.failure.code}]`, en: REFUSAL_EN[progress.failure.code] ?? 'The bulk inquiry failed.' });
  const nodes: HTMLElement[] = lines.map((words) => bilingual('p', words));
  if (progress.state === 'submitting' || progress.state === 'processing') nodes.unshift(element('progress', undefined, { 'aria-label': '一括照会の進み具合 / bulk inquiry progress' }));
  box.replaceChildren(...nodes);
}

function outcomeCells(row: BulkRowResult): HTMLElement[] {
  const outcome = row.outcome;
  if (outcome.status === 'answered') {
    const view = outcome.view;
    const people = view.people;
    const join = (pick: (person: PersonQualificationView) => string) => (people.length === 0 ? '—' : people.map(pick).join(' ／ '));
    const result = bilingual('td', validityWords(view), { 'data-testid': 'row-validity' });
    return [
      result,
      element('td', join((person) => person.name)),
      element('td', join((person) => person.insurerNumber ?? '—')),
      element('td', join((person) => [person.symbol ?? '—', person.number ?? '—', person.branchNumber ?? '—'].join('・'))),
      element('td', join((person) => codeText(person.contributionRatio))),
      element('td', view.action.words, view.needsStaff ? { class: 'needs-staff' } : {}),
    ];
  }
  const words = OUTCOME_WORDS[outcome.status] ?? { ja: outcome.status, en: outcome.status };
  const reason =
    outcome.status === 'not-sent'
      ? outcome.problems.map((problem) => `${(FIELD_WORDS[problem.field] ?? { ja: problem.field }).ja}: ${problem.message}`).join('、')
      : outcome.status === 'failed'
        ? `${outcome.message} [${outcome.code}]`
        : '';
  return [bilingual('td', words, { 'data-testid': 'row-validity' }), element('td', reason, { colspan: '5' })];
}

function renderResults(rows: readonly BulkRowResult[]): void {
  const box = byId('bulk-results');
  const table = element('table', undefined, { class: 'rows results', 'data-testid': 'results-table' });
  table.append(bilingual('caption', { ja: '一括照会の結果', en: 'Results' }));
  const head = element('tr');
  const columns: Words[] = [
    { ja: '行', en: 'Row' },
    { ja: '予約時刻', en: 'Time' },
    { ja: '患者番号', en: 'Patient' },
    { ja: '氏名カナ（入力）', en: 'Kana (file)' },
    { ja: '結果', en: 'Result' },
    { ja: '氏名', en: 'Name' },
    { ja: '保険者番号', en: 'Insurer' },
    { ja: '記号・番号・枝番', en: 'Symbol, number, branch' },
    { ja: '負担割合', en: 'Co-payment' },
    { ja: '職員の対応', en: 'Staff action' },
  ];
  head.append(...columns.map((words) => bilingual('th', words, { scope: 'col' })));
  const thead = element('thead');
  thead.append(head);
  const body = element('tbody');
  for (const row of rows) {
    const line = element('tr', undefined, { 'data-row': String(row.rowNumber), 'data-outcome': row.outcome.status });
    if (row.outcome.status === 'answered' && row.outcome.view.validity !== undefined) line.dataset.validity = row.outcome.view.validity.code;
    line.append(
      element('th', String(row.rowNumber), { scope: 'row' }),
      element('td', row.appointmentTime ?? ''),
      element('td', row.patientId ?? ''),
      element('td', row.nameKana ?? ''),
      ...outcomeCells(row),
    );
    body.append(line);
  }
  table.append(thead, body);
  box.replaceChildren(table);
}

function renderDownloads(resultsCsv: string): void {
  const box = byId('bulk-downloads');
  const link = (encoding: string, words: Words, testId: string) => bilingual('a', words, { href: `${resultsCsv}?encoding=${encoding}`, download: '', 'data-testid': testId });
  const list = element('ul');
  const utf8 = element('li');
  utf8.append(link('utf-8', { ja: '結果 CSV（UTF-8）をダウンロード', en: 'Download results.csv (UTF-8)' }, 'download-utf8'));
  const sjis = element('li');
  sjis.append(link('shift_jis', { ja: '結果 CSV（Shift_JIS・Excel 向け）をダウンロード', en: 'Download results.csv (Shift_JIS, for Excel)' }, 'download-sjis'));
  list.append(utf8, sjis);
  box.replaceChildren(list);
}

function follow(jobId: string, resultsCsv: string, generation: number): void {
  const poll = async (): Promise<void> => {
    if (generation !== pollGeneration) return;
    let status: BulkInquiryStatus;
    try {
      // A refresh the page makes on its own: not the staff member's activity (the idle timeout still runs).
      status = await consoleRequest<BulkInquiryStatus>('GET', `${BASE}/bulk/${encodeURIComponent(jobId)}`, undefined, { background: true });
    } catch (error) {
      if (generation !== pollGeneration || signedOut(error)) return;
      if (codeOf(error) === 'NETWORK') {
        say('端末に接続できません。再試行します / cannot reach the terminal; retrying');
        setTimeout(() => void poll(), POLL_MS);
        return;
      }
      showError(byId('bulk-error'), refusalWords(error));
      return;
    }
    if (generation !== pollGeneration) return;
    say('');
    renderProgress(status.progress);
    if (status.progress.state === 'done' || status.progress.state === 'failed') {
      renderResults(status.rows);
      renderDownloads(resultsCsv);
      return;
    }
    setTimeout(() => void poll(), POLL_MS);
  };
  setTimeout(() => void poll(), POLL_MS);
}

function setUpBulk(): void {
  const form = byId<HTMLFormElement>('bulk-form');
  const errorBox = byId('bulk-error');
  const fileInput = byId<HTMLInputElement>('csvFile');
  const dateInput = byId<HTMLInputElement>('confirmationDate');
  const submit = form.querySelector('button[type=submit]');
  // Tomorrow at the facility (JST), as the terminal takes it when no day is named.
  dateInput.value = new Date(Date.now() + 24 * 60 * 60 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      pollGeneration += 1;
      markField('csvFile', []);
      markField('confirmationDate', []);
      showError(errorBox, undefined);
      for (const id of ['bulk-refused', 'bulk-progress', 'bulk-downloads', 'bulk-results']) byId(id).replaceChildren();
      delete byId('bulk-progress').dataset.state;
      const file = fileInput.files?.[0];
      if (file === undefined) {
        const words = refusalWords(new ConsoleApiError('FILE_MISSING', 0, undefined));
        markField('csvFile', [{ code: 'FILE_MISSING', message: PAGE_REFUSAL_JA['FILE_MISSING'] ?? '' }]);
        showError(errorBox, words);
        fileInput.focus();
        return;
      }
      let bytes: ArrayBuffer;
      try {
        // The bytes as they are: a Shift_JIS file is sent as Shift_JIS, and the terminal tells which it is.
        bytes = await file.arrayBuffer();
      } catch {
        showError(errorBox, refusalWords(new ConsoleApiError('FILE_UNREADABLE', 0, undefined)));
        return;
      }
      const query = new URLSearchParams({ limitApplicationConsent: byId<HTMLInputElement>('bulkLimitConsent').checked ? '1' : '0' });
      if (dateInput.value !== '') query.set('date', dateInput.value.replace(/-/g, ''));
      submit?.setAttribute('disabled', '');
      form.setAttribute('aria-busy', 'true');
      try {
        const accepted = await consoleUpload<BulkInquiryAccepted>(`${BASE}/bulk?${query.toString()}`, bytes, 'text/csv');
        byId('bulk-refused').replaceChildren(refusedTable(accepted.invalid));
        renderProgress(accepted.progress);
        follow(accepted.jobId, accepted.links.resultsCsv, pollGeneration);
      } catch (error) {
        if (signedOut(error)) return;
        const code = codeOf(error);
        const words = refusalWords(error);
        showError(errorBox, words);
        const message = words.ja.replace(/ \[[A-Z_0-9]+\]$/, '');
        if (code === 'DATE_INVALID' || code === 'DATE_IN_PAST') {
          markField('confirmationDate', [{ code, message }]);
          dateInput.focus();
        } else if (code.startsWith('CSV_') && code !== 'CSV_NO_VALID_ROWS') {
          markField('csvFile', [{ code, message }]);
          fileInput.focus();
        }
        const answer = error instanceof ConsoleApiError ? (error.answer as { invalid?: unknown } | undefined) : undefined;
        if (Array.isArray(answer?.invalid)) byId('bulk-refused').replaceChildren(refusedTable(answer.invalid as InvalidAppointmentRow[]));
      } finally {
        submit?.removeAttribute('disabled');
        form.removeAttribute('aria-busy');
      }
    })();
  });
}

async function start(): Promise<void> {
  const me = await signedInAccount(() => say('端末に接続できません / cannot reach the terminal'));
  if (me === undefined) return;
  byId('logout').addEventListener('click', () => {
    void consoleRequest('POST', '/api/console/logout', {}).then(
      () => location.assign('/console/login/'),
      (error: unknown) => {
        if (!signedOut(error)) say(`${refusalWords(error).ja} / ${refusalWords(error).en}`);
      },
    );
  });
  setUpIndividual();
  setUpBulk();
  document.body.dataset.ready = 'true';
}

void start();
