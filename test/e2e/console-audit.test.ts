import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderers } from '../../scripts/build-renderer';
import { SqliteReceptionStore } from '../../store/sqlite-reception-store';
import { sampleCompletion } from '../../store/testing/sample-receptions';
import { dropAuditGuards } from '../../store/testing/temp-database';
import { registerAuditRoutes } from '../../terminal/console/audit-routes';
import { registerConsoleAuth } from '../../terminal/console/auth/console-auth-routes';
import { openConsoleAuthFixture, type ConsoleAuthFixture } from '../../terminal/console/auth/testing/console-auth-fixture';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { seriousAxeViolations, type AxeViolation } from '../harness/axe';
import { launchChromium } from '../harness/chromium';
import { makeTempDir, type TempDir } from '../harness/temp-dir';

// The audit viewer in real Chromium, against the real sign-in and the audit route on the terminal's
// fastify app, over one SQLite file: receptions, a result view and a 照会 written through the store,
// the logins of the accounts themselves; an administrator sees them with 「改ざんなし」, filters and
// pages them; then someone with the file drops the append-only triggers and edits a row, and the page
// says the chain breaks there. A receptionist is refused; a visitor without a session is sent to the
// sign-in. axe-core checks the page whole and broken.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-audit');
const ADMIN_PASSWORD = 'かんさ は しずか に すすむ';
const RECEPTION_PASSWORD = 'うけつけ の あさ は はやい';
const SUBJECT = 'D'.repeat(64);

let temp: TempDir;
let fixture: ConsoleAuthFixture;
let store: SqliteReceptionStore;
let app: FastifyInstance;
let baseUrl: string;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The time of a row as the page shows it (JST). */
const jst = (at: Date): string =>
  at.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const minutes = (n: number): Date => new Date(fixture.clock.now().getTime() + n * 60_000);

beforeAll(async () => {
  temp = await makeTempDir('oqs-console-audit-');
  await buildRenderers(join(temp.path, 'renderer'));
  fixture = openConsoleAuthFixture();
  store = new SqliteReceptionStore(fixture.temp.db);
  app = await buildReceptionApi({ staticFiles: serveStaticFiles(join(temp.path, 'renderer')) });
  const guards = await registerConsoleAuth(app, { auth: fixture.auth, csrfKey: fixture.keys.csrfHmac });
  await registerAuditRoutes(app, {
    store,
    guard: guards.requireRole('admin'),
    staffOf: (request) => ({ id: request.consoleSession!.account.login, role: request.consoleSession!.account.role }),
    clock: fixture.clock,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  await fixture.addAccount({ login: 'kanri', role: 'admin', password: ADMIN_PASSWORD, displayName: '管理 花子' });
  await fixture.addAccount({ login: 'uketsuke', role: 'reception', password: RECEPTION_PASSWORD, displayName: '受付 一郎' });
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  fixture?.dispose();
  await temp?.remove();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

async function newPage(options: { bypassCSP: boolean }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, bypassCSP: options.bypassCSP });
  contexts.push(context);
  return context.newPage();
}

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/console/login/`);
  await page.waitForSelector('main[data-step=login]');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(`${baseUrl}/console/`);
}

const loadCount = async (page: Page): Promise<number> => Number(await page.evaluate('document.body.dataset.loaded'));

/** Waits for the next answer of the audit route to be drawn. */
async function loaded(page: Page, after: number): Promise<number> {
  await page.waitForFunction(`Number(document.body.dataset.loaded ?? '0') > ${after}`);
  return loadCount(page);
}

/** A screenshot of the page as an artifact, then its serious accessibility violations. */
async function seriousViolations(page: Page, name: string): Promise<AxeViolation[]> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  return seriousAxeViolations(page);
}

const auditCount = (): number => (fixture.temp.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const idOf = (event: string): number => (fixture.temp.db.prepare('SELECT id FROM audit_log WHERE event = ? ORDER BY id DESC LIMIT 1').get(event) as { id: number }).id;
const rowIds = (page: Page): Promise<number[]> => page.$$eval('[data-testid=audit-rows] tbody tr[data-id]', (rows) => rows.map((row) => Number(row.getAttribute('data-id'))));

describe('the audit viewer in Chromium', () => {
  it('shows an administrator the log after all of it, with 「改ざんなし」, filters and pages, and audits each viewing', async () => {
    await store.begin({ receptionId: 'r-1', kioskId: 'kiosk-1', startedAt: minutes(1) });
    await store.complete(sampleCompletion('r-1', minutes(2), 'kiosk-1'));
    await store.recordAccess({ actor: { kind: 'staff', id: 'uketsuke' }, action: 'RESULT_VIEWED', receptionId: 'r-1', kioskId: 'kiosk-1', at: minutes(3) });
    await store.recordAccess({ actor: { kind: 'staff', id: 'kanri' }, action: 'INQUIRY_INDIVIDUAL', at: minutes(4), detail: { subject: SUBJECT, inquiry: 'INQ_1' } });
    // Enough rows for two pages of 50.
    await store.recordAccesses(Array.from({ length: 60 }, (_, index) => ({ actor: { kind: 'terminal' as const, id: 'outage-worker' }, action: 'QUEUE_LISTED', at: minutes(5 + index / 60) })));

    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'kanri', ADMIN_PASSWORD);
    const before = auditCount();
    await page.goto(`${baseUrl}/console/audit/`);
    let loads = await loaded(page, 0);
    await page.waitForSelector('[data-testid=audit-verdict][data-state=ok]');
    expect(await page.getAttribute('[data-testid=console-who]', 'data-role')).toBe('admin');
    // Every row of the log was walked (the accounts, the logins, the store's rows), and the viewing is recorded after it.
    expect(await page.textContent('#verdict-text')).toContain(`改ざんなし（${before}件を検証）`);
    expect(auditCount()).toBe(before + 1);
    const viewing = fixture.temp.db.prepare("SELECT actor_id AS actor, detail_json AS detail FROM audit_log WHERE event = 'AUDIT_VIEWED' ORDER BY id DESC LIMIT 1").get();
    expect(viewing).toEqual({ actor: 'kanri', detail: JSON.stringify({ rows: Math.min(before, 100) }) });
    expect(await page.getAttribute('a[data-testid=back-to-console]', 'href')).toBe('/console/');

    // Newest first, a page of 100 by default.
    const shown = await rowIds(page);
    expect(shown).toHaveLength(Math.min(before, 100));
    expect(shown[0]).toBe(before);
    expect(await seriousViolations(page, 'audit-ok')).toEqual([]);

    // One page of 50, then the older one, then back.
    await page.selectOption('#limit', '50');
    await page.click('[data-testid=audit-search]');
    loads = await loaded(page, loads);
    const firstPage = await rowIds(page);
    expect(firstPage).toHaveLength(50);
    expect(firstPage[0]).toBe(before + 1);
    expect(firstPage).toEqual([...firstPage].sort((a, b) => b - a));
    await page.click('[data-testid=audit-older]');
    loads = await loaded(page, loads);
    const secondPage = await rowIds(page);
    expect(secondPage[0]).toBe(firstPage[49]! - 1);
    expect(secondPage.at(-1)).toBe(1);
    expect(await page.isDisabled('[data-testid=audit-older]')).toBe(true);
    // Back to the newest page, which now starts with the viewings since.
    await page.click('[data-testid=audit-newer]');
    loads = await loaded(page, loads);
    const again = await rowIds(page);
    expect(again).toHaveLength(50);
    expect(again[0]).toBeGreaterThan(firstPage[0]!);
    expect(again).toContain(firstPage[10]);
    expect(await page.isDisabled('[data-testid=audit-newer]')).toBe(true);

    // The result view: in words, with its code, who, the reception and the kiosk, the time in JST.
    const resultId = idOf('RESULT_VIEWED');
    await page.fill('#receptionId', 'r-1');
    await page.click('[data-testid=audit-search]');
    loads = await loaded(page, loads);
    expect(await rowIds(page)).toEqual([resultId, resultId - 1, resultId - 2]);
    const row = page.locator(`tr[data-id="${resultId}"]`);
    const cells = await row.locator(':scope > td').allTextContents();
    expect(cells[1]).toBe(jst(minutes(3)));
    expect(cells[2]).toContain('職員');
    expect(cells[2]).toContain('uketsuke');
    expect(cells[3]).toContain('資格確認結果の表示');
    expect(cells[3]).toContain('RESULT_VIEWED');
    expect(cells[4]).toContain('r-1');
    expect(cells[5]).toBe('kiosk-1');

    // A 照会 by its subject, from the row's own button; the filter fields follow.
    await page.click('[data-testid=audit-clear]');
    loads = await loaded(page, loads);
    await page.fill('#event', 'inquiry_');
    await page.click('[data-testid=audit-search]');
    loads = await loaded(page, loads);
    const inquiryId = idOf('INQUIRY_INDIVIDUAL');
    expect(await rowIds(page)).toEqual([inquiryId]);
    expect(await page.textContent(`tr[data-id="${inquiryId}"]`)).toContain(`subject=${SUBJECT}`);
    await page.click(`[data-testid=subject-filter-${inquiryId}]`);
    loads = await loaded(page, loads);
    expect(await page.inputValue('#subject')).toBe(SUBJECT);
    expect(await page.inputValue('#event')).toBe('');
    expect(await rowIds(page)).toEqual([inquiryId]);
    // The audit viewings are themselves in the log: each one, as the account, with what it asked.
    const viewings = fixture.temp.db.prepare("SELECT detail_json AS detail FROM audit_log WHERE event = 'AUDIT_VIEWED' AND actor_id = 'kanri' ORDER BY id").all() as { detail: string }[];
    expect(viewings.map((entry) => JSON.parse(entry.detail) as Record<string, unknown>)).toEqual(
      expect.arrayContaining([
        { rows: 3, byReception: true },
        { rows: 1, event: 'INQUIRY_' },
        { rows: 1, subject: SUBJECT },
      ]),
    );

    // A bad filter is marked on the field and never sent.
    await page.click('[data-testid=audit-clear]');
    loads = await loaded(page, loads);
    const rowsBefore = auditCount();
    await page.fill('#receptionId', '山田 太郎');
    await page.click('[data-testid=audit-search]');
    await page.waitForSelector('#error[data-code=INVALID_FILTER]');
    expect(await page.getAttribute('#receptionId', 'aria-invalid')).toBe('true');
    expect(await loadCount(page)).toBe(loads);
    expect(auditCount()).toBe(rowsBefore);
    expect(await seriousViolations(page, 'audit-invalid-filter')).toEqual([]);
  });

  it('shows a tampered row as a broken chain, with where and why, and the row highlighted', async () => {
    const resultId = idOf('RESULT_VIEWED');
    dropAuditGuards(fixture.temp.db);
    fixture.temp.db.prepare("UPDATE audit_log SET event = 'RESULT_NOT_VIEWED' WHERE id = ?").run(resultId);

    const page = await newPage({ bypassCSP: true });
    await signIn(page, 'kanri', ADMIN_PASSWORD);
    await page.goto(`${baseUrl}/console/audit/`);
    let loads = await loaded(page, 0);
    await page.waitForSelector('[data-testid=audit-verdict][data-state=broken]');
    const verdict = (await page.textContent('#verdict-text')) ?? '';
    expect(verdict).toContain(`改ざんの疑い: 記録 #${resultId} 以降の鎖が一致しません`);
    expect(verdict).not.toContain('改ざんなし');
    expect(await page.getAttribute('#verdict-text', 'role')).toBe('alert');
    expect(await page.textContent('#verdict-reason')).toContain('HASH_MISMATCH');
    expect(await page.textContent('#verdict-reason')).toContain('書き換えられています');

    // Straight to the broken row: at the top of its page, highlighted and marked in words, the edited event shown as it is now.
    await page.click('[data-testid=show-broken]');
    loads = await loaded(page, loads);
    expect((await rowIds(page))[0]).toBe(resultId);
    const broken = page.locator('tr.broken');
    expect(await broken.count()).toBe(1);
    expect(await broken.getAttribute('data-id')).toBe(String(resultId));
    expect(await broken.getAttribute('data-chain')).toBe('broken');
    expect(await broken.textContent()).toContain('鎖の切れ目');
    expect(await broken.textContent()).toContain('RESULT_NOT_VIEWED');
    expect(await page.getAttribute(`tr[data-id="${resultId - 1}"]`, 'data-chain')).toBeNull();
    expect(await seriousViolations(page, 'audit-broken')).toEqual([]);

    // Newer rows are shown as not verified, and the verdict stays on every page.
    await page.click('[data-testid=audit-newest]');
    loads = await loaded(page, loads);
    expect(await page.getAttribute('[data-testid=audit-verdict]', 'data-state')).toBe('broken');
    const newest = (await rowIds(page))[0]!;
    expect(await page.getAttribute(`tr[data-id="${newest}"]`, 'data-chain')).toBe('unverified');
  });

  it('refuses a receptionist (the page says so, the route answers 403) under the strict CSP', async () => {
    const page = await newPage({ bypassCSP: false });
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await signIn(page, 'uketsuke', RECEPTION_PASSWORD);
    const viewingsBefore = auditCount();
    const response = await page.goto(`${baseUrl}/console/audit/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('#error[data-code=ROLE_FORBIDDEN]');
    expect(await page.isHidden('[data-testid=audit-filters]')).toBe(true);
    expect(await page.$$('[data-testid=audit-rows] tbody tr')).toHaveLength(0);
    const refused = await page.evaluate(`fetch('/api/console/audit').then(async (r) => [r.status, (await r.json()).error.code])`);
    expect(refused).toEqual([403, 'ROLE_FORBIDDEN']);
    // Nothing was shown, so no viewing is recorded; the refused request itself is.
    const since = fixture.temp.db.prepare('SELECT actor_id AS actor, event, detail_json AS detail FROM audit_log WHERE id > ? ORDER BY id').all(viewingsBefore) as { actor: string; event: string; detail: string }[];
    expect(since.length).toBeGreaterThan(0);
    for (const row of since) expect(row).toMatchObject({ actor: 'uketsuke', event: 'ACCESS_REFUSED', detail: expect.stringContaining('"route":"AUDIT"') });
    expect(cspViolations).toEqual([]);
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const page = await newPage({ bypassCSP: false });
    await page.goto(`${baseUrl}/console/audit/`);
    await page.waitForURL(`${baseUrl}/console/login/`);
    await page.waitForSelector('main[data-step=login]');
    const refused = await page.evaluate(`fetch('/api/console/audit').then(async (r) => [r.status, (await r.json()).error.code])`);
    expect(refused).toEqual([401, 'LOGIN_REQUIRED']);
  });
});
