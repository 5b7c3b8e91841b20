import { normalizePassword } from './password-hash';

/**
 * What a new password must be. Length is what makes a password hard to guess (NIST SP 800-63B): at
 * least 12 characters, a passphrase of several words welcome, no rules about digits or symbols. Refused:
 * the login name inside it, fewer than 5 different characters (aaaaaaaaaaaa, 121212121212), a few
 * passwords every guesser tries first, control characters, and more than 128 characters. Counted in
 * Unicode characters after NFKC, as hashed, so 全角 and 半角 input count alike.
 */
export type PasswordPolicyCode =
  | 'PASSWORD_TOO_SHORT'
  | 'PASSWORD_TOO_LONG'
  | 'PASSWORD_CONTAINS_LOGIN'
  | 'PASSWORD_TOO_SIMPLE'
  | 'PASSWORD_INVALID_CHARACTERS';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
const MIN_DISTINCT = 5;

/** Lower-cased; a password is refused when it is one of these with digits or symbols around it. */
const GUESSED_FIRST = ['password', 'passw0rd', 'qwertyuiop', 'asdfghjkl', '1234567890', '0987654321', 'abcdefghijk', 'iloveyou', 'letmein', 'welcome', 'admin', 'administrator', 'uketsuke', 'clinic', 'hospital', 'byouin', 'iryou', 'kanri'];

/** Runs along a row of keys or a counting order, forwards or backwards, wrapping round (1234567890123…). */
const RUNS = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'].flatMap((run) => {
  const reversed = [...run].reverse().join('');
  return [run.repeat(14), reversed.repeat(14)];
});

export function checkNewPassword(password: string, login: string): PasswordPolicyCode | undefined {
  const normalized = normalizePassword(password);
  const characters = [...normalized];
  if (/\p{Cc}/u.test(normalized)) return 'PASSWORD_INVALID_CHARACTERS';
  if (characters.length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (characters.length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const lower = normalized.toLowerCase();
  if (login.length >= 3 && lower.includes(login.toLowerCase())) return 'PASSWORD_CONTAINS_LOGIN';
  if (new Set(characters).size < MIN_DISTINCT) return 'PASSWORD_TOO_SIMPLE';
  const letters = lower.replace(/[^\p{L}]/gu, '');
  const lettersAndDigits = lower.replace(/[^\p{L}\p{N}]/gu, '');
  if (GUESSED_FIRST.includes(letters) || GUESSED_FIRST.includes(lettersAndDigits)) return 'PASSWORD_TOO_SIMPLE';
  if (lettersAndDigits.length > 0 && RUNS.some((run) => run.includes(lettersAndDigits))) return 'PASSWORD_TOO_SIMPLE';
  return undefined;
}
