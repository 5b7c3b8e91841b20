import type { KioskBridge } from '../../flow/contract/kiosk-bridge';
import type { KioskView } from '../../flow/contract/view-models';
import { fill, LANGUAGES, type Catalogue, type Language } from '../i18n/catalogue';
import { CATALOGUES } from '../i18n/catalogues';
import { Camera } from './camera';
import { button, el } from './dom';
import { PinPad } from './pin-pad';
import { screenContent, SCREENS_WITH_HELP } from './screens';
import type { Voice } from './voice';

export interface KioskAppOptions {
  readonly root: HTMLElement;
  readonly bridge: KioskBridge;
  readonly voice: Voice;
  /** The most camera frames a second sent to the terminal. */
  readonly maxFramesPerSecond?: number;
}

/** Screens of a reception that can lead to 'reading' within it (the card face read before the PIN). */
const ACTIVE_SCREENS_BEFORE_READING = new Set<KioskView['screen']>(['reading', 'method-choice', 'fallback-choice', 'waiting-card-front']);

/** Screens after which nothing of the reception may stay in the page. */
const END_SCREENS = new Set<KioskView['screen']>(['place-card', 'remove-card']);

/**
 * The patient's kiosk page: a projection of the terminal's view. It shows the screen the view names in
 * the chosen language, says it aloud, captions it, runs the camera on the capture screen and sends
 * the patient's taps back as screen events. It decides nothing; what it holds of a reception (the
 * view, the PIN digits, the camera) goes when the screen changes or the reception ends.
 */
export class KioskApp {
  private view: KioskView | undefined;
  private language: Language = 'ja';
  private connected = true;
  private pinPad: PinPad | undefined;
  private camera: Camera | undefined;
  private cameraOpening: Promise<void> | undefined;
  private cameraFailed = false;
  private lastSpeech = '';
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private readonly upper: HTMLElement;
  private readonly lower: HTMLElement;
  private readonly bar: HTMLElement;
  private readonly captions: HTMLElement;
  /** One preview element for the page's life, so a re-render never orphans a starting camera. */
  private readonly video: HTMLVideoElement = el('video', { class: 'camera-video', muted: true, playsinline: true, 'aria-hidden': 'true' });
  private readonly stops: Array<() => void> = [];

  constructor(private readonly options: KioskAppOptions) {
    this.upper = el('section', { class: 'upper' });
    this.lower = el('section', { class: 'lower' });
    this.bar = el('nav', { class: 'bar' });
    this.captions = el('div', { class: 'captions', role: 'status', 'aria-live': 'assertive', 'data-testid': 'captions' });
    // The upper half shows and says; every control sits in the lower half, within a seated patient's reach.
    options.root.replaceChildren(
      el('main', { class: 'top-half' }, this.upper, this.captions),
      el('div', { class: 'bottom-half' }, this.lower, this.bar),
    );
  }

  async start(): Promise<void> {
    const { bridge } = this.options;
    if (bridge.onConnectionChange) {
      this.stops.push(
        bridge.onConnectionChange((connected) => {
          this.connected = connected;
          // A terminal that restarted counts its revisions from the start again: take its next view.
          if (!connected) this.forgetReception();
          this.render();
        }),
      );
    }
    this.stops.push(bridge.onView((view) => this.show(view)));
    const keyListener = (event: KeyboardEvent): void => {
      // Enter on a focused control outside the pad (call staff, cancel, a language) presses that control.
      const target = event.target;
      if (event.key === 'Enter' && target instanceof HTMLButtonElement && !this.pinPad?.element.contains(target)) return;
      if (this.pinPad?.handleKey(event) === true) event.preventDefault();
    };
    document.addEventListener('keydown', keyListener);
    this.stops.push(() => document.removeEventListener('keydown', keyListener));
    try {
      this.show(await bridge.currentView());
    } catch {
      this.connected = false;
      this.render();
    }
  }

  /** The page is going away: nothing of the reception stays. */
  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
    this.forgetReception();
    this.options.voice.hush();
  }

  show(view: KioskView): void {
    const previous = this.view;
    if (previous !== undefined && view.revision <= previous.revision) return;
    this.connected = true;
    const screenChanged = previous === undefined || previous.screen !== view.screen || previous.consent?.category !== view.consent?.category;
    if (screenChanged) {
      // The PIN digits never outlive the screen they were typed on.
      this.pinPad?.wipe();
      this.pinPad = undefined;
    }
    if (view.screen !== 'face-capture') this.closeCamera();
    if (END_SCREENS.has(view.screen)) {
      void clearPageStorage();
      if (view.screen === 'place-card') this.language = 'ja';
    }
    // A new patient's first screen: back to Japanese even if the page missed the idle screen between.
    if (view.screen === 'reading' && (previous === undefined || !ACTIVE_SCREENS_BEFORE_READING.has(previous.screen))) this.language = 'ja';
    this.view = view;
    this.render();
  }

  private render(): void {
    const view = this.view;
    const catalogue = CATALOGUES[this.language];
    const secondary = CATALOGUES[this.language === 'ja' ? 'en' : 'ja'];
    this.renderBar(catalogue, view);
    if (!this.connected || view === undefined) {
      const words = catalogue.labels['connection-lost'];
      this.upper.replaceChildren(el('h1', { class: 'message', text: words }), el('p', { class: 'secondary', lang: secondary.language, text: secondary.labels['connection-lost'] }));
      this.lower.replaceChildren();
      this.setCaption(words);
      return;
    }
    const content = screenContent({
      view,
      catalogue,
      secondary,
      send: (event) => void this.send(event),
      cameraPreview: () => this.cameraPreview(catalogue),
      pinPad: () => this.pinPadFor(catalogue),
    });
    const [heading, ...rest] = content.lines;
    const secondaryHeading = secondary.messages[view.message];
    // A long guidance (the outage one) takes smaller type, so it still fits the upper half.
    const long = (heading ?? '').length > (catalogue.language === 'ja' || catalogue.language === 'zh' ? 48 : 110);
    const lines: HTMLElement[] = [
      el('h1', { class: long ? 'message long' : 'message', 'data-testid': 'message', text: heading ?? '' }),
      ...rest.map((line) => el('p', { class: 'line', text: line })),
    ];
    if (view.screen !== 'consent' && !long) lines.push(el('p', { class: 'secondary', lang: secondary.language, text: secondaryHeading }));
    if (this.cameraFailed && view.screen === 'face-capture') lines.push(el('p', { class: 'line alert', text: catalogue.labels['camera-unavailable'] }));
    lines.push(this.countdownLine(catalogue));
    this.upper.replaceChildren(...(content.visual ? [content.visual] : []), el('div', { class: 'words', lang: catalogue.language }, ...lines));
    this.lower.replaceChildren(...content.controls);
    this.lower.dataset.screen = view.screen;
    this.options.root.dataset.screen = view.screen;
    this.options.root.dataset.revision = String(view.revision);
    this.options.root.lang = catalogue.language;
    document.documentElement.lang = catalogue.language;
    this.setCaption(content.speech);
    // A camera that failed is not retried on this screen (each retry would draw the screen again).
    if (view.screen === 'face-capture' && !this.cameraFailed) this.openCamera();
  }

  private renderBar(catalogue: Catalogue, view: KioskView | undefined): void {
    const languages = el(
      'div',
      { class: 'languages', role: 'group', 'aria-label': `${catalogue.labels.language} / Language` },
      ...offeredLanguages(view).map((language) =>
        button(CATALOGUES[language].name, () => this.chooseLanguage(language), {
          class: 'language',
          lang: language,
          'aria-pressed': language === this.language ? 'true' : 'false',
          'data-testid': `language-${language}`,
        }),
      ),
    );
    const help: HTMLElement[] = [];
    if (view !== undefined && this.connected && SCREENS_WITH_HELP.has(view.screen)) {
      help.push(button(catalogue.labels['call-staff'], () => void this.send({ type: 'staff.requested' }), { class: 'help', 'data-testid': 'call-staff' }));
      help.push(button(catalogue.labels.cancel, () => void this.send({ type: 'reception.cancelled' }), { class: 'help', 'data-testid': 'cancel' }));
    }
    this.bar.replaceChildren(languages, ...help);
  }

  private chooseLanguage(language: Language): void {
    if (language === this.language) return;
    this.language = language;
    // The pad is made again in the new language; the digits typed so far go with the old one.
    this.pinPad?.wipe();
    this.pinPad = undefined;
    this.render();
  }

  private countdownLine(catalogue: Catalogue): HTMLElement {
    clearInterval(this.countdownTimer);
    const line = el('p', { class: 'countdown', 'data-testid': 'countdown', 'aria-live': 'polite' });
    const countdown = this.view?.countdown;
    if (countdown === undefined || !countdown.warning) {
      line.hidden = true;
      return line;
    }
    // Counted from when the view arrived, by the terminal's reckoning of what was left.
    const endsAt = performance.now() + (countdown.remainingMs ?? Math.max(0, Date.parse(countdown.deadline) - Date.now()));
    // Written only when the number changes, so a screen reader hears each second once.
    const tick = (): void => {
      const words = fill(catalogue.labels.countdown, { n: Math.max(0, Math.ceil((endsAt - performance.now()) / 1000)) });
      if (line.textContent !== words) line.textContent = words;
    };
    tick();
    this.countdownTimer = setInterval(tick, 250);
    return line;
  }

  private setCaption(speech: string): void {
    const countdown = this.view?.countdown?.warning === true ? this.upper.querySelector('.countdown')?.textContent ?? '' : '';
    const said = countdown === '' ? speech : `${speech} ${countdown}`;
    this.captions.textContent = said;
    if (said !== this.lastSpeech) {
      this.lastSpeech = said;
      this.options.voice.say(said, this.language);
    }
  }

  private cameraPreview(catalogue: Catalogue): HTMLElement {
    return el(
      'div',
      { class: 'camera', 'data-testid': 'camera' },
      this.video,
      el('div', { class: 'face-guide', 'aria-hidden': 'true' }),
      el('p', { class: 'face-guide-label', text: catalogue.labels['face-guide'] }),
    );
  }

  private pinPadFor(catalogue: Catalogue): { display: HTMLElement; pad: HTMLElement } {
    this.pinPad ??= new PinPad(catalogue, (pin) => void this.send({ type: 'pin.entered', pin }));
    return { display: this.pinPad.display, pad: this.pinPad.element };
  }

  private openCamera(): void {
    if (this.camera !== undefined || this.cameraOpening !== undefined) return;
    const revision = this.view?.revision;
    this.cameraOpening = Camera.open(this.video, { maxFramesPerSecond: this.options.maxFramesPerSecond ?? 10 }).then(
      (camera) => {
        this.cameraOpening = undefined;
        // The screen moved on while the camera started: close it at once.
        if (this.view?.screen !== 'face-capture' || this.view.revision < (revision ?? 0)) {
          camera.close();
          return;
        }
        this.cameraFailed = false;
        this.camera = camera;
        camera.sendFramesTo((message) => this.options.bridge.sendFrame(message));
      },
      () => {
        this.cameraOpening = undefined;
        // Said only while a capture screen shows; a screen that moved on tries again next time.
        if (this.view?.screen !== 'face-capture') return;
        this.cameraFailed = true;
        this.render();
      },
    );
  }

  private closeCamera(): void {
    this.camera?.close();
    this.camera = undefined;
    this.cameraFailed = false;
  }

  private async send(event: Readonly<Record<string, unknown>>): Promise<void> {
    const view = this.view;
    if (view === undefined) return;
    // The revision ties the tap to this reception: the terminal refuses it once another has begun.
    await this.options.bridge.sendEvent({ ...event, revision: view.revision });
  }

  private forgetReception(): void {
    this.pinPad?.wipe();
    this.pinPad = undefined;
    this.closeCamera();
    this.view = undefined;
    clearInterval(this.countdownTimer);
    void clearPageStorage();
  }
}

/** The languages of the switch: those the terminal offers that the page has words for, Japanese first. */
function offeredLanguages(view: KioskView | undefined): readonly Language[] {
  const offered = view?.languages;
  if (offered === undefined) return LANGUAGES;
  return LANGUAGES.filter((language) => language === 'ja' || offered.includes(language));
}

/** Nothing of a reception in the page's storage: no Web Storage entries, no Cache Storage. */
async function clearPageStorage(): Promise<void> {
  try {
    sessionStorage.clear();
    localStorage.clear();
  } catch {
    // Storage may be disabled; then there is nothing in it.
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys().catch(() => [] as string[])) await caches.delete(name).catch(() => false);
  }
}
