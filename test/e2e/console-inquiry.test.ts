import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRenderers } from '../../scripts/build-renderer';
import { encodeShiftJis } from '../../oqs';
import type { OqsCentralSystem } from '../../oqs/client';
import { dumpAllTables } from '../../store/testing/temp-database';
import { openTempReceptionStore, type TempReceptionStore } from '../../store/testing/temp-reception-store';
import { registerConsoleAuth } from '../../terminal/console/auth/console-auth-routes';
import { openConsoleAuthFixture, type ConsoleAuthFixture } from '../../terminal/console/auth/testing/console-auth-fixture';
import { registerInquiryRoutes, storeInquiryAudit } from '../../terminal/console/inquiry';
import { buildReceptionApi } from '../../terminal/http/reception-api';
import { serveStaticFiles } from '../../terminal/http/static-files';
import { startTestCentral, type TestCentral } from '../harness/central-fixture';
import { SteppedWait, steppedClinicClient } from '../harness/stepped-bulk-client';
import { seriousAxeViolations, type AxeViolation } from '../harness/axe';
import { launchChromium } from '../harness/chromium';
import { makeTempDir, type TempDir } from '../harness/temp-dir';

// The staff console's 照会 page in real Chromium: the real sign-in (a reception account), the 照会
// routes as the demo mounts them, over the real central client and the central mock over mutual TLS.
// 個別照会 of a fixture person and of a bad 生年月日; 一括照会 of a Shift_JIS CSV with a bad row, through
// 処理中 (the client's pauses are held by the test, so 処理中 is seen, not slept through), to the
// results table and the Shift_JIS results.csv as Chromium downloads it; axe-core on each state.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-inquiry');
const PASSWORD = 'うけつけ の ひる は いそがしい';
/** The central mock's 処理中 after an upload (its clock), and the client's pause between fetches. */
const PROCESSING_MS = 3_000;
const POLL_MS = 1_000;
const SEARCH = '/oqs-api-pro/MSA01030/ILI01030SV01/search';
const UPLOAD = '/oqs-api-pro/mock/bulk/upload';

let central: TestCentral;
let client: OqsCentralSystem;
let stepped: SteppedWait;
let auth: ConsoleAuthFixture;
let store: TempReceptionStore;
let temp: TempDir;
let app: FastifyInstance;
let baseUrl: string;
let browser: Browser;
const received: string[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  central = await startTestCentral({ server: { settings: { bulkProcessingMs: PROCESSING_MS }, onReceived: ({ path }) => received.push(path) } });
  stepped = new SteppedWait();
  client = steppedClinicClient(central, stepped, POLL_MS);

  temp = await makeTempDir('oqs-console-inquiry-');
  await buildRenderers(join(temp.path, 'renderer'));
  auth = openConsoleAuthFixture();
  store = openTempReceptionStore();
  app = await buildReceptionApi({ staticFiles: serveStaticFiles(join(temp.path, 'renderer')) });
  const guards = await registerConsoleAuth(app, { auth: auth.auth, csrfKey: auth.keys.csrfHmac });
  // As terminal/demo/demo-stack.ts mounts them.
  await registerInquiryRoutes(app, {
    central: client,
    guard: guards.requireRole('reception', 'clinician', 'admin'),
    staffOf: (request) => request.consoleSession?.account.login,
    audit: storeInquiryAudit(store.store, auth.keys.inquiryPseudonym),
    clock: { now: () => central.now() },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  await auth.addAccount({ login: 'uketsuke', role: 'reception', password: PASSWORD, displayName: '受付 一郎' });
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  client?.close();
  await central?.stop();
  store?.dispose();
  auth?.dispose();
  await temp?.remove();
});

afterEach(async () => {
  for (const context of contexts.splice(0)) await context.close();
});

/** A fresh browser profile; its CSP is lifted only so the accessibility checker can be injected. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true });
  contexts.push(context);
  return context.newPage();
}

async function signedInInquiryPage(): Promise<Page> {
  const page = await newPage();
  await page.goto(`${baseUrl}/console/login/`);
  await page.waitForSelector('main[data-step=login]');
  await page.fill('#login', 'uketsuke');
  await page.fill('#password', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(`${baseUrl}/console/`);
  await page.goto(`${baseUrl}/console/inquiry/`);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

/** A screenshot of the page as an artifact, then its serious accessibility violations. */
async function seriousViolations(page: Page, name: string): Promise<AxeViolation[]> {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  return seriousAxeViolations(page);
}

const countOf = (path: string) => received.filter((entry) => entry === path).length;
const auditEvents = () => (dumpAllTables(store.db)['audit_log'] ?? []).map((row) => ({ event: row['event'], actor: row['actor_id'] }));

describe('the staff console 照会 page in Chromium', () => {
  it('sends a visitor who is not signed in to the sign-in page', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl}/console/inquiry/`);
    await page.waitForURL(`${baseUrl}/console/login/`);
  });

  it('個別照会 of a fixture person shows the 資格 view; a bad 生年月日 shows its reason beside the field and nothing is sent', async () => {
    const page = await signedInInquiryPage();
    expect(await page.textContent('[data-testid=console-who]')).toContain('uketsuke');
    expect(await page.getAttribute('[data-testid=back-to-console]', 'href')).toBe('/console/');
    expect(await seriousViolations(page, 'empty')).toEqual([]);

    // shiken-taro.json: 協会けんぽ 01130012, 記号 1234, 番号 5678, 枝番 00, born 1980-02-17.
    await page.fill('#insurerNumber', '01130012');
    await page.fill('#symbol', '1234');
    await page.fill('#number', '5678');
    await page.fill('#branchNumber', '00');
    await page.fill('#birthDate', '1980/2/17');
    const searches = countOf(SEARCH);
    await page.click('[data-testid=individual-submit]');
    await page.waitForSelector('[data-testid=individual-result] .view[data-validity="1"]');
    expect(countOf(SEARCH)).toBe(searches + 1);
    expect(await page.textContent('[data-testid=view-validity]')).toContain('有効');
    expect(await page.getAttribute('[data-testid=view-action]', 'data-action')).toBe('USE_QUALIFICATION');
    expect(await page.textContent('[data-testid=view-action]')).toContain('この資格情報で受付してください');
    expect(await page.textContent('[data-testid=person-insurer]')).toBe('01130012（全国健康保険協会東京支部）');
    expect(await page.textContent('[data-testid=person-keys]')).toBe('1234・5678・00');
    expect(await page.textContent('[data-testid=person-ratio]')).toBe('3割');
    expect(await page.textContent('[data-testid=person-name]')).toContain('試験　太郎');
    expect(await page.textContent('[data-testid=person-valid]')).toContain('2002-04-01');
    expect(await seriousViolations(page, 'individual-result')).toEqual([]);

    // 2月30日: the route refuses it with the field's reason; the central system is not asked.
    await page.fill('#birthDate', '19800230');
    await page.click('[data-testid=individual-submit]');
    await page.waitForSelector('[data-testid=individual-error][data-code=INPUT_INVALID]');
    expect(await page.getAttribute('#birthDate', 'aria-invalid')).toBe('true');
    expect((await page.getAttribute('#birthDate', 'aria-describedby'))?.split(' ')).toContain('birthDate-error');
    expect(await page.getAttribute('[data-testid=birthDate-error]', 'data-codes')).toBe('BIRTH_DATE_NOT_A_DATE');
    expect(await page.textContent('[data-testid=birthDate-error]')).toContain('生年月日が暦にない日付です');
    expect(await page.getAttribute('#insurerNumber', 'aria-invalid')).toBeNull();
    expect(await page.getAttribute('[data-testid=individual-error]', 'role')).toBe('alert');
    expect(await page.textContent('[data-testid=individual-result]')).toBe('');
    expect(await page.evaluate('document.activeElement.id')).toBe('birthDate');
    expect(countOf(SEARCH)).toBe(searches + 1);
    expect(await seriousViolations(page, 'individual-invalid')).toEqual([]);

    // Audited as the account: the one lookup that was sent.
    expect(auditEvents().filter((entry) => entry.event === 'INQUIRY_INDIVIDUAL')).toEqual([{ event: 'INQUIRY_INDIVIDUAL', actor: 'uketsuke' }]);
  });

  it('一括照会 of a Shift_JIS CSV: the bad row with its reason, progress through 処理中, the results, the Shift_JIS results.csv', async () => {
    const page = await signedInInquiryPage();
    const csv = [
      '予約日,予約時刻,患者番号,氏名カナ,保険者番号,記号,番号,枝番,生年月日',
      '2026/11/22,9:00,P-001,ｼｹﾝ ﾀﾛｳ,01130012,1234,5678,00,19800217', // 2 有効
      '2026/11/22,9:15,P-002,ﾊﾞﾂ,01130012,1234,5678,00,19800231', // 3 not a date: not sent
      '2026/11/22,9:30,P-003,ﾀｶﾊｼ ﾅｵｷ,06139992,45,1021,00,19681103', // 4 資格喪失 (無効)
    ].join('\r\n');
    const bytes = encodeShiftJis(csv).bytes;
    await page.setInputFiles('#csvFile', { name: 'yoyaku.csv', mimeType: 'text/csv', buffer: Buffer.from(bytes) });
    await page.fill('#confirmationDate', '2026-11-22');
    const uploads = countOf(UPLOAD);
    await page.click('[data-testid=bulk-submit]');

    // The refused row at once, with its field and reason.
    const refused = await page.waitForSelector('[data-testid=refused-rows] tr[data-row="3"]');
    expect(await refused.getAttribute('data-field')).toBe('birthDate');
    expect(await refused.getAttribute('data-code')).toBe('BIRTH_DATE_NOT_A_DATE');
    expect(await refused.textContent()).toContain('生年月日が暦にない日付です');
    expect(await page.$$('[data-testid=refused-rows] tbody tr')).toHaveLength(1);

    // 処理中: each pause of the client is held until the page has shown the progress so far.
    let pause = await stepped.next();
    expect(countOf(UPLOAD)).toBe(uploads + 1);
    await page.waitForSelector('[data-testid=bulk-progress][data-state=processing][data-processing-polls="0"]');
    expect(await page.textContent('[data-testid=bulk-progress]')).toContain('送信 2／2行');
    expect(await page.$('[data-testid=bulk-progress] progress')).not.toBeNull();
    expect(await page.$('[data-testid=download-sjis]')).toBeNull();
    expect(await seriousViolations(page, 'bulk-processing')).toEqual([]);
    for (let polls = 1; polls <= 2; polls += 1) {
      central.advance(pause.ms);
      pause.resolve(true);
      pause = await stepped.next();
      await page.waitForSelector(`[data-testid=bulk-progress][data-state=processing][data-processing-polls="${polls}"]`);
    }
    expect(await page.textContent('[data-testid=bulk-progress]')).toContain('処理中の回答 2回');
    central.advance(pause.ms);
    pause.resolve(true);

    await page.waitForSelector('[data-testid=bulk-progress][data-state=done]');
    expect(await page.textContent('[data-testid=bulk-progress]')).toContain('回答 2行');
    const rows = await page.$$eval('[data-testid=results-table] tbody tr', (lines) =>
      lines.map((line) => [line.getAttribute('data-row'), line.getAttribute('data-outcome'), line.getAttribute('data-validity'), line.textContent ?? '']),
    );
    expect(rows.map(([row, outcome, validity]) => [row, outcome, validity])).toEqual([
      ['2', 'answered', '1'],
      ['3', 'not-sent', null],
      ['4', 'answered', '2'],
    ]);
    expect(rows[0]?.[3]).toContain('試験　太郎');
    expect(rows[0]?.[3]).toContain('01130012');
    expect(rows[1]?.[3]).toContain('生年月日が暦にない日付です');
    expect(rows[2]?.[3]).toContain('無効');
    expect(await seriousViolations(page, 'bulk-done')).toEqual([]);

    // The Shift_JIS results.csv, as Chromium saves it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-sjis]')]);
    expect(download.suggestedFilename()).toMatch(/^inquiry-20261122-[0-9A-F]{8}\.csv$/);
    const path = await download.path();
    const text = new TextDecoder('shift_jis', { fatal: true }).decode(readFileSync(path));
    const [header, ...lines] = parse(text) as string[][];
    expect(header?.slice(0, 6)).toEqual(['行番号', '予約日', '予約時刻', '患者番号', '氏名カナ（入力）', '結果']);
    expect(lines.map((line) => [line[0], line[5], line[9]])).toEqual([
      ['2', '回答あり', '有効'],
      ['3', '送信せず（入力エラー）', ''],
      ['4', '回答あり', '無効'],
    ]);
    expect(text).toContain('試験　太郎');
    expect(await page.getAttribute('[data-testid=download-utf8]', 'href')).toMatch(/\/results\.csv\?encoding=utf-8$/);

    const events = auditEvents().map((entry) => entry.event);
    expect(events).toEqual(expect.arrayContaining(['INQUIRY_BULK_SUBMITTED', 'INQUIRY_BULK_VIEWED', 'INQUIRY_BULK_EXPORTED']));
    expect(events.filter((event) => event === 'INQUIRY_BULK_ROW_SENT')).toHaveLength(2);
  });
});
