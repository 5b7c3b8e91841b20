import type { Catalogue } from '../i18n/catalogue';
import { fill } from '../i18n/catalogue';
import { button, el } from './dom';

const PIN_LENGTH = 4;

/**
 * The on-screen ten-key for the 4-digit PIN, which also takes a physical keypad (digits, Backspace,
 * Escape, Enter). The digits live only in this object: the screen shows dots, never a digit, and
 * `wipe()` forgets them — the kiosk calls it on every screen change.
 */
export class PinPad {
  readonly element: HTMLElement;
  readonly display: HTMLElement;
  private digits = '';
  private readonly dots: HTMLElement[];
  private readonly spoken: HTMLElement;
  private readonly okButton: HTMLButtonElement;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly onSubmit: (pin: string) => void,
  ) {
    this.dots = Array.from({ length: PIN_LENGTH }, () => el('span', { class: 'pin-dot', 'aria-hidden': 'true' }));
    this.spoken = el('span', { class: 'visually-hidden', 'aria-live': 'polite' });
    this.display = el('div', { class: 'pin-display', role: 'status', 'data-testid': 'pin-display' }, ...this.dots, this.spoken);
    const labels = catalogue.labels;
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map((digit) => this.digitKey(digit));
    this.okButton = button(labels['pin-ok'], () => this.submit(), { class: 'pin-key pin-ok', 'data-testid': 'pin-ok' });
    this.element = el(
      'div',
      { class: 'pin-pad', role: 'group', 'aria-label': catalogue.messages['pin-enter'] },
      ...keys,
      button(labels['pin-clear'], () => this.set(''), { class: 'pin-key pin-clear', 'data-testid': 'pin-clear' }),
      this.digitKey('0'),
      button(labels['pin-delete'], () => this.set(this.digits.slice(0, -1)), { class: 'pin-key pin-delete', 'data-testid': 'pin-delete' }),
      this.okButton,
    );
    this.set('');
  }

  /** A key from a physical keypad or keyboard; true when the pad used it. */
  handleKey(event: KeyboardEvent): boolean {
    if (/^[0-9]$/.test(event.key)) this.press(event.key);
    else if (event.key === 'Backspace') this.set(this.digits.slice(0, -1));
    else if (event.key === 'Escape' || event.key === 'Delete') this.set('');
    else if (event.key === 'Enter') this.submit();
    else return false;
    return true;
  }

  /** Forgets every digit. */
  wipe(): void {
    this.set('');
  }

  private digitKey(digit: string): HTMLButtonElement {
    // The label is the digit itself; a screen reader says it, which is what a blind patient needs.
    return button(digit, () => this.press(digit), { class: 'pin-key', 'data-testid': `pin-key-${digit}` });
  }

  private press(digit: string): void {
    if (this.digits.length < PIN_LENGTH) this.set(this.digits + digit);
  }

  private submit(): void {
    if (this.digits.length !== PIN_LENGTH) return;
    const pin = this.digits;
    this.set('');
    this.onSubmit(pin);
  }

  private set(digits: string): void {
    this.digits = digits;
    this.dots.forEach((dot, index) => dot.classList.toggle('filled', index < digits.length));
    this.display.dataset.count = String(digits.length);
    this.spoken.textContent = fill(this.catalogue.labels['pin-digits-entered'], { n: digits.length });
    this.okButton.disabled = digits.length !== PIN_LENGTH;
  }
}
