import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness/chromium';

const root = fileURLToPath(new URL('../..', import.meta.url));

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

  it('stops cleanly on Ctrl-C (SIGINT) with exit code 0', async () => {
    const exited = new Promise<number | null>((resolve) => terminal.once('exit', (code) => resolve(code)));
    terminal.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
  });
});
