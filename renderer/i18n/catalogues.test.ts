import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './catalogue';
import { CATALOGUES } from './catalogues';

// Kana and kanji used only by Japanese (hiragana, katakana): a translation still holding them is
// untranslated. Kanji alone are shared with Chinese, so they are not a sign.
const KANA = /[\u3040-\u30ff]/;

describe('message catalogues of the kiosk', () => {
  const japanese = CATALOGUES.ja;

  it.each(LANGUAGES.map((language) => [language]))('%s has every entry the Japanese one has, none empty', (language) => {
    const catalogue = CATALOGUES[language];
    expect(catalogue.language).toBe(language);
    for (const part of ['messages', 'instructions', 'consentCategories', 'labels'] as const) {
      expect(Object.keys(catalogue[part]).sort()).toEqual(Object.keys(japanese[part]).sort());
      for (const [id, text] of Object.entries(catalogue[part])) expect(text.trim(), `${language} ${part}.${id}`).not.toBe('');
    }
  });

  it.each(LANGUAGES.filter((language) => language !== 'ja').map((language) => [language]))('%s is translated: no kana left, no entry equal to the Japanese', (language) => {
    const catalogue = CATALOGUES[language];
    for (const part of ['messages', 'instructions', 'consentCategories', 'labels'] as const) {
      for (const [id, text] of Object.entries(catalogue[part])) {
        expect(KANA.test(text), `${language} ${part}.${id}: ${text}`).toBe(false);
        expect(text).not.toBe((japanese[part] as Record<string, string>)[id]);
      }
    }
  });

  it('keeps the reader codes 001 and 002 in every language, so staff can match what a patient reads out', () => {
    for (const language of LANGUAGES) {
      expect(CATALOGUES[language].messages['guidance-card-unreadable']).toContain('001');
      expect(CATALOGUES[language].messages['guidance-not-my-number-card']).toContain('002');
    }
  });
});
