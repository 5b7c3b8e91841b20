import { rename, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { KioskScreen } from '../../flow/contract/view-models';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { buildRenderers } from '../../scripts/build-renderer';
import type { Canvas } from '../../bench/face/synth/canvas';
import { launchChromium } from './chromium';
import { emptySceneFrames, writeY4mClip } from './camera-clip';
import { makeTempDir, type TempDir } from './temp-dir';
import type { TerminalFixture } from './reception-terminal';

/** A kiosk screen as the page shows it: `data-screen` on the page's root. */
export function kioskScreen(page: Page, screen: KioskScreen, timeout = 30_000): Promise<unknown> {
  return page.waitForSelector(`#kiosk-root[data-screen="${screen}"]`, { timeout });
}

/** Speech synthesis that records what the kiosk says, with a voice for Japanese and English only. */
export const SPEECH_RECORDER = `(() => {
  const spoken = [];
  const voices = [
    { lang: 'ja-JP', name: 'test-ja', localService: true, default: true, voiceURI: 'test-ja' },
    { lang: 'en-US', name: 'test-en', localService: true, default: false, voiceURI: 'test-en' },
  ];
  class RecordedUtterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1; } }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: RecordedUtterance, configurable: true });
  Object.defineProperty(window, 'speechSynthesis', {
    configurable: true,
    value: { getVoices: () => voices, speak: (u) => spoken.push({ text: u.text, lang: u.lang }), cancel: () => {}, addEventListener: () => {} },
  });
  Object.defineProperty(window, '__spoken', { value: spoken });
})();`;

export function spokenOf(page: Page): Promise<{ text: string; lang: string }[]> {
  return page.evaluate(() => (globalThis as unknown as { __spoken: { text: string; lang: string }[] }).__spoken.slice());
}

/**
 * The kiosk in real Chromium against the real terminal of a `TerminalFixture`: the terminal's API and
 * the built pages on loopback, Chromium's fake camera playing a clip the test swaps between captures
 * (Chromium reopens the file every time the kiosk turns the camera on).
 */
export class KioskBrowser {
  private constructor(
    readonly fixture: TerminalFixture,
    readonly api: FastifyInstance,
    readonly baseUrl: string,
    readonly browser: Browser,
    private readonly temp: TempDir,
  ) {}

  static async start(fixture: TerminalFixture): Promise<KioskBrowser> {
    const temp = await makeTempDir('oqs-kiosk-browser-');
    const rendererDir = join(temp.path, 'renderer');
    await buildRenderers(rendererDir);
    const api = await buildReceptionApi({ kiosks: fixture.terminal.kiosks, staticFiles: serveStaticFiles(rendererDir) });
    await api.listen({ host: '127.0.0.1', port: 0 });
    const address = api.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const clip = join(temp.path, 'camera.y4m');
    await writeY4mClip(clip, emptySceneFrames(640, 480));
    const browser = await launchChromium({ fakeCamera: clip });
    return new KioskBrowser(fixture, api, `http://127.0.0.1:${port}`, browser, temp);
  }

  /** Prepares a clip under `name` for `showCamera`. */
  async prepareClip(name: string, frames: readonly Canvas[]): Promise<void> {
    await writeY4mClip(join(this.temp.path, `${name}.y4m`), frames);
  }

  /** From the next time the kiosk turns its camera on, it sees the clip `name`. */
  async showCamera(name: string): Promise<void> {
    const staged = join(this.temp.path, 'camera.y4m.next');
    await copyFile(join(this.temp.path, `${name}.y4m`), staged);
    await rename(staged, join(this.temp.path, 'camera.y4m'));
  }

  /** A fresh browser context with the kiosk page open on `kioskId`, at its first screen. */
  async openKiosk(options: { kioskId?: string; contextOptions?: BrowserContextOptions } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options.contextOptions });
    await context.addInitScript(SPEECH_RECORDER);
    const page = await context.newPage();
    await page.goto(`${this.baseUrl}/kiosk/?kiosk=${options.kioskId ?? 'kiosk-1'}`);
    await page.waitForSelector('#kiosk-root[data-screen]');
    return { context, page };
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.api.close().catch(() => undefined);
    await this.temp.remove();
  }
}
