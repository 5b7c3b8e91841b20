import type { Words } from '../console-words';

// Small DOM helpers the console's pages share: text goes in as text content, never as markup.

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attributes: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

/** Japanese, then the English in its own span so a screen reader speaks each in its language. */
export function bilingual(tag: 'span' | 'p' | 'th' | 'td' | 'li' | 'dt' | 'caption' | 'a', words: Words, attributes: Record<string, string> = {}): HTMLElement {
  const node = element(tag, undefined, attributes);
  node.append(`${words.ja} `, element('span', words.en, { lang: 'en' }));
  return node;
}
