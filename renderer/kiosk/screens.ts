import type { KioskScreen, KioskView } from '../../flow/contract/view-models';
import { fill, type Catalogue, type LabelId } from '../i18n/catalogue';
import { button, el } from './dom';

/** What a screen shows: the picture and words in the upper half, the controls in the lower half. */
export interface ScreenContent {
  /** A picture or the camera preview, above the words. */
  readonly visual?: HTMLElement;
  /** The heading first, then at most two short lines. */
  readonly lines: readonly string[];
  /** Every control of the screen (the shared bar aside): all sit in the lower half. */
  readonly controls: readonly HTMLElement[];
  /** What the voice says: the same words as the lines. */
  readonly speech: string;
}

export interface ScreenParts {
  readonly view: KioskView;
  readonly catalogue: Catalogue;
  /** The same words in the other language (English under Japanese, Japanese under the rest), for a secondary line. */
  readonly secondary: Catalogue;
  /** Sends a screen event answering this view. */
  send(event: Readonly<Record<string, unknown>>): void;
  /** The camera preview with its face guide (face capture only). */
  cameraPreview(): HTMLElement;
  /** The PIN display and the ten-key (PIN entry only). */
  pinPad(): { readonly display: HTMLElement; readonly pad: HTMLElement };
}

/** Screens on which the patient may ask for staff or cancel (the flow takes both there). */
export const SCREENS_WITH_HELP: ReadonlySet<KioskScreen> = new Set<KioskScreen>([
  'method-choice',
  'waiting-card-front',
  'face-capture',
  'fallback-choice',
  'pin-entry',
  'consent',
  'prescription-choice',
]);

/** A big button with its label in the chosen language and, smaller, in the secondary one. */
function choice(parts: ScreenParts, label: LabelId, event: Readonly<Record<string, unknown>>, testId: string, tone: 'primary' | 'quiet' = 'primary'): HTMLButtonElement {
  const element = button('', () => parts.send(event), { class: `choice ${tone}`, 'data-testid': testId });
  element.append(el('span', { class: 'label', text: parts.catalogue.labels[label] }));
  if (parts.secondary.language !== parts.catalogue.language) {
    element.append(el('span', { class: 'label-secondary', lang: parts.secondary.language, text: parts.secondary.labels[label] }));
  }
  return element;
}

const picture = (kind: string): HTMLElement => el('div', { class: `picture picture-${kind}`, 'aria-hidden': 'true' }, el('div', { class: 'picture-inner' }));

export function screenContent(parts: ScreenParts): ScreenContent {
  const { view, catalogue } = parts;
  const message = catalogue.messages[view.message];
  const simple = (visual: HTMLElement | undefined, controls: readonly HTMLElement[] = []): ScreenContent => ({
    ...(visual ? { visual } : {}),
    lines: [message],
    controls,
    speech: message,
  });

  switch (view.screen) {
    case 'place-card':
      return simple(picture('card'));
    case 'reading':
    case 'waiting-card-front':
    case 'face-checking':
    case 'pin-checking':
    case 'querying':
      return simple(picture('progress'));
    case 'method-choice': {
      const methods = view.methods ?? ['face'];
      return simple(
        picture('method'),
        methods.map((method) =>
          choice(parts, method === 'face' ? 'method-face' : 'method-pin', { type: 'method.chosen', method }, `method-${method}`),
        ),
      );
    }
    case 'face-capture': {
      // One plain instruction at a time: what the last frame lacked, else the liveness action.
      const code = view.instruction ?? view.challenge;
      const instruction = code === undefined ? undefined : catalogue.instructions[code];
      const lines = instruction === undefined ? [message] : [message, instruction];
      return { visual: parts.cameraPreview(), lines, controls: [], speech: lines.join(' ') };
    }
    case 'pin-entry': {
      const { display, pad } = parts.pinPad();
      const lines = [message];
      if (view.triesLeft !== undefined) lines.push(fill(catalogue.labels['pin-tries-left'], { n: view.triesLeft }));
      if (view.lastTryWarning === true) lines.push(catalogue.labels['pin-last-try-warning']);
      return { visual: display, lines, controls: [pad], speech: lines.join(' ') };
    }
    case 'fallback-choice': {
      const controls: HTMLElement[] = [];
      if (view.methods?.includes('pin') === true) controls.push(choice(parts, 'method-pin', { type: 'fallback.chosen', choice: 'pin' }, 'fallback-pin'));
      controls.push(choice(parts, 'call-staff', { type: 'fallback.chosen', choice: 'staff' }, 'fallback-staff', 'quiet'));
      return simple(picture('staff'), controls);
    }
    case 'staff-called':
    case 'visual-check':
      return simple(picture('staff'));
    case 'consent': {
      const consent = view.consent;
      if (consent === undefined) return simple(undefined);
      const category = catalogue.consentCategories[consent.category];
      const position = fill(catalogue.labels['consent-position'], { position: consent.position, count: consent.count });
      const lines = [category, message, position];
      return {
        lines,
        controls: [
          choice(parts, 'consent-agree', { type: 'consent.answered', category: consent.category, agreed: true }, 'consent-agree'),
          choice(parts, 'consent-decline', { type: 'consent.answered', category: consent.category, agreed: false }, 'consent-decline', 'quiet'),
          choice(parts, 'consent-all', { type: 'consent.all' }, 'consent-all'),
        ],
        speech: `${category} ${message}`,
      };
    }
    case 'prescription-choice':
      return simple(
        picture('prescription'),
        (view.prescriptionForms ?? ['electronic', 'paper']).map((form) =>
          choice(parts, form === 'electronic' ? 'prescription-electronic' : 'prescription-paper', { type: 'prescription.chosen', form }, `prescription-${form}`),
        ),
      );
    case 'result':
      return simple(picture(view.message === 'result-confirmed' || view.message === 'result-not-cross-checked' ? 'done' : 'staff'));
    case 'outage':
      return simple(picture('staff'));
    case 'remove-card': {
      const lines = view.message === 'remove-card' ? [message] : [message, catalogue.messages['remove-card']];
      return { visual: picture('card-out'), lines, controls: [], speech: lines.join(' ') };
    }
  }
}
