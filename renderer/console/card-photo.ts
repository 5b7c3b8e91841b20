import type { ConsoleCardPhoto } from '../../flow/contract/console-views';
import type { StaffReceptionView } from '../../flow/contract/view-models';
import { CARD_PHOTO_MISSING_WORDS, CARD_PHOTO_REFUSAL_WORDS, CARD_PHOTO_WORDS, type Words } from './console-words';
import { codeOf, consoleRequest } from './shared/console-api';
import { element } from './shared/dom';

// The card photo of 目視確認 on the live page, beside the kiosk's state and the approve/reject buttons.
// The page asks the terminal for it once per reception (the terminal audits each viewing), draws the
// grey pixels on a canvas and keeps nothing else: when the kiosk leaves 目視確認 the canvas is cleared
// and taken out of the page.

interface ShownPhoto {
  readonly receptionId: string;
  readonly figure: HTMLElement;
  readonly canvas: HTMLCanvasElement;
}

/** The photo each kiosk shows now, by kiosk id: one reception's, only while it is in 目視確認. */
const shown = new Map<string, ShownPhoto>();

function caption(words: Words, attributes: Record<string, string> = {}): HTMLElement {
  const node = element('figcaption', undefined, attributes);
  node.append(`${words.ja} `, element('span', words.en, { lang: 'en' }));
  return node;
}

/** Grey pixels onto the canvas, at the photo's own size. */
function draw(canvas: HTMLCanvasElement, photo: ConsoleCardPhoto): void {
  const grey = Uint8Array.from(atob(photo.pixels), (char) => char.charCodeAt(0));
  canvas.width = photo.width;
  canvas.height = photo.height;
  const image = new ImageData(photo.width, photo.height);
  for (let pixel = 0; pixel < photo.width * photo.height; pixel++) {
    const value = grey[pixel] ?? 0;
    image.data[4 * pixel] = value;
    image.data[4 * pixel + 1] = value;
    image.data[4 * pixel + 2] = value;
    image.data[4 * pixel + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
  grey.fill(0);
  image.data.fill(0);
}

/** Wipes the canvas and takes the photo out of the page. */
function clear(kioskId: string): void {
  const photo = shown.get(kioskId);
  if (photo === undefined) return;
  shown.delete(kioskId);
  photo.canvas.getContext('2d')?.clearRect(0, 0, photo.canvas.width, photo.canvas.height);
  photo.canvas.width = 0;
  photo.canvas.height = 0;
  photo.figure.remove();
}

/** Starts showing a reception's photo: the canvas now, the pixels when the terminal gives them. */
function show(kioskId: string, receptionId: string): ShownPhoto {
  const canvas = element('canvas', undefined, {
    role: 'img',
    'aria-label': `${CARD_PHOTO_WORDS.label.ja} / ${CARD_PHOTO_WORDS.label.en}`,
    'data-testid': `card-photo-canvas-${kioskId}`,
    width: '0',
    height: '0',
  });
  const figure = element('figure', undefined, { class: 'card-photo', 'data-testid': `card-photo-${kioskId}`, 'data-status': 'loading', 'data-reception': receptionId });
  figure.append(canvas, caption(CARD_PHOTO_WORDS.compare));
  const photo: ShownPhoto = { receptionId, figure, canvas };
  shown.set(kioskId, photo);
  const path = `/api/console/kiosks/${encodeURIComponent(kioskId)}/card-photo?reception=${encodeURIComponent(receptionId)}`;
  void consoleRequest<ConsoleCardPhoto>('GET', path, undefined, { background: true }).then(
    (answer) => {
      // The kiosk may have moved on while the photo came: then it is not drawn.
      if (shown.get(kioskId) !== photo || answer.receptionId !== receptionId) return;
      draw(canvas, answer);
      figure.dataset.status = 'shown';
    },
    (error: unknown) => {
      if (shown.get(kioskId) !== photo) return;
      const code = codeOf(error);
      const words = CARD_PHOTO_REFUSAL_WORDS[code] ?? { ja: `表示できません [${code}]`, en: `Not shown [${code}]` };
      figure.dataset.status = 'refused';
      // A refusal may pass (the audit log briefly unwritable, the photo still being decoded): staff may ask again.
      const retry = element('button', undefined, { type: 'button', class: 'secondary', 'data-testid': `card-photo-retry-${kioskId}` });
      retry.append(`${CARD_PHOTO_WORDS.retry.ja} `, element('span', CARD_PHOTO_WORDS.retry.en, { lang: 'en' }));
      retry.addEventListener('click', () => {
        if (shown.get(kioskId) !== photo) return;
        shown.delete(kioskId);
        figure.replaceWith(show(kioskId, receptionId).figure);
      });
      figure.replaceChildren(caption(words, { class: 'alert-code' }), caption(CARD_PHOTO_WORDS.missing), retry);
    },
  );
  return photo;
}

/**
 * The photo panel of a kiosk in 目視確認 (undefined otherwise): the photo, the words while it is read,
 * or why there is none. A photo already on the page for this reception is kept as it is.
 */
export function cardPhotoPanel(view: StaffReceptionView): HTMLElement | undefined {
  const state = view.cardPhoto;
  if (view.screen !== 'visual-check' || state === undefined || view.receptionId === undefined) return undefined;
  if (state.status === 'shown') {
    const current = shown.get(view.kioskId);
    if (current !== undefined && current.receptionId === view.receptionId) return current.figure;
    clear(view.kioskId);
    return show(view.kioskId, view.receptionId).figure;
  }
  const figure = element('figure', undefined, { class: 'card-photo', 'data-testid': `card-photo-${view.kioskId}`, 'data-status': state.status });
  if (state.status === 'reading') figure.append(caption(CARD_PHOTO_WORDS.reading));
  else {
    figure.dataset.reason = state.reason;
    figure.append(caption(CARD_PHOTO_MISSING_WORDS[state.reason] ?? { ja: state.reason, en: state.reason }, { class: 'alert-code' }), caption(CARD_PHOTO_WORDS.missing));
  }
  return figure;
}

/** After each redraw: every photo whose kiosk no longer shows it (left 目視確認, another patient) is wiped. */
export function clearCardPhotosNotIn(views: readonly StaffReceptionView[]): void {
  for (const kioskId of [...shown.keys()]) {
    const view = views.find((entry) => entry.kioskId === kioskId);
    const stillShown = view?.screen === 'visual-check' && view.cardPhoto?.status === 'shown' && view.receptionId === shown.get(kioskId)?.receptionId;
    if (!stillShown) clear(kioskId);
  }
}
