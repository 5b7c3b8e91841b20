import { describe, expect, it } from 'vitest';
import { checkNewPassword } from './password-policy';

describe('password policy', () => {
  it.each([
    ['short1', 'PASSWORD_TOO_SHORT'],
    ['elevenchars', 'PASSWORD_TOO_SHORT'],
    ['a'.repeat(129), 'PASSWORD_TOO_LONG'],
    ['my-uketsuke-01-pass', 'PASSWORD_CONTAINS_LOGIN'],
    ['MY-UKETSUKE-01-PASS', 'PASSWORD_CONTAINS_LOGIN'],
    ['aaaaaaaaaaaa', 'PASSWORD_TOO_SIMPLE'],
    ['121212121212', 'PASSWORD_TOO_SIMPLE'],
    ['password1234', 'PASSWORD_TOO_SIMPLE'],
    ['Password!2026', 'PASSWORD_TOO_SIMPLE'],
    ['123456789012', 'PASSWORD_TOO_SIMPLE'],
    ['qwertyuiop12', 'PASSWORD_TOO_SIMPLE'],
    ['abcdefghijklm', 'PASSWORD_TOO_SIMPLE'],
    ['tab\there-and-more', 'PASSWORD_INVALID_CHARACTERS'],
  ])('refuses %j with %s', (password, code) => {
    expect(checkNewPassword(password, 'uketsuke-01')).toBe(code);
  });

  it.each(['correct horse battery staple', 'さくら もち こたつ みかん', 'Tsukimi-dango-7-ko', 'x7#Lq9!vR2$m'])('takes %j', (password) => {
    expect(checkNewPassword(password, 'uketsuke-01')).toBeUndefined();
  });

  it('counts characters after NFKC, as hashed', () => {
    // 11 half-width characters typed in full width are still 11.
    expect(checkNewPassword('ａｂｃｄｅｆｇｈｉｊ１', 'x')).toBe('PASSWORD_TOO_SHORT');
    // Kanji and kana count one each: a 12-character Japanese passphrase is long enough.
    expect(checkNewPassword('春はあけぼの夏は夜秋は夕暮', 'x')).toBeUndefined();
  });
});
