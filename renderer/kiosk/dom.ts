/** Attributes set on an element; `text` sets its text content (never HTML). */
export type Props = Readonly<Record<string, string | number | boolean | undefined>> & { readonly text?: string };

/**
 * Makes an element. Text goes in as text content only: nothing the terminal or a catalogue sends can
 * become markup.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: readonly (Node | null | undefined)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === 'text') element.textContent = String(value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

/** A touch button that sends one thing when pressed. */
export function button(label: string, onPress: () => void, props: Props = {}): HTMLButtonElement {
  const element = el('button', { type: 'button', ...props, text: label });
  element.addEventListener('click', onPress);
  return element;
}
