import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderers } from '../../scripts/build-renderer';
import { registerConsoleAuth, SESSION_COOKIE } from '../../terminal/console/auth/console-auth-routes';
import { ensureFirstAdministrator } from '../../terminal/console/auth/first-administrator';
import { FAST_SCRYPT, openConsoleAuthFixture, type ConsoleAuthFixture } from '../../terminal/console/auth/testing/console-auth-fixture';
import { totpCodeAt } from '../../terminal/console/auth/totp';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { seriousAxeViolations, type AxeViolation } from '../harness/axe';
import { launchChromium } from '../harness/chromium';
import { makeTempDir, type TempDir } from '../harness/temp-dir';

// The staff console's sign-in in real Chromium, against the real routes on the terminal's fastify app
// over plain http://127.0.0.1: the first administrator's one-time password, the forced change, the
// console; the second factor's enrolment and login; the cookie flags as the browser keeps them (a
// Secure cookie on loopback); and an accessibility check of every step with axe-core.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-login');
const NEW_PASSWORD = 'ふじさん の ぼる ひので';
const CLINICIAN_PASSWORD = 'correct horse battery staple';

let temp: TempDir;
let fixture: ConsoleAuthFixture;
let app: FastifyInstance;
let baseUrl: string;
let browser: Browser;
let oneTimePassword: string;

beforeAll(async () => {
  temp = await makeTempDir('oqs-console-login-');
  await buildRenderers(join(temp.path, 'renderer'));
  // TOTP is asked of clinicians here, so one run sees every step; administrators sign in with the password.
  fixture = openConsoleAuthFixture({ totpRequiredFor: ['clinician'] });
  app = await buildReceptionApi({ staticFiles: serveStaticFiles(join(temp.path, 'renderer')) });
  await registerConsoleAuth(app, { auth: fixture.auth, csrfKey: fixture.keys.csrfHmac });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  const first = await ensureFirstAdministrator({ accounts: fixture.accounts, clock: fixture.clock, hashParameters: FAST_SCRYPT });
  if (!first.created) throw new Error('no first administrator');
  oneTimePassword = first.oneTimePassword;
  await fixture.addAccount({ login: 'kusuri', role: 'clinician', password: CLINICIAN_PASSWORD, displayName: '薬剤師 一' });
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  fixture?.dispose();
  await temp?.remove();
});

/** A fresh browser profile; its CSP is lifted only so the accessibility checker can be injected. */
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  return { context, page: await context.newPage() };
}

/** A screenshot of the page as an artifact, then its serious accessibility violations. */
async function seriousViolations(page: Page, name: string): Promise<AxeViolation[]> {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
  return seriousAxeViolations(page);
}

describe('the staff console sign-in in Chromium', () => {
  it('first login with the one-time password → forced change → the console, with the cookie Chromium keeps', async () => {
    const { context, page } = await newPage();
    await page.goto(`${baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    expect(await seriousViolations(page, 'login')).toEqual([]);

    // A wrong password first: the error is announced (role=alert) and the field marked.
    await page.fill('#login', 'admin');
    await page.fill('#password', 'not the password');
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('#error[data-code=LOGIN_FAILED]');
    expect(await page.getAttribute('#password', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#error')).toContain('ログイン名またはパスワードが違います');
    expect(await seriousViolations(page, 'login-error')).toEqual([]);

    await page.fill('#password', oneTimePassword);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('main[data-step=password]');
    expect(await seriousViolations(page, 'password-change')).toEqual([]);

    // The console refuses this session until the password is changed, whatever a page would show.
    const refused = await page.evaluate(`fetch('/api/console/accounts').then(async (r) => [r.status, (await r.json()).error.code])`);
    expect(refused).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);

    await page.fill('#current-password', oneTimePassword);
    await page.fill('#new-password', oneTimePassword);
    await page.fill('#confirm-password', oneTimePassword);
    await page.click('[data-testid=password-submit]');
    await page.waitForSelector('#error[data-code=PASSWORD_REUSED]');

    await page.fill('#current-password', oneTimePassword);
    await page.fill('#new-password', NEW_PASSWORD);
    await page.fill('#confirm-password', NEW_PASSWORD);
    await page.click('[data-testid=password-submit]');
    await page.waitForURL(`${baseUrl}/console/`);
    await page.waitForSelector('[data-testid=console-who][data-role=admin]');
    expect(await page.textContent('[data-testid=console-who]')).toContain('admin');

    // Chromium keeps the Secure cookie on http://127.0.0.1 (loopback is a secure context) with every flag.
    const session = (await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE);
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/', domain: '127.0.0.1', expires: -1 });
    // The page's script cannot read it.
    expect(await page.evaluate('document.cookie')).not.toContain(SESSION_COOKIE);
    expect(await page.evaluate(`fetch('/api/console/accounts').then((r) => r.status)`)).toBe(200);

    await page.click('[data-testid=console-logout]');
    await page.waitForURL(`${baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    expect((await context.cookies()).find((cookie) => cookie.name === SESSION_COOKIE)).toBeUndefined();
    await context.close();
  });

  it('a role that needs TOTP: enrolment with the setup key, then the code step at the next login', async () => {
    const { context, page } = await newPage();
    await page.goto(`${baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    await page.fill('#login', 'kusuri');
    await page.fill('#password', CLINICIAN_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('main[data-step=enrol]');
    expect(await seriousViolations(page, 'totp-enrol')).toEqual([]);
    const secret = ((await page.textContent('[data-testid=totp-secret]')) ?? '').replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = (await page.textContent('[data-testid=totp-uri]')) ?? '';
    expect(uri).toContain(`secret=${secret}`);
    // The QR code the app scans holds exactly that URI (read back with an independent decoder).
    const qr = await page.getAttribute('[data-testid=totp-qr]', 'src');
    expect(qr).toMatch(/^data:image\/png;base64,/);
    const qrFile = join(artifacts, 'totp-qr.png');
    writeFileSync(qrFile, Buffer.from(qr!.slice(qr!.indexOf(',') + 1), 'base64'));
    expect(execFileSync('zbarimg', ['-q', '--raw', qrFile], { encoding: 'utf8' }).trim()).toBe(uri);
    await page.fill('#enrol-code', totpCodeAt(secret, fixture.clock.now()));
    await page.click('[data-testid=enrol-submit]');
    await page.waitForSelector('[data-testid=console-who][data-role=clinician]');

    await page.click('[data-testid=console-logout]');
    await page.waitForSelector('main[data-step=login]');
    fixture.clock.advance(30_000);
    await page.fill('#login', 'kusuri');
    await page.fill('#password', CLINICIAN_PASSWORD);
    await page.click('[data-testid=login-submit]');
    await page.waitForSelector('main[data-step=totp]');
    expect(await seriousViolations(page, 'totp-code')).toEqual([]);
    await page.fill('#totp', '000000' === totpCodeAt(secret, fixture.clock.now()) ? '111111' : '000000');
    await page.click('[data-testid=totp-submit]');
    await page.waitForSelector('#error[data-code=TOTP_INVALID]');
    expect(await seriousViolations(page, 'totp-code-error')).toEqual([]);
    await page.fill('#totp', totpCodeAt(secret, fixture.clock.now()));
    await page.click('[data-testid=totp-submit]');
    await page.waitForSelector('[data-testid=console-who][data-role=clinician]');
    await context.close();
  });

  it('sends a visitor without a session from the console to the sign-in page, and serves it under the strict CSP', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${baseUrl}/console/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(`${baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    expect(violations).toEqual([]);
    await context.close();
  });
});
