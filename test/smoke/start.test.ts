import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/chromium';

const root = fileURLToPath(new URL('../..', import.meta.url));
const execFileAsync = promisify(execFile);

let terminal: ChildProcess;
let kioskUrl: string;
let browser: Browser;

/** Starts what `npm start` starts (after setup), on a port the OS picks, and waits for its URL line. */
beforeAll(async () => {
  terminal = spawn(`${root}/node_modules/.bin/tsx`, ['terminal/main.ts'], {
    cwd: root,
    env: { ...process.env, OQS_TERMINAL_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: terminal.stdout! });
  kioskUrl = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const found = /kiosk: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (found?.[1]) resolve(found[1]);
    });
    terminal.once('exit', (code) => reject(new Error(`the terminal exited (${code}) before printing its URL`)));
  });
  browser = await launchChromium();
});

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
    const response = await page.goto(kioskUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
    const heading = page.locator('h1');
    await expect(heading.locator('[lang=ja]').textContent()).resolves.toContain('マイナンバーカード');
    await expect(heading.locator('[lang=en]').textContent()).resolves.toContain('My Number Card');
    // The stylesheet loaded under the CSP: the heading is laid out large.
    const fontSize = await heading.evaluate((element) => {
      const page = globalThis as unknown as { getComputedStyle(target: unknown): { fontSize: string } };
      return parseFloat(page.getComputedStyle(element).fontSize);
    });
    expect(fontSize).toBeGreaterThan(30);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('receives a fixture card put on the virtual reader with the printed command: the kiosk offers 顔認証 and 暗証番号', async () => {
    const cli = (...args: string[]) => execFileAsync(`${root}/node_modules/.bin/tsx`, ['device/virtual-card/cli.ts', ...args], { cwd: root });
    const page = await browser.newPage();
    await page.goto(kioskUrl);
    // The kiosk page's own WebSocket stream: resolves with the first view that offers a method.
    const offered = page.evaluate(
      (host) =>
        new Promise<unknown>((resolve) => {
          const socket = new WebSocket(`ws://${host}/api/kiosks/kiosk-1/stream`);
          socket.onmessage = (message) => {
            const view = (JSON.parse(String(message.data)) as { view?: { screen?: string } }).view;
            if (view?.screen === 'method-choice') resolve(view);
          };
        }),
      new URL(kioskUrl).host,
    );
    await cli('insert', 'shiken-taro', '--reader', '0');
    try {
      expect(await offered).toMatchObject({ screen: 'method-choice', methods: ['face', 'pin'] });
    } finally {
      await cli('remove', '--reader', '0');
      await page.close();
    }
  });

  it('stops cleanly on Ctrl-C (SIGINT) with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => terminal.once('exit', (code) => resolve(code)));
    terminal.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
  });
});
