import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousAxeViolations as seriousViolations, useStaffConsoleSuite } from '../harness/staff-console-server';

// The 管理者's settings page in Chromium, through the real sign-in and the real terminal (pcscd + vpcd +
// the virtual card, the central mock over mutual TLS, SQLite): the administrator turns a consent
// screen off, shortens its time and changes the kiosk's languages; the idle kiosk takes the languages
// at once and the next patient meets one consent screen with the new countdown; a bad save is
// refused field by field and stores nothing; a kiosk added waits for a restart; a receptionist is
// refused by the API itself, and a save without the CSRF token too.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-settings');
const PASSWORD = 'せってい は かんりしゃ だけ';

const suite = useStaffConsoleSuite({
  accounts: [
    { login: 'kanri', role: 'admin', displayName: '管理 花子' },
    { login: 'uketsuke', role: 'reception', displayName: '受付 一郎' },
  ],
  password: PASSWORD,
});

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
});

const signedIn = (login: string): Promise<Page> => suite.server.signedIn(suite.browser, login, { width: 1280, height: 1000 });

async function settingsPage(page: Page): Promise<void> {
  await page.click('[data-testid=settings-link]');
  await page.waitForURL(`${suite.baseUrl}/console/settings/`);
  await page.waitForSelector('[data-testid=settings-form]:not([hidden])');
}

const settingsAudit = () => {
  const database = new Database(suite.fixture.storeFile(), { readonly: true });
  try {
    return database.prepare("SELECT actor_id AS actor, detail_json AS detail FROM audit_log WHERE event = 'SETTINGS_CHANGED' ORDER BY id").all() as { actor: string; detail: string }[];
  } finally {
    database.close();
  }
};

describe('the facility settings page', () => {
  it('an administrator changes consent screens, a timeout and languages: the idle kiosk takes them at once, the next patient meets them, audited as the account', async () => {
    const page = await signedIn('kanri');
    await settingsPage(page);
    expect(await page.inputValue('#facility-code')).toBe(suite.fixture.config.facility.medicalInstitutionCode);
    expect(await page.isChecked('[data-testid=consent-specificHealthCheckups]')).toBe(true);
    expect(await page.inputValue('#timeout-consentMs')).toBe('60');
    expect(await seriousViolations(page)).toEqual([]);

    await page.uncheck('[data-testid=consent-specificHealthCheckups]');
    await page.fill('#timeout-consentMs', '40');
    await page.check('[data-testid=language-vi]');
    await page.check('input[name=encoding][value="UTF-8"]');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved][data-version="1"]');
    expect(await page.textContent('[data-testid=settings-applied]')).toContain('同意画面');
    await page.screenshot({ path: join(artifacts, 'saved.png'), fullPage: true });
    expect(settingsAudit().map((row) => ({ actor: row.actor, detail: JSON.parse(row.detail) as unknown }))).toEqual([
      { actor: 'kanri', detail: { consentScreens: true, faceFileEncoding: true, languages: true, timeouts: true, version: 1, checksum: expect.stringMatching(/^[0-9A-F]{64}$/) } },
    ]);

    // The kiosk waits for a card: it offers the new languages now.
    expect(suite.fixture.kiosk(0).views().kiosk.languages).toContain('vi');
    // The next patient: one consent screen, 薬剤, with the 40-second countdown.
    await suite.fixture.insert('shiken-taro');
    await suite.fixture.screen('method-choice');
    expect(suite.fixture.kiosk(0).screenEvent({ type: 'method.chosen', method: 'pin' })).toEqual({ ok: true });
    await suite.fixture.screen('pin-entry');
    expect(suite.fixture.kiosk(0).screenEvent({ type: 'pin.entered', pin: suite.fixture.person('shiken-taro').card.userAuthPin })).toEqual({ ok: true });
    const consent = await suite.fixture.screen('consent');
    expect(consent.consent).toEqual({ category: 'pharmaceutical', position: 1, count: 1 });
    expect(consent.countdown?.remainingMs).toBe(40_000);
    const result = suite.fixture.screen('result');
    expect(suite.fixture.kiosk(0).screenEvent({ type: 'consent.answered', category: 'pharmaceutical', agreed: true })).toEqual({ ok: true });
    await result;
  });

  it('a bad save is refused field by field, marked on the form, and stores nothing; a kiosk added waits for a restart', async () => {
    const page = await signedIn('kanri');
    await settingsPage(page);
    const version = await page.textContent('[data-testid=settings-version]');
    const savedBefore = settingsAudit().length;
    await page.fill('#facility-code', '12345');
    await page.fill('#timeout-warningBeforeMs', '90');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-problem-list]');
    const paths = await page.$$eval('[data-testid=settings-problem-list] li', (items) => items.map((item) => item.getAttribute('data-path')));
    expect(paths).toEqual(expect.arrayContaining(['facility.medicalInstitutionCode', 'timeouts.methodChoiceMs', 'timeouts.consentMs']));
    expect(await page.getAttribute('#facility-code', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#timeout-consentMs', 'aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'refused.png'), fullPage: true });
    expect(settingsAudit()).toHaveLength(savedBefore);

    await page.click('[data-testid=settings-reload]');
    await page.waitForFunction(`document.querySelector('[data-testid=settings-problem-list]') === null && document.querySelector('[data-testid=settings-version]')?.textContent === ${JSON.stringify(version)}`);
    await page.click('[data-testid=add-kiosk]');
    await page.fill('#kiosk-1-id', 'kiosk-2');
    await page.fill('#kiosk-1-readerName', 'Virtual PCD 00 01');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    expect(Number(await page.getAttribute('[data-testid=settings-saved]', 'data-version'))).toBe(suite.fixture.terminal.settings.view().version);
    expect(settingsAudit()).toHaveLength(savedBefore + 1);
    expect(await page.textContent('[data-testid=settings-restart]')).toContain('受付機');
    expect(await page.isVisible('[data-testid=settings-restart-pending]')).toBe(true);
    // The running terminal keeps its one kiosk until it restarts.
    expect([...suite.fixture.terminal.kiosks.keys()]).toEqual(['kiosk-1']);
  });

  it('refuses a receptionist at the API itself, and a save without the CSRF token even from an administrator', async () => {
    const reception = await signedIn('uketsuke');
    expect(await reception.isHidden('[data-testid=settings-link]')).toBe(true);
    // With a valid CSRF token, so that the role is what refuses the write.
    const asReception = await reception.evaluate(async () => {
      const me = (await (await fetch('/api/console/me')).json()) as { csrfToken: string };
      const get = await fetch('/api/console/settings');
      const put = await fetch('/api/console/settings', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: '{"baseVersion":0,"settings":{}}' });
      const code = async (response: Response) => ((await response.json()) as { error?: { code?: string } }).error?.code;
      return { get: get.status, getCode: await code(get), put: put.status, putCode: await code(put) };
    });
    expect(asReception).toEqual({ get: 403, getCode: 'ROLE_FORBIDDEN', put: 403, putCode: 'ROLE_FORBIDDEN' });
    await reception.goto(`${suite.baseUrl}/console/settings/`);
    await reception.waitForSelector('[data-testid=settings-problems]:has-text("管理者")');
    expect(await reception.isHidden('[data-testid=settings-form]')).toBe(true);

    const admin = await signedIn('kanri');
    const before = settingsAudit().length;
    const withoutToken = await admin.evaluate(async () => {
      const view = (await (await fetch('/api/console/settings')).json()) as { version: number; settings: Record<string, unknown> };
      const put = await fetch('/api/console/settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ baseVersion: view.version, settings: { ...view.settings, languages: ['ja'] } }),
      });
      return { status: put.status, code: ((await put.json()) as { error?: { code?: string } }).error?.code };
    });
    expect(withoutToken).toEqual({ status: 403, code: 'CSRF_INVALID' });
    expect(settingsAudit()).toHaveLength(before);
  });
});
