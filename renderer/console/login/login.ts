// The staff console's sign-in page: login, the TOTP step, the forced password change and the TOTP
// enrolment. It shows what the terminal answers and sends what the staff member types; the terminal
// decides everything (which step is owed, whether a role may go on). Passwords live in the form
// fields and, between the password and the code step, in one variable, never in storage.

import { codeOf, ConsoleApiError, consoleRequest, fetchLoginCsrf, type ConsoleMe } from '../shared/console-api';

type Step = 'login' | 'totp' | 'password' | 'enrol';

/** Where a signed-in staff member goes. */
const CONSOLE_HOME = '/console/';

/** What each refusal says, Japanese first. */
const MESSAGES: Record<string, readonly [string, string]> = {
  LOGIN_FAILED: ['ログイン名またはパスワードが違います。', 'Wrong login name or password.'],
  ACCOUNT_LOCKED: ['失敗が続いたため、このアカウントは一時的にロックされています。', 'This account is locked for a while after repeated failures.'],
  TOTP_INVALID: ['確認コードが違うか、すでに使われています。次のコードを入力してください。', 'The code is wrong or was used already; type the next one.'],
  RATE_LIMITED: ['ログインの試行が多すぎます。1分ほど待ってからお試しください。', 'Too many sign-in attempts; wait a minute and try again.'],
  SESSION_EXPIRED: ['一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。', 'You were signed out after a while without use; sign in again.'],
  LOGIN_REQUIRED: ['ログインしてください。', 'Please sign in.'],
  CSRF_INVALID: ['画面の有効期限が切れました。もう一度お試しください。', 'This page had expired; please try again.'],
  PASSWORD_INCORRECT: ['現在のパスワードが違います。', 'The current password is wrong.'],
  PASSWORD_REUSED: ['新しいパスワードは、現在のパスワードと別にしてください。', 'The new password must differ from the current one.'],
  PASSWORD_TOO_SHORT: ['新しいパスワードは12文字以上にしてください。', 'The new password needs at least 12 characters.'],
  PASSWORD_TOO_LONG: ['新しいパスワードは128文字以内にしてください。', 'The new password may have at most 128 characters.'],
  PASSWORD_CONTAINS_LOGIN: ['新しいパスワードにログイン名を含めないでください。', 'The new password must not contain your login name.'],
  PASSWORD_TOO_SIMPLE: ['推測されやすいパスワードです。いくつかの言葉を並べた長い文にしてください。', 'That password is easy to guess; try a passphrase of several words.'],
  PASSWORD_INVALID_CHARACTERS: ['使えない文字（制御文字）が含まれています。', 'The password has characters that cannot be used.'],
  PASSWORD_MISMATCH: ['確認用に入力したパスワードが一致しません。', 'The two new passwords differ.'],
  FIELDS_REQUIRED: ['未入力の項目があります。', 'Please fill in every field.'],
  TOTP_ALREADY_ENROLLED: ['二要素認証はすでに設定されています。', 'Two-factor sign-in is already set up.'],
  NETWORK: ['端末と通信できません。しばらくしてからお試しください。', 'The terminal cannot be reached; try again shortly.'],
};
const FALLBACK: readonly [string, string] = ['処理できませんでした。もう一度お試しください。', 'That did not work; please try again.'];

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page has no #${id}`);
  return element as T;
}

const main = byId<HTMLElement>('main');
const status = byId<HTMLElement>('status');
const errorBox = byId<HTMLElement>('error');
const forms: Record<Step, HTMLFormElement> = {
  login: byId('login-form'),
  totp: byId('totp-form'),
  password: byId('password-form'),
  enrol: byId('enrol-form'),
};
const fields = {
  login: byId<HTMLInputElement>('login'),
  password: byId<HTMLInputElement>('password'),
  totp: byId<HTMLInputElement>('totp'),
  currentPassword: byId<HTMLInputElement>('current-password'),
  newPassword: byId<HTMLInputElement>('new-password'),
  confirmPassword: byId<HTMLInputElement>('confirm-password'),
  enrolCode: byId<HTMLInputElement>('enrol-code'),
};

/** Japanese, then English in its own span (so a screen reader speaks each in its language). */
function bilingual(target: HTMLElement, [ja, en]: readonly [string, string]): void {
  const english = document.createElement('span');
  english.lang = 'en';
  english.textContent = en;
  target.replaceChildren(document.createTextNode(`${ja} `), english);
}

function lockMessage(lockedUntil: string | undefined): readonly [string, string] {
  const [ja, en] = MESSAGES['ACCOUNT_LOCKED']!;
  if (lockedUntil === undefined) return [ja, en];
  const time = new Date(lockedUntil);
  if (Number.isNaN(time.getTime())) return [ja, en];
  const hhmm = time.toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit' });
  return [`${ja}${hhmm}以降にもう一度お試しいただくか、管理者に解除を依頼してください。`, `${en} Try again after ${hhmm}, or ask an administrator to unlock it.`];
}

function showError(code: string | undefined, lockedUntil?: string, invalid: readonly HTMLInputElement[] = []): void {
  for (const field of Object.values(fields)) field.removeAttribute('aria-invalid');
  if (code === undefined) {
    errorBox.replaceChildren();
    return;
  }
  bilingual(errorBox, code === 'ACCOUNT_LOCKED' ? lockMessage(lockedUntil) : (MESSAGES[code] ?? FALLBACK));
  errorBox.dataset['code'] = code;
  for (const field of invalid) field.setAttribute('aria-invalid', 'true');
  invalid[0]?.focus();
}

function say(text: readonly [string, string] | undefined): void {
  if (text === undefined) status.replaceChildren();
  else bilingual(status, text);
}

function show(step: Step): void {
  for (const [name, form] of Object.entries(forms)) form.hidden = name !== step;
  main.dataset['step'] = step;
  main.removeAttribute('aria-busy');
  say(undefined);
  const first = forms[step].querySelector<HTMLInputElement>('input:not([type=hidden])');
  first?.focus();
}

function busy(form: HTMLFormElement, on: boolean): void {
  for (const button of form.querySelectorAll('button')) button.disabled = on;
  if (on) say(['処理しています…', 'Working…']);
}

/** Kept only between the password and the code step of one login. */
let pendingLogin: { login: string; password: string } | undefined;

async function enrol(): Promise<void> {
  const enrolment = await consoleRequest<{ secret: string; uri: string; qr: string }>('POST', '/api/console/totp/enrol', {});
  // Only a PNG data URL the terminal made is taken as the image's source.
  if (enrolment.qr.startsWith('data:image/png;base64,')) byId<HTMLImageElement>('totp-qr').src = enrolment.qr;
  // Groups of four are easier to type into a phone.
  byId('totp-secret').textContent = enrolment.secret.replace(/(.{4})(?=.)/g, '$1 ');
  byId('totp-uri').textContent = enrolment.uri;
  show('enrol');
}

/** Goes where the terminal says this session is: a step still owed, or the console. */
async function follow(me: ConsoleMe): Promise<void> {
  pendingLogin = undefined;
  if (me.pending === 'PASSWORD_CHANGE_REQUIRED') {
    show('password');
  } else if (me.pending === 'TOTP_ENROLMENT_REQUIRED') {
    await enrol();
  } else {
    say(['ログインしました。', 'Signed in.']);
    window.location.replace(CONSOLE_HOME);
  }
}

async function toLogin(code?: string): Promise<void> {
  pendingLogin = undefined;
  for (const field of Object.values(fields)) field.value = '';
  await fetchLoginCsrf().catch(() => undefined);
  show('login');
  if (code !== undefined) showError(code);
}

async function submitLogin(totp?: string): Promise<void> {
  const form = totp === undefined ? forms.login : forms.totp;
  const credentials = pendingLogin ?? { login: fields.login.value.trim(), password: fields.password.value };
  if (credentials.login === '' || credentials.password === '') return showError('FIELDS_REQUIRED', undefined, [fields.login, fields.password].filter((field) => field.value === ''));
  if (totp !== undefined && totp.trim() === '') return showError('FIELDS_REQUIRED', undefined, [fields.totp]);
  busy(form, true);
  try {
    // The login form's token: made fresh, for no session.
    await fetchLoginCsrf();
    const me = await consoleRequest<ConsoleMe>('POST', '/api/console/login', { ...credentials, ...(totp === undefined ? {} : { totp }) });
    fields.password.value = '';
    showError(undefined);
    await follow(me);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'TOTP_REQUIRED') {
      pendingLogin = credentials;
      fields.password.value = '';
      show('totp');
      showError(undefined);
    } else if (code === 'TOTP_INVALID') {
      fields.totp.value = '';
      showError(code, undefined, [fields.totp]);
    } else if (code === 'ACCOUNT_LOCKED' || code === 'LOGIN_FAILED') {
      await toLogin();
      fields.login.value = credentials.login;
      showError(code, error instanceof ConsoleApiError ? error.lockedUntil : undefined, code === 'LOGIN_FAILED' ? [fields.password] : []);
    } else {
      say(undefined);
      showError(code);
    }
  } finally {
    busy(form, false);
    if (status.textContent?.startsWith('処理')) say(undefined);
  }
}

async function submitPassword(): Promise<void> {
  const { currentPassword, newPassword, confirmPassword } = fields;
  const empty = [currentPassword, newPassword, confirmPassword].filter((field) => field.value === '');
  if (empty.length > 0) return showError('FIELDS_REQUIRED', undefined, empty);
  if (newPassword.value !== confirmPassword.value) return showError('PASSWORD_MISMATCH', undefined, [confirmPassword]);
  busy(forms.password, true);
  try {
    const me = await consoleRequest<ConsoleMe>('POST', '/api/console/password', { currentPassword: currentPassword.value, newPassword: newPassword.value });
    for (const field of [currentPassword, newPassword, confirmPassword]) field.value = '';
    showError(undefined);
    await follow(me);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'LOGIN_REQUIRED' || code === 'SESSION_EXPIRED' || code === 'ACCOUNT_LOCKED') {
      await toLogin(code);
      if (code === 'ACCOUNT_LOCKED') showError(code, error instanceof ConsoleApiError ? error.lockedUntil : undefined);
    } else {
      say(undefined);
      showError(code, undefined, code === 'PASSWORD_INCORRECT' ? [currentPassword] : code.startsWith('PASSWORD_') ? [newPassword] : []);
    }
  } finally {
    busy(forms.password, false);
  }
}

async function submitEnrolment(): Promise<void> {
  const code = fields.enrolCode.value.trim();
  if (code === '') return showError('FIELDS_REQUIRED', undefined, [fields.enrolCode]);
  busy(forms.enrol, true);
  try {
    const me = await consoleRequest<ConsoleMe>('POST', '/api/console/totp/confirm', { code });
    showError(undefined);
    await follow(me);
  } catch (error) {
    const refusal = codeOf(error);
    fields.enrolCode.value = '';
    if (refusal === 'LOGIN_REQUIRED' || refusal === 'SESSION_EXPIRED' || refusal === 'ACCOUNT_LOCKED') await toLogin(refusal);
    else {
      say(undefined);
      showError(refusal, undefined, [fields.enrolCode]);
    }
  } finally {
    busy(forms.enrol, false);
  }
}

async function logout(): Promise<void> {
  await consoleRequest('POST', '/api/console/logout', {}).catch(() => undefined);
  await toLogin();
}

function wire(): void {
  const onSubmit = (form: HTMLFormElement, work: () => Promise<void>) =>
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void work();
    });
  onSubmit(forms.login, () => submitLogin());
  onSubmit(forms.totp, () => submitLogin(fields.totp.value));
  onSubmit(forms.password, submitPassword);
  onSubmit(forms.enrol, submitEnrolment);
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-action=logout]')) button.addEventListener('click', () => void logout());
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-action=restart]')) button.addEventListener('click', () => void toLogin());
  // Nothing typed here survives the page being left for the back button.
  window.addEventListener('pagehide', () => {
    pendingLogin = undefined;
    for (const field of Object.values(fields)) field.value = '';
  });
}

async function start(): Promise<void> {
  wire();
  try {
    const me = await consoleRequest<ConsoleMe>('GET', '/api/console/me');
    await follow(me);
  } catch (error) {
    const code = codeOf(error);
    await toLogin(code === 'SESSION_EXPIRED' ? code : code === 'LOGIN_REQUIRED' ? undefined : code);
  }
}

void start();
