import { ROLE_WORDS } from '../console-words';
import { codeOf, consoleRequest, type ConsoleMe } from './console-api';

export const LOGIN_PAGE = '/console/login/';

/**
 * The account a console page is shown to. Anyone not signed in, or with a step still owed (password
 * change, TOTP), goes to the sign-in page; an unreachable terminal is told to `onUnreachable`. Either
 * way the page stops (undefined). Otherwise the account is named in `#account`, with its role.
 */
export async function signedInAccount(onUnreachable: () => void): Promise<ConsoleMe | undefined> {
  let me: ConsoleMe;
  try {
    me = await consoleRequest<ConsoleMe>('GET', '/api/console/me');
  } catch (error) {
    if (codeOf(error) === 'NETWORK') onUnreachable();
    else location.assign(LOGIN_PAGE);
    return undefined;
  }
  if (me.pending !== null) {
    location.assign(LOGIN_PAGE);
    return undefined;
  }
  const who = document.getElementById('account');
  if (who) {
    who.textContent = `${me.account.displayName}（${me.account.login}・${ROLE_WORDS[me.account.role]}）`;
    who.dataset['role'] = me.account.role;
  }
  return me;
}
