import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, isAppUrl, KIOSK_PAGE_URL, serveAppFiles } from './app-protocol';

let base: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'kiosk-protocol-'));
  const root = join(base, 'kiosk');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>kiosk</title>');
  await writeFile(join(root, 'kiosk.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(root, '.secret.js'), 'SECRET=2');
  await mkdir(join(root, '.cache'));
  await writeFile(join(root, '.cache', 'x.js'), 'SECRET=3');
  await writeFile(join(root, 'notes.txt'), 'not a web file');
  await writeFile(join(base, 'outside.js'), 'outside');
  serve = serveAppFiles(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET'): Promise<Response> => serve(new Request(url, { method }));

describe('app scheme', () => {
  it('is standard and secure, and bypasses nothing', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true } });
  });

  it('knows its own origin by scheme, host, no port and no credentials', () => {
    for (const url of [KIOSK_PAGE_URL, 'app://kiosk', 'app://kiosk/', 'app://kiosk/assets/a.js']) expect(isAppUrl(url), url).toBe(true);
    for (const url of ['app://kiosk.evil/', 'app://evil/kiosk', 'app://kiosk:1/', 'app://u:p@kiosk/', 'https://kiosk/', 'file:///kiosk/index.html', 'not a url', '', 'null']) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('app scheme file serving', () => {
  it('serves the page and its files with their types', async () => {
    const page = await get(KIOSK_PAGE_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>kiosk</title>');
    expect((await get('app://kiosk/')).status).toBe(200);
    expect((await get('app://kiosk/kiosk.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await (await get('app://kiosk/assets/logo.svg')).text()).toBe('<svg/>');
  });

  it('sends a strict content security policy and the other security headers with every answer', async () => {
    for (const response of [await get(KIOSK_PAGE_URL), await get('app://kiosk/missing.js'), await get(KIOSK_PAGE_URL, 'POST')]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      const directives = new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
      expect(directives.get('default-src')).toEqual(["'self'"]);
      expect(directives.get('script-src')).toEqual(["'self'"]);
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'none'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('form-action')).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|\*|https?:|wss?:|file:/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('refuses paths out of the folder, dot-files, unknown types and other hosts', async () => {
    for (const url of [
      'app://kiosk/../outside.js',
      'app://kiosk/%2e%2e/outside.js',
      'app://kiosk/assets/%2e%2e%2f%2e%2e%2foutside.js',
      'app://kiosk/.env',
      'app://kiosk/.secret.js',
      'app://kiosk/.cache/x.js',
      'app://kiosk/assets/%5c..%5coutside.js',
      'app://kiosk/notes.txt',
      'app://kiosk/missing.js',
      'app://kiosk/%E0%A4%A',
      'app://kiosk/kiosk.js%00.png',
      'app://other/kiosk.js',
      'app://kiosk:8080/kiosk.js',
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toMatch(/outside|SECRET/);
    }
  });

  it('answers GET and HEAD only', async () => {
    expect((await get(KIOSK_PAGE_URL, 'POST')).status).toBe(405);
    const head = await get(KIOSK_PAGE_URL, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
