// A placeholder for the staff console's home: says who is signed in, with which role, and signs out.
// Anything owed (a password change, a second factor) or no session sends the browser to the sign-in page.

import { consoleRequest, type ConsoleMe } from './shared/console-api';

const ROLE_NAMES: Record<ConsoleMe['account']['role'], readonly [string, string]> = {
  reception: ['受付', 'Reception'],
  clinician: ['医療情報閲覧', 'Clinician / pharmacist'],
  admin: ['管理者', 'Administrator'],
};

const LOGIN_PAGE = '/console/login/';

async function start(): Promise<void> {
  const who = document.getElementById('who');
  const main = document.getElementById('main');
  document.getElementById('logout')?.addEventListener('click', () => {
    void consoleRequest('POST', '/api/console/logout', {})
      .catch(() => undefined)
      .then(() => window.location.replace(LOGIN_PAGE));
  });
  let me: ConsoleMe;
  try {
    me = await consoleRequest<ConsoleMe>('GET', '/api/console/me');
  } catch {
    window.location.replace(LOGIN_PAGE);
    return;
  }
  if (me.pending !== null) {
    window.location.replace(LOGIN_PAGE);
    return;
  }
  const [ja, en] = ROLE_NAMES[me.account.role];
  const english = document.createElement('span');
  english.lang = 'en';
  english.textContent = `Signed in as ${me.account.displayName} (${me.account.login}), ${en}.`;
  who?.replaceChildren(document.createTextNode(`${me.account.displayName}（${me.account.login}・${ja}）でログインしています。 `), english);
  who?.setAttribute('data-role', me.account.role);
  main?.removeAttribute('aria-busy');
}

void start();
