import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../renderer/i18n/catalogues';
import { launchChromium } from '../harness/chromium';

const root = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);
const ja = CATALOGUES.ja;

let terminal: ChildProcess;
let urls: { kiosk: string; panel: string; console: string };
/** Printed on the first start only (a data/ folder with accounts prints none). */
let oneTimePassword: string | undefined;
let browser: Browser;

/**
 * Starts what `npm start` starts (after setup): the pages built, the demo camera clips made, the
 * terminal on a port the OS picks, no window of its own. The test opens Chromium itself with the
 * demo's fake camera, as `npm start` does where there is a display.
 */
beforeAll(async () => {
  await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/build-renderer.ts'], { cwd: root });
  await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/demo-camera-clips.ts'], { cwd: root, timeout: 240_000 });
  terminal = spawn(process.execPath, ['--import', 'tsx', 'terminal/main.ts'], {
    cwd: root,
    env: { ...process.env, OQS_TERMINAL_PORT: '0', OQS_DEMO_BROWSER: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: terminal.stdout! });
  urls = await new Promise((resolve, reject) => {
    let kiosk: string | undefined;
    let panel: string | undefined;
    let consoleUrl: string | undefined;
    lines.on('line', (line) => {
      kiosk ??= /kiosk: (http:\/\/127\.0\.0\.1:\d+\/kiosk\/\?kiosk=kiosk-1)/.exec(line)?.[1];
      panel ??= /demo panel: (http:\/\/127\.0\.0\.1:\d+\/demo\/)/.exec(line)?.[1];
      consoleUrl ??= /staff console: (http:\/\/127\.0\.0\.1:\d+\/console\/login\/)/.exec(line)?.[1];
      oneTimePassword ??= /one-time password: ([a-z2-9]{4}(?:-[a-z2-9]{4}){3})$/.exec(line)?.[1];
      // The stop line comes after every URL and the one-time password.
      if (/stop: Ctrl-C/.test(line) && kiosk !== undefined && panel !== undefined && consoleUrl !== undefined) resolve({ kiosk, panel, console: consoleUrl });
    });
    terminal.once('exit', (code) => reject(new Error(`the terminal exited (${code}) before printing its URLs`)));
  });
  browser = await launchChromium({ fakeCamera: join(root, 'data', 'demo', 'camera.y4m') });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  if (terminal && terminal.exitCode === null) terminal.kill('SIGKILL');
});

describe('npm start (the demo terminal)', () => {
  it('serves the kiosk page on loopback, in Japanese with English beside it, with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(urls.kiosk);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.waitForSelector('#kiosk-root[data-screen="place-card"]');
    expect(await page.textContent('h1')).toBe(ja.messages['place-card']);
    expect(await page.textContent('.secondary[lang=en]')).toContain('My Number Card');
    // The stylesheet loaded under the CSP: the heading is laid out large.
    const fontSize = await page.$eval('h1', (heading) => parseFloat((globalThis as unknown as { getComputedStyle(target: unknown): { fontSize: string } }).getComputedStyle(heading).fontSize));
    expect(fontSize).toBeGreaterThan(30);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the demo panel puts 薬師 太郎 before the fake camera and his card on reader 0; the kiosk completes the reception by 顔認証', async () => {
    const panel = await browser.newPage();
    await panel.goto(urls.panel);
    await panel.click('[data-testid=scene-face02]');
    await panel.waitForSelector('[data-testid=scene-face02][aria-pressed=true]');
    const kiosk = await browser.newPage();
    await kiosk.goto(urls.kiosk);
    await kiosk.waitForSelector('#kiosk-root[data-screen="place-card"]');
    await panel.selectOption('[data-testid=person-0]', 'yakushi-taro');
    await panel.click('[data-testid=insert-0]');
    try {
      await kiosk.waitForSelector('#kiosk-root[data-screen="method-choice"]', { timeout: 30_000 });
      await kiosk.click('[data-testid=method-face]');
      await kiosk.waitForSelector('#kiosk-root[data-screen="consent"]', { timeout: 30_000 });
      await kiosk.click('[data-testid=consent-all]');
      await kiosk.waitForSelector('#kiosk-root[data-screen="prescription-choice"]');
      await kiosk.click('[data-testid=prescription-electronic]');
      await kiosk.waitForSelector('#kiosk-root[data-screen="result"]', { timeout: 30_000 });
      expect(await kiosk.textContent('h1')).toBe(ja.messages['result-confirmed']);
    } finally {
      await panel.click('[data-testid=remove-0]');
      await kiosk.waitForSelector('#kiosk-root[data-screen="place-card"]');
      await panel.close();
      await kiosk.close();
    }
  });

  it('serves the staff console’s sign-in on the same app; the one-time password printed at the first start signs admin in', async () => {
    const page = await browser.newPage();
    await page.goto(urls.console);
    await page.waitForSelector('main[data-step=login]');
    if (oneTimePassword !== undefined) {
      await page.fill('#login', 'admin');
      await page.fill('#password', oneTimePassword);
      await page.click('[data-testid=login-submit]');
      await page.waitForSelector('main[data-step=password]');
    }
    await page.close();
  });

  it('stops cleanly on Ctrl-C (SIGINT) with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => terminal.once('exit', (code) => resolve(code)));
    terminal.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
  });
});
