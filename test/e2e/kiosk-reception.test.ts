import { existsSync, readdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sourceFaces } from '../../bench/face/test-support';
import { Prng } from '../../bench/face/synth/prng';
import { renderAttackSequence } from '../../bench/face/synth/variants';
import { FaceModels } from '../../face/model/face-models';
import { FaceWorkerVerifier } from '../../face/worker/face-worker-client';
import type { KioskScreen } from '../../flow/contract/view-models';
import { CATALOGUES } from '../../renderer/i18n/catalogues';
import { challengeClipFrames } from '../harness/camera-clip';
import { KioskBrowser, kioskScreen, spokenOf } from '../harness/kiosk-page';
import { TerminalFixture } from '../harness/reception-terminal';

// Whole receptions in real Chromium: the kiosk page, its fake camera playing clips of fixture faces,
// the terminal's API, the real face worker, pcscd + vpcd + the virtual card, the central mock over
// mutual TLS, SQLite and the face folder. Every attempt asks for a blink (a fixed challenge order
// for tests), which the clips perform.
let fixture: TerminalFixture;
let face: FaceWorkerVerifier;
let kiosk: KioskBrowser;
let page: Page;
const ja = CATALOGUES.ja;

beforeAll(async () => {
  face = await FaceWorkerVerifier.start({ challengeSequence: ['blink'] });
  fixture = await TerminalFixture.start({ face, framesPerAttempt: 8, electronicPrescriptions: true });
  kiosk = await KioskBrowser.start(fixture);
  const models = await FaceModels.load();
  try {
    const faces = await sourceFaces(models, ['face02', 'face05']);
    await kiosk.prepareClip('yakushi', challengeClipFrames(faces.get('face02')!, 'blink', 'e2e-genuine'));
    await kiosk.prepareClip('someone-else', challengeClipFrames(faces.get('face05')!, 'blink', 'e2e-other'));
    // A print of the card holder's photo, held up and moved a little between frames (the card photo
    // itself is used only by the 'card-still' attack).
    const unusedCardPhoto = { width: 1, height: 1, data: new Uint8Array(1) };
    const print = renderAttackSequence('moved-still', faces.get('face02')!, unusedCardPhoto, faces.get('face05')!, Prng.of('e2e-print'));
    await kiosk.prepareClip('print', [...print, ...print]);
  } finally {
    models.dispose();
  }
}, 180_000);

afterAll(async () => {
  await kiosk?.stop();
  await fixture?.stop();
  await face?.close();
});

afterEach(async () => {
  await page?.context().close();
  for (const reader of [0] as const) if (fixture.slot(reader).card) await fixture.remove(reader);
});

/** Face files the terminal published so far (the folder appears with the first). */
function faceFiles(): number {
  return existsSync(fixture.faceFolder()) ? readdirSync(fixture.faceFolder(), { withFileTypes: true }).filter((entry) => entry.isFile()).length : 0;
}

async function open(): Promise<Page> {
  ({ page } = await kiosk.openKiosk());
  await kioskScreen(page, 'place-card');
  return page;
}

const rootScreen = (p: Page) => p.getAttribute('#kiosk-root', 'data-screen');
const message = (p: Page) => p.textContent('[data-testid=message]');

async function typePinOnScreen(p: Page, pin: string): Promise<void> {
  for (const digit of pin) await p.click(`[data-testid=pin-key-${digit}]`);
  await p.click('[data-testid=pin-ok]');
}

/** Waits for the next face-capture screen after `revision`, so a retry is told from the attempt before. */
async function nextCapture(p: Page, revision: number): Promise<number> {
  // A function, not a string: the kiosk's CSP forbids evaluating strings in the page.
  await p.waitForFunction(
    (after) => {
      const root = (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string> } | null } }).document.getElementById('kiosk-root');
      return root?.dataset.screen === 'face-capture' && Number(root.dataset.revision) > after;
    },
    revision,
    { timeout: 30_000 },
  );
  return Number(await p.getAttribute('#kiosk-root', 'data-revision'));
}

async function answerConsentsAndPrescription(p: Page): Promise<void> {
  await kioskScreen(p, 'consent');
  await p.click('[data-testid=consent-agree]');
  await p.waitForSelector('text=2 / 2');
  await p.click('[data-testid=consent-decline]');
  await kioskScreen(p, 'prescription-choice');
  await p.click('[data-testid=prescription-electronic]');
}

describe('a reception at the kiosk in Chromium', () => {
  it('the card holder by 顔認証: camera → consent → 処方箋形式 → result and face file; the card out leaves nothing on the page', async () => {
    await open();
    const facesBefore = faceFiles();
    await kiosk.showCamera('yakushi');
    await fixture.insert('yakushi-taro');
    await kioskScreen(page, 'method-choice');
    await page.click('[data-testid=method-face]');
    await kioskScreen(page, 'face-capture');
    expect(await page.textContent('.upper')).toContain(ja.instructions.blink);
    await answerConsentsAndPrescription(page);
    await kioskScreen(page, 'result');
    expect(await message(page)).toBe(ja.messages['result-confirmed']);
    expect(faceFiles()).toBe(facesBefore + 1);
    expect(fixture.kiosk(0).views().staff).toMatchObject({ method: 'face', result: { crossCheck: 'matched' } });
    // Every screen was said aloud in Japanese.
    const spoken = (await spokenOf(page)).map((entry) => entry.text);
    expect(spoken).toEqual(expect.arrayContaining([expect.stringContaining(ja.messages['choose-method']), expect.stringContaining(ja.messages['result-confirmed'])]));

    await fixture.remove();
    await kioskScreen(page, 'place-card');
    const left = await pageLeftovers(page);
    expect(left.camera).toBeNull();
    expect(left.storage).toBe(0);
    expect(left.text).toContain(ja.messages['place-card']);
    expect(left.text).not.toContain(ja.messages['result-confirmed']);
  });

  it("another person's face fails three times; the PIN on the ten-key completes the reception", async () => {
    await open();
    await kiosk.showCamera('someone-else');
    await fixture.insert('yakushi-taro');
    await kioskScreen(page, 'method-choice');
    await page.click('[data-testid=method-face]');
    let revision = 0;
    for (let attempt = 1; attempt <= 3; attempt++) revision = await nextCapture(page, revision);
    await kioskScreen(page, 'fallback-choice');
    expect(await message(page)).toBe(ja.messages['choose-fallback']);
    await page.click('[data-testid=fallback-pin]');
    await kioskScreen(page, 'pin-entry');
    await typePinOnScreen(page, fixture.person('yakushi-taro').card.userAuthPin!);
    await answerConsentsAndPrescription(page);
    await kioskScreen(page, 'result');
    expect(fixture.kiosk(0).views().staff.method).toBe('pin');
  });

  it('a print of the card photo held up and moved is refused every time: no consent screen, the patient is offered the PIN or staff', async () => {
    await open();
    await kiosk.showCamera('print');
    await fixture.insert('yakushi-taro');
    await kioskScreen(page, 'method-choice');
    await page.click('[data-testid=method-face]');
    const seen = new Set<string>();
    const watch = setInterval(() => void rootScreen(page).then((screen) => screen && seen.add(screen), () => undefined), 50);
    await kioskScreen(page, 'fallback-choice', 60_000);
    clearInterval(watch);
    expect(seen.has('consent')).toBe(false);
    expect(fixture.kiosk(0).views().staff.result).toBeUndefined();
  });

  it('wrong PINs: tries left shown, the warning at two, then staff — the last try is never spent', async () => {
    await open();
    // Its own person: the card keeps its counters (one try left) for the rest of this file.
    const person = fixture.person('watanabe-makoto');
    const wrong = person.card.userAuthPin === '0000' ? '1111' : '0000';
    await fixture.insert('watanabe-makoto');
    await kioskScreen(page, 'method-choice');
    await page.click('[data-testid=method-pin]');
    await kioskScreen(page, 'pin-entry');
    expect(await page.textContent('.upper')).toContain('あと3回');
    await typePinOnScreen(page, wrong);
    await page.waitForSelector(`text=${ja.messages['pin-wrong']}`);
    expect(await page.textContent('.upper')).toContain(ja.labels['pin-last-try-warning']);
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('0');
    await typePinOnScreen(page, wrong);
    await kioskScreen(page, 'staff-called');
    expect(await message(page)).toBe(ja.messages['staff-called']);
    expect(fixture.kiosk(0).views().staff.alerts).toContain('PIN_LAST_TRY');
  });

  it('a central outage: the patient gets the outage guidance, in words', async () => {
    await open();
    const from = fixture.central.now();
    const faults = (method: 'PUT' | 'DELETE', body?: unknown) =>
      fixture.central.anonymous().send(method, '/admin/faults', {
        headers: { authorization: `Bearer ${fixture.central.stack.server.adminToken}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
      });
    const window = { from: from.toISOString(), to: new Date(from.getTime() + 3_600_000).toISOString() };
    expect((await faults('PUT', { seed: 'e2e-outage', outageWindows: [window] })).status).toBe(200);
    try {
      await fixture.insert('shiken-taro');
      await kioskScreen(page, 'method-choice');
      await page.click('[data-testid=method-pin]');
      await kioskScreen(page, 'pin-entry');
      await typePinOnScreen(page, fixture.person('shiken-taro').card.userAuthPin!);
      await answerConsentsAndPrescription(page);
      await kioskScreen(page, 'outage');
      expect(await message(page)).toBe(ja.messages['outage-guidance']);
    } finally {
      await faults('DELETE');
    }
  });

  it('a reload in the middle of the consent screens comes back to the same screen and carries on', async () => {
    await open();
    await fixture.insert('shiken-taro');
    await kioskScreen(page, 'method-choice');
    await page.click('[data-testid=language-en]');
    await page.click('[data-testid=method-pin]');
    await kioskScreen(page, 'pin-entry');
    await typePinOnScreen(page, fixture.person('shiken-taro').card.userAuthPin!);
    await kioskScreen(page, 'consent');
    await page.click('[data-testid=consent-agree]');
    await page.waitForSelector('text=2 of 2');
    await page.reload();
    await kioskScreen(page, 'consent');
    // The terminal kept the reception; the page starts again in Japanese, on the second screen.
    await page.waitForSelector('text=2 / 2');
    await page.click('[data-testid=consent-all]');
    await kioskScreen(page, 'prescription-choice');
  });

  it('the whole reception with the keyboard alone: Tab and Enter, the PIN on a keypad', async () => {
    await open();
    await fixture.insert('shiken-taro');
    await kioskScreen(page, 'method-choice');
    await focusAndPress(page, '[data-testid=method-pin]');
    await kioskScreen(page, 'pin-entry');
    await page.keyboard.type(fixture.person('shiken-taro').card.userAuthPin!);
    expect(await page.getAttribute('[data-testid=pin-display]', 'data-count')).toBe('4');
    await page.keyboard.press('Enter');
    await kioskScreen(page, 'consent');
    await focusAndPress(page, '[data-testid=consent-all]');
    await kioskScreen(page, 'prescription-choice');
    await focusAndPress(page, '[data-testid=prescription-paper]');
    await kioskScreen(page, 'result');
  });

  it.each<[KioskScreen]>([['method-choice'], ['face-capture'], ['pin-entry'], ['staff-called'], ['consent'], ['prescription-choice'], ['result']])(
    'the card pulled on %s: back to 「カードを置いてください」 with nothing of the patient left on the page',
    async (target) => {
      await open();
      const person = fixture.person('yakushi-taro');
      await fixture.insert('yakushi-taro');
      await kioskScreen(page, 'method-choice');
      if (target !== 'method-choice') {
        if (target === 'staff-called') await page.click('[data-testid=call-staff]');
        else if (target === 'face-capture') {
          await kiosk.showCamera('someone-else');
          await page.click('[data-testid=method-face]');
          await page.waitForFunction(() => {
            const video = (globalThis as unknown as { document: { querySelector(selector: string): { srcObject: unknown } | null } }).document.querySelector('video');
            return video?.srcObject != null;
          });
        } else {
          await page.click('[data-testid=method-pin]');
          await kioskScreen(page, 'pin-entry');
          if (target === 'pin-entry') {
            // The whole PIN typed, not yet sent: the check below can see it while the pad holds it.
            await page.keyboard.type(person.card.userAuthPin!);
            expect(await heapHolds(page, person.card.userAuthPin!)).toBe(true);
          }
          else {
            await typePinOnScreen(page, person.card.userAuthPin!);
            await kioskScreen(page, 'consent');
            if (target !== 'consent') {
              await page.click('[data-testid=consent-all]');
              await kioskScreen(page, 'prescription-choice');
              if (target === 'result') {
                await page.click('[data-testid=prescription-paper]');
                await kioskScreen(page, 'result');
              }
            }
          }
        }
      }
      await kioskScreen(page, target);
      await fixture.remove();
      await kioskScreen(page, 'place-card');
      const left = await pageLeftovers(page);
      expect(left).toMatchObject({ camera: null, dots: 0, buttons: 0, storage: 0 });
      expect(left.text).toContain(ja.messages['place-card']);
      for (const words of [ja.messages['choose-method'], ja.messages['pin-enter'], ja.messages['consent-question'], ja.messages['result-confirmed'], ja.messages['staff-called']]) {
        expect(left.text).not.toContain(words);
      }
      if (target === 'pin-entry') expect(await heapHolds(page, person.card.userAuthPin!)).toBe(false);
    },
  );
});

interface Leftovers {
  readonly camera: unknown;
  readonly text: string;
  readonly dots: number;
  readonly buttons: number;
  readonly storage: number;
}

/** What the page still holds: the camera stream, its words, filled PIN dots, controls, Web Storage. */
function pageLeftovers(p: Page): Promise<Leftovers> {
  return p.evaluate<Leftovers>(`({
    camera: document.querySelector('video')?.srcObject ?? null,
    text: document.body.innerText,
    dots: document.querySelectorAll('.pin-dot.filled').length,
    buttons: document.querySelectorAll('.lower button').length,
    storage: localStorage.length + sessionStorage.length,
  })`);
}

/** Moves the keyboard focus to `selector` with Tab alone, then presses Enter. */
async function focusAndPress(p: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 30; presses++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate<boolean>(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) {
      await p.keyboard.press('Enter');
      return;
    }
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Whether the page's JavaScript heap, after a garbage collection, still holds the string `needle`. */
async function heapHolds(p: Page, needle: string): Promise<boolean> {
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks: string[] = [];
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (event) => chunks.push(event.chunk));
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  const snapshot = JSON.parse(chunks.join('')) as { strings: string[] };
  return snapshot.strings.includes(needle);
}
