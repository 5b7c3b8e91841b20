import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskView, MessageId } from '../../flow/contract/view-models';
import { LANGUAGES } from '../../renderer/i18n/catalogue';
import { CATALOGUES } from '../../renderer/i18n/catalogues';
import { buildRenderers } from '../../scripts/build-renderer';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { emptySceneFrames, writeY4mClip } from '../harness/camera-clip';
import { launchChromium } from '../harness/chromium';
import { SPEECH_RECORDER, spokenOf } from '../harness/kiosk-page';
import { makeTempDir, type TempDir } from '../harness/temp-dir';
import { seriousAxeViolations } from '../harness/axe';

// Every kiosk screen, drawn by the built page from a view model handed over the Electron-style bridge
// (`window.oqsKiosk`, which the page prefers to its WebSocket): a screenshot of each in Japanese and
// English, an automated accessibility check, the layout rules (controls in the lower half, touch
// targets of 15 mm), the language switch, voice and captions. Transient screens (reading, checking)
// are held still here, which a real reception cannot do.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'kiosk-screens');
/** 15 mm in CSS pixels (96 per inch). */
const TOUCH_MIN_PX = (15 / 25.4) * 96;

const base = { kioskId: 'kiosk-1' } as const;
const later = (ms: number) => ({ deadline: new Date(Date.now() + ms).toISOString(), warning: true, remainingMs: ms });

/** One view per screen, and one per guidance a patient can end on. */
const VIEWS: readonly (readonly [string, Omit<KioskView, 'revision' | 'kioskId'>])[] = [
  ['place-card', { screen: 'place-card', message: 'place-card' }],
  ['reading', { screen: 'reading', message: 'reading' }],
  ['method-choice', { screen: 'method-choice', message: 'choose-method', methods: ['face', 'pin'] }],
  ['method-choice-face-only', { screen: 'method-choice', message: 'choose-method', methods: ['face'] }],
  ['waiting-card-front', { screen: 'waiting-card-front', message: 'waiting-card-front' }],
  ['face-capture', { screen: 'face-capture', message: 'face-look-at-camera', challenge: 'turn-left' }],
  ['face-capture-retry', { screen: 'face-capture', message: 'face-retry', challenge: 'blink', instruction: 'too-dark' }],
  ['face-checking', { screen: 'face-checking', message: 'face-checking' }],
  ['pin-entry', { screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, lastTryWarning: false }],
  ['pin-entry-warning', { screen: 'pin-entry', message: 'pin-wrong', triesLeft: 2, lastTryWarning: true, countdown: later(9_000) }],
  ['pin-checking', { screen: 'pin-checking', message: 'pin-checking' }],
  ['fallback-choice', { screen: 'fallback-choice', message: 'choose-fallback', methods: ['pin'] }],
  ['staff-called', { screen: 'staff-called', message: 'staff-called' }],
  ['visual-check', { screen: 'visual-check', message: 'visual-check' }],
  ['consent', { screen: 'consent', message: 'consent-question', consent: { category: 'pharmaceutical', position: 1, count: 2 } }],
  ['consent-2', { screen: 'consent', message: 'consent-question', consent: { category: 'specificHealthCheckups', position: 2, count: 2 } }],
  ['prescription-choice', { screen: 'prescription-choice', message: 'prescription-question', prescriptionForms: ['electronic', 'paper'] }],
  ['querying', { screen: 'querying', message: 'querying' }],
  ['result', { screen: 'result', message: 'result-confirmed' }],
  ['result-invalid', { screen: 'result', message: 'result-qualification-invalid' }],
  ['result-none', { screen: 'result', message: 'result-no-qualification' }],
  ['outage', { screen: 'outage', message: 'outage-guidance' }],
  ['remove-card', { screen: 'remove-card', message: 'remove-card' }],
  ...(
    [
      'guidance-card-unreadable',
      'guidance-not-my-number-card',
      'guidance-unregistered',
      'guidance-certificate-invalid',
      'guidance-timeout',
      'guidance-see-staff',
    ] as const satisfies readonly MessageId[]
  ).map((message) => [message, { screen: 'remove-card', message }] as const),
];

const BRIDGE = `(() => {
  const listeners = [];
  const events = [];
  let view = null;
  Object.defineProperty(window, '__showView', { value: (next) => { view = next; for (const listener of listeners) listener(next); } });
  Object.defineProperty(window, '__events', { value: events });
  Object.defineProperty(window, 'oqsKiosk', {
    value: Object.freeze({
      currentView: () => (view ? Promise.resolve(view) : new Promise((resolve) => listeners.push(resolve))),
      onView: (listener) => { listeners.push(listener); return () => {}; },
      sendEvent: (event) => { events.push(event); return Promise.resolve({ ok: true }); },
      sendFrame: () => {},
    }),
  });
})();`;

let temp: TempDir;
let server: Server;
let baseUrl: string;
let browser: Browser;
let revision = 0;

beforeAll(async () => {
  temp = await makeTempDir('oqs-kiosk-screens-');
  await buildRenderers(join(temp.path, 'renderer'));
  const files = serveStaticFiles(join(temp.path, 'renderer'));
  server = createServer((request, response) => void files(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const clip = join(temp.path, 'camera.y4m');
  await writeY4mClip(clip, emptySceneFrames(640, 480));
  browser = await launchChromium({ fakeCamera: clip });
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await temp?.remove();
});

/** The kiosk page showing `view`, in a context whose CSP lets the accessibility checker in. */
async function pageShowing(view: Omit<KioskView, 'revision' | 'kioskId'>, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  await context.addInitScript(SPEECH_RECORDER);
  await context.addInitScript(BRIDGE);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/kiosk/`);
  revision += 1;
  await page.evaluate(`window.__showView(${JSON.stringify({ ...base, ...view, revision })})`);
  await page.waitForSelector(`#kiosk-root[data-screen="${view.screen}"]`);
  return page;
}

interface Box {
  readonly name: string;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

function controlBoxes(page: Page): Promise<Box[]> {
  return page.evaluate<Box[]>(`[...document.querySelectorAll('button')].map((b) => {
    const r = b.getBoundingClientRect();
    return { name: b.textContent.trim(), top: r.top, width: r.width, height: r.height };
  })`);
}

describe('every kiosk screen', () => {
  it.each(VIEWS.map(([name, view]) => [name, view] as const))('%s: screenshots (ja, en), no serious accessibility violation, controls in the lower half and 15 mm wide', async (name, view) => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 800, height: 1280 },
    ]) {
      const page = await pageShowing(view, viewport);
      for (const box of await controlBoxes(page)) {
        expect(box.top, `${name} ${viewport.width}x${viewport.height}: ${box.name}`).toBeGreaterThanOrEqual(viewport.height / 2);
        expect(Math.min(box.width, box.height), `${name}: ${box.name}`).toBeGreaterThanOrEqual(TOUCH_MIN_PX);
      }
      if (viewport.width === 1280) {
        await page.screenshot({ path: join(artifacts, `${name}-ja.png`) });
        expect(await seriousAxeViolations(page)).toEqual([]);
        await page.click('[data-testid=language-en]');
        await page.waitForSelector('html[lang=en]');
        await page.screenshot({ path: join(artifacts, `${name}-en.png`) });
      }
      await page.context().close();
    }
  });

  it.each(VIEWS.map(([name, view]) => [name, view] as const))('%s: the language switch turns every word to the chosen language; captions always, a voice only where one speaks it', async (_name, view) => {
    const page = await pageShowing(view);
    for (const language of [...LANGUAGES.slice(1), 'ja' as const]) {
      const catalogue = CATALOGUES[language];
      await page.click(`[data-testid=language-${language}]`);
      await page.waitForSelector(`html[lang=${language}]`);
      const heading = view.screen === 'consent' && view.consent ? catalogue.consentCategories[view.consent.category] : catalogue.messages[view.message];
      expect(await page.textContent('[data-testid=message]')).toBe(heading);
      const captions = (await page.textContent('[data-testid=captions]')) ?? '';
      expect(captions).toContain(heading);
      for (const control of await page.$$eval('.lower button .label, .bar .help', (nodes) => nodes.map((node) => node.textContent ?? ''))) {
        expect(Object.values(catalogue.labels)).toContain(control);
      }
    }
    const spoken = await spokenOf(page);
    // The recorder has Japanese and English voices only: Chinese, Korean and Vietnamese are captioned, never read by the wrong voice.
    expect(spoken.map((entry) => entry.lang)).toEqual(['ja-JP', 'en-US', 'ja-JP']);
    await page.context().close();
  });
});

describe('the kiosk page itself', () => {
  it('counts down before a timeout, from the time the terminal says is left', async () => {
    const page = await pageShowing({ screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, lastTryWarning: false, countdown: later(5_000) });
    await page.waitForSelector('[data-testid=countdown]:has-text("あと5秒")');
    await page.waitForSelector('[data-testid=countdown]:has-text("あと4秒")');
    await page.context().close();
  });

  it('sends the patient’s taps as screen events carrying the revision of the view they answer; the PIN as dots only', async () => {
    const page = await pageShowing({ screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, lastTryWarning: false });
    for (const digit of '2580') await page.click(`[data-testid=pin-key-${digit}]`);
    expect(await page.textContent('[data-testid=pin-display]')).not.toMatch(/[0-9]{2}/);
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('4');
    await page.click('[data-testid=pin-ok]');
    const events = await page.evaluate<unknown[]>('window.__events.slice()');
    expect(events).toEqual([{ type: 'pin.entered', pin: '2580', revision }]);
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('0');
    await page.context().close();
  });

  it('on the PIN screen, Enter on a focused button outside the pad presses that button', async () => {
    const page = await pageShowing({ screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, lastTryWarning: false });
    await page.keyboard.type('25');
    await page.focus('[data-testid=call-staff]');
    await page.keyboard.press('Enter');
    const events = await page.evaluate<unknown[]>('window.__events.slice()');
    expect(events).toEqual([{ type: 'staff.requested', revision }]);
    await page.context().close();
  });

  it('wipes typed PIN digits when the screen changes, even to the same screen of the next view', async () => {
    const page = await pageShowing({ screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, lastTryWarning: false });
    await page.keyboard.type('25');
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('2');
    revision += 1;
    await page.evaluate(`window.__showView(${JSON.stringify({ ...base, screen: 'staff-called', message: 'staff-called', revision })})`);
    await page.waitForSelector('#kiosk-root[data-screen="staff-called"]');
    revision += 1;
    await page.evaluate(`window.__showView(${JSON.stringify({ ...base, screen: 'pin-entry', message: 'pin-enter', triesLeft: 3, revision })})`);
    await page.waitForSelector('#kiosk-root[data-screen="pin-entry"]');
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('0');
    await page.context().close();
  });

  it('keeps nothing for the back button: after leaving and coming back the consent screen is gone until the terminal says it again', async () => {
    const page = await pageShowing({ screen: 'consent', message: 'consent-question', consent: { category: 'pharmaceutical', position: 1, count: 2 } });
    const category = CATALOGUES.ja.consentCategories.pharmaceutical;
    expect(await page.textContent('body')).toContain(category);
    await page.goto(`${baseUrl}/demo/`);
    await page.goBack();
    await page.waitForSelector('#kiosk-root');
    // Back from the cache or loaded again: either way no view arrived, so nothing of the last one shows.
    expect(await page.textContent('body')).not.toContain(category);
    await page.context().close();
  });

  it('tells the patient when the camera cannot be used, and how to get help', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(BRIDGE);
    await context.addInitScript(`navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no camera', 'NotFoundError'));`);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/kiosk/`);
    revision += 1;
    await page.evaluate(`window.__showView(${JSON.stringify({ ...base, screen: 'face-capture', message: 'face-look-at-camera', challenge: 'blink', revision })})`);
    await page.waitForSelector(`text=${CATALOGUES.ja.labels['camera-unavailable']}`);
    expect(await page.isVisible('[data-testid=call-staff]')).toBe(true);
    await context.close();
  });

  it('offers only the languages the facility set, Japanese always first', async () => {
    const page = await pageShowing({ screen: 'method-choice', message: 'choose-method', methods: ['face', 'pin'], languages: ['ja', 'vi'] });
    expect(await page.$$eval('.languages button', (buttons) => buttons.map((button) => button.getAttribute('lang')))).toEqual(['ja', 'vi']);
    await page.context().close();
  });

  it('drops a view older than the one it shows', async () => {
    const page = await pageShowing({ screen: 'consent', message: 'consent-question', consent: { category: 'pharmaceutical', position: 1, count: 2 } });
    await page.evaluate(`window.__showView(${JSON.stringify({ ...base, screen: 'place-card', message: 'place-card', revision: revision - 1 })})`);
    await page.evaluate(`window.__showView(${JSON.stringify({ ...base, screen: 'result', message: 'result-confirmed', revision: revision + 1 })})`);
    revision += 1;
    await page.waitForSelector('#kiosk-root[data-screen="result"]');
    await page.context().close();
  });
});
