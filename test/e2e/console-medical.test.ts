import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { HealthCheckupRecord } from '../../central/seed/medical-records-schema';
import { kioskScreen } from '../harness/kiosk-page';
import { seriousAxeViolations as seriousViolations, useStaffConsoleSuite } from '../harness/staff-console-server';

// The clinician's medical page in Chromium through the real terminal (pcscd + vpcd + the virtual card,
// the central mock over mutual TLS, SQLite) and the real sign-in: patients agree (or not) at the kiosk
// by PIN, and the page draws the central system's answers for them as the seed's layouts show them —
// 薬師 太郎's 薬剤情報一覧 of 2021年9月, 三機能 太郎's 特定健診 and 三機能 花子's 後期高齢者健診 with ▲/▽
// cell by cell against the fixture records — or says in words, with the code, why the terminal refused.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-medical');
const PASSWORD = 'くすり の じょうほう を みる';

const suite = useStaffConsoleSuite({
  accounts: [
    { login: 'uketsuke', displayName: '受付 一郎', role: 'reception' },
    { login: 'kusuri', displayName: '薬剤師 一', role: 'clinician' },
  ],
  password: PASSWORD,
});

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
});

const signedIn = (login: 'uketsuke' | 'kusuri'): Promise<Page> => suite.server.signedIn(suite.browser, login);

/** A reception by PIN at the kiosk, the patient agreeing to every category or to none; its id. */
async function reception(personId: string, consent: 'all' | 'none'): Promise<string> {
  const kiosk = await suite.server.newPage(suite.browser, { width: 1280, height: 800 }, { bypassCSP: false });
  await kiosk.goto(`${suite.baseUrl}/kiosk/?kiosk=kiosk-1`);
  await kioskScreen(kiosk, 'place-card');
  await suite.fixture.insert(personId);
  await kioskScreen(kiosk, 'method-choice');
  await kiosk.click('[data-testid=method-pin]');
  await kioskScreen(kiosk, 'pin-entry');
  await kiosk.keyboard.type(suite.fixture.person(personId).card.userAuthPin!);
  await kiosk.keyboard.press('Enter');
  await kioskScreen(kiosk, 'consent');
  if (consent === 'all') await kiosk.click('[data-testid=consent-all]');
  else {
    await kiosk.click('[data-testid=consent-decline]');
    await kiosk.waitForSelector('text=2 / 2');
    await kiosk.click('[data-testid=consent-decline]');
  }
  await kioskScreen(kiosk, 'result');
  const receptionId = suite.fixture.kiosk(0).receptionId!;
  await suite.fixture.remove(0);
  await kioskScreen(kiosk, 'place-card');
  await kiosk.context().close();
  return receptionId;
}

async function openMedical(page: Page, receptionId: string, query = ''): Promise<void> {
  await page.goto(`${suite.baseUrl}/console/medical/?reception=${encodeURIComponent(receptionId)}${query}`);
  await page.waitForSelector('body[data-loaded=true]');
}

function auditRows(receptionId: string): { actor: string; event: string }[] {
  return suite.fixture.terminal.store.queryAudit({ receptionId, limit: 500 }).rows.map((row) => ({ actor: row.actorId, event: row.event }));
}

/** Each cell of the 経年 table, by row name: what it shows, the mark it carries, and what a screen reader hears. */
async function checkupCells(page: Page): Promise<Map<string, { value: string; mark: string | null; spoken: string }[]>> {
  const rows = await page.$$eval('[data-testid=checkup-table] tbody tr[data-row]', (nodes) =>
    nodes.map((row) => ({
      name: row.getAttribute('data-row') ?? '',
      cells: [...row.querySelectorAll('td.result')].map((cell) => ({
        value: cell.querySelector('.value')?.textContent ?? cell.textContent ?? '',
        mark: cell.getAttribute('data-mark'),
        text: cell.textContent ?? '',
        hidden: [...cell.querySelectorAll('[aria-hidden=true]')].map((node) => node.textContent ?? ''),
      })),
    })),
  );
  // What a screen reader hears: the cell without its aria-hidden parts (the ▲/▽ glyph).
  const spokenOf = (cell: { text: string; hidden: string[] }) => cell.hidden.reduce((text, part) => text.replace(part, ''), cell.text);
  return new Map(rows.map((row) => [row.name, row.cells.map((cell) => ({ value: cell.value, mark: cell.mark, spoken: spokenOf(cell) }))]));
}

/** The suite.fixture's 経年 records against the table: every measured cell's value and mark, every — where not measured. */
async function expectCheckupsAsRecorded(page: Page, record: HealthCheckupRecord): Promise<void> {
  const visits = await page.$$eval('[data-testid=checkup-table] thead th[data-visit]', (nodes) => nodes.map((node) => node.textContent));
  expect(visits).toEqual(record.examinations.map((examination) => examination.date.replaceAll('-', '/')));
  const cells = await checkupCells(page);
  for (const item of record.items) {
    const shown = cells.get(item.name);
    expect(shown, item.name).toBeDefined();
    item.results.forEach((result, index) => {
      const cell = shown![index]!;
      if (result === null) {
        expect(cell.value, `${item.name} ${index}`).toBe('—');
        return;
      }
      expect(cell.value, `${item.name} ${index}`).toBe(String(result.value));
      expect(cell.mark, `${item.name} ${index}`).toBe(result.flag ?? null);
      if (result.flag === 'high') expect(cell.spoken).toContain('受診勧奨判定値以上');
      if (result.flag === 'low') expect(cell.spoken).toContain('受診勧奨判定値以下');
      if (result.flag !== undefined) expect(cell.spoken).not.toMatch(/[▲▽]/);
    });
  }
}

describe('the clinician’s medical page', () => {
  it('from the live console to 薬師 太郎’s 薬剤情報一覧 of 2021年9月: the seed’s dispensings and drugs, totals and 表示期間, the PDF of the same months; nothing kept in the browser', async () => {
    const receptionId = await reception('yakushi-taro', 'all');
    const clinician = await signedIn('kusuri');
    const link = `[data-testid=medical-${receptionId}]`;
    await clinician.waitForSelector(link);
    await clinician.click(link);
    await clinician.waitForURL(`${suite.baseUrl}/console/medical/?reception=${receptionId}`);
    await clinician.waitForSelector('body[data-loaded=true]');
    // The terminal's three years by default: the seed's dispensings of 2021 are older.
    expect(await clinician.textContent('[data-testid=drug-period]')).toContain('表示期間: 2023年11月～2026年11月');
    expect(await clinician.textContent('[data-testid=total-dispensings]')).toBe('0件');

    await clinician.fill('#period-from', '2021-09');
    await clinician.fill('#period-to', '2021-09');
    await clinician.click('[data-testid=period-submit]');
    await clinician.waitForSelector('[data-testid=drug-period]:has-text("2021年9月～2021年9月")');
    expect(new URL(clinician.url()).searchParams.get('from')).toBe('202109');

    const medication = suite.fixture.person('yakushi-taro').records!.medication!;
    const drugCount = medication.dispensings.reduce((sum, dispensing) => sum + dispensing.drugs.length, 0);
    expect(await clinician.textContent('[data-testid=total-dispensings]')).toBe(`${medication.dispensings.length}件`);
    expect(await clinician.textContent('[data-testid=total-drugs]')).toBe(`${drugCount}件`);
    // The answer carries no 円 amounts (oqs-interface §6.5): a dash, not the seed's 1,067円.
    expect(await clinician.textContent('[data-testid=total-generic-savings]')).toBe('—');
    expect(await clinician.textContent('[data-testid=drug-notes]')).toContain('ジェネリック削減可能額');
    for (const [index, dispensing] of medication.dispensings.entries()) {
      const group = `[data-testid=dispensing-${index}]`;
      expect(await clinician.getAttribute(group, 'data-date')).toBe(dispensing.date.replaceAll('-', ''));
      const [year, month, day] = dispensing.date.split('-').map(Number);
      const heading = await clinician.textContent(`${group} tr.group th`);
      expect(heading).toContain(`${year}年${month}月${day}日`);
      expect(heading).toContain(dispensing.pharmacy);
      expect(heading).toContain(dispensing.prescriber);
      for (const [number, drug] of dispensing.drugs.entries()) {
        const row = (await clinician.textContent(`[data-testid=drug-${index}-${number + 1}]`)) ?? '';
        const [amount, count] = drug.quantity.split(' ');
        expect(row).toContain(drug.name);
        expect(row).toContain(`【${drug.usage}】`);
        expect(row).toContain(`${amount} × ${Number.parseInt(count ?? '', 10)}`);
      }
    }
    expect(await clinician.textContent('[data-testid=drug-0-1]')).toContain('マイスリー錠5mg【1日1回朝食前服用】1錠 × 30');

    // The PDF of the months shown; the JSON is not to be kept by the browser.
    const pdfHref = await clinician.getAttribute('[data-testid=drugs-pdf]', 'href');
    expect(pdfHref).toBe(`/api/console/receptions/${receptionId}/drug-information.pdf?from=202109&to=202109`);
    const answers = await clinician.evaluate(
      `Promise.all([fetch(${JSON.stringify(pdfHref)}), fetch('/api/console/receptions/${receptionId}/drug-information?from=202109&to=202109')]).then(async ([pdf, json]) => [pdf.status, new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5)), json.headers.get('cache-control')])`,
    );
    expect(answers).toEqual([200, '%PDF-', 'no-store']);
    expect(await clinician.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    // 薬師 太郎 has no 健診 records: said so, not refused.
    expect(await clinician.getAttribute('[data-testid=checkups]', 'data-state')).toBe('shown');
    expect(await clinician.textContent('[data-testid=checkup-view]')).toContain('受け取った健診情報はありません');
    await clinician.screenshot({ path: join(artifacts, 'drug-information.png'), fullPage: true });
    expect(auditRows(receptionId)).toEqual(
      expect.arrayContaining([
        { actor: 'kusuri', event: 'DRUG_INFORMATION_VIEWED' },
        { actor: 'kusuri', event: 'DRUG_INFORMATION_EXPORTED' },
        { actor: 'kusuri', event: 'CHECKUPS_VIEWED' },
      ]),
    );

    // The months live in the address, so a reload shows them again, asked anew.
    await clinician.reload();
    await clinician.waitForSelector('body[data-loaded=true]');
    expect(await clinician.textContent('[data-testid=drug-period]')).toContain('2021年9月～2021年9月');
    // A period the terminal will not ask for is refused by it, in words, and can be corrected.
    await clinician.fill('#period-from', '2021-08');
    await clinician.click('[data-testid=period-submit]');
    await clinician.waitForSelector('[data-testid=drugs][data-code=INVALID_PERIOD]');
    expect(await clinician.textContent('[data-testid=drugs-refusal]')).toContain('[INVALID_PERIOD]');
    expect(await clinician.$('[data-testid=drug-table]')).toBeNull();
    expect(await clinician.isVisible('[data-testid=period-form]')).toBe(true);
  });

  it('三機能 太郎’s 特定健診 and 三機能 花子’s 後期高齢者健診 経年: five visits side by side, ▲/▽ exactly where the seed prints them, spoken in words; no serious accessibility violation', async () => {
    const taro = await reception('sankino-taro', 'all');
    const hanako = await reception('sankino-hanako', 'all');
    const clinician = await signedIn('kusuri');

    await openMedical(clinician, taro);
    expect(await clinician.getAttribute('[data-testid=checkup-view]', 'data-kind')).toBe('specific');
    expect(await clinician.textContent('[data-testid=checkup-title]')).toBe('特定健康診査受診結果');
    await expectCheckupsAsRecorded(clinician, suite.fixture.person('sankino-taro').records!.specificHealthCheckup!);
    const cells = await checkupCells(clinician);
    // The seed's first 特定健診 columns: 収縮期 ▲142, 拡張期 ▲103 in 2024, HDL ▽33 in 2022.
    expect(cells.get('収縮期血圧')!.map((cell) => `${cell.mark ?? ''}${cell.value}`)).toEqual(['high142', 'high144', 'high168', 'high150', '132']);
    expect(cells.get('拡張期血圧')![2]).toMatchObject({ value: '103', mark: 'high' });
    expect(cells.get('HDL-コレステロール')![4]).toMatchObject({ value: '33', mark: 'low' });
    expect(cells.get('メタボリックシンドローム判定')!.map((cell) => cell.value)).toEqual(Array(5).fill('予備群該当'));
    expect(cells.get('保健指導レベル')!.map((cell) => cell.value)).toEqual(Array(5).fill('動機付け支援'));
    const referral = await clinician.$eval('tr[data-row="収縮期血圧"] td.referral', (cell) => ({ text: cell.textContent, hidden: cell.querySelector('[aria-hidden=true]')?.textContent }));
    expect(referral).toEqual({ text: '▲140以上', hidden: '▲' });
    expect(await clinician.textContent('[data-testid=checkup-findings]')).toContain('高血圧 主治医の指示に従って治療をお続け下さい。');
    expect(await clinician.getAttribute('[data-testid=checkups-pdf]', 'href')).toBe(`/api/console/receptions/${taro}/checkups.pdf`);
    await clinician.screenshot({ path: join(artifacts, 'checkups.png'), fullPage: true });
    expect(await seriousViolations(clinician)).toEqual([]);

    await openMedical(clinician, hanako);
    expect(await clinician.getAttribute('[data-testid=checkup-view]', 'data-kind')).toBe('late-elderly');
    expect(await clinician.textContent('[data-testid=checkup-title]')).toBe('後期高齢者健康診査受診結果');
    await expectCheckupsAsRecorded(clinician, suite.fixture.person('sankino-hanako').records!.lateElderlyHealthCheckup!);
    // メタボ判定 and 保健指導レベル are 特定健診's, not printed for 後期高齢者健診.
    expect((await checkupCells(clinician)).has('保健指導レベル')).toBe(false);
    expect(await seriousViolations(clinician)).toEqual([]);
  });

  it('a reception without consent: both views refused with CONSENT_REQUIRED in words, nothing drawn, no PDF link; the live page offers no link', async () => {
    const receptionId = await reception('shiken-taro', 'none');
    const clinician = await signedIn('kusuri');
    await clinician.waitForSelector(`tr[data-reception="${receptionId}"]`);
    expect(await clinician.$(`[data-testid=medical-${receptionId}]`)).toBeNull();
    await openMedical(clinician, receptionId);
    for (const part of ['drugs', 'checkups']) {
      expect(await clinician.getAttribute(`[data-testid=${part}]`, 'data-code')).toBe('CONSENT_REQUIRED');
      const said = await clinician.textContent(`[data-testid=${part}-refusal]`);
      expect(said).toContain('患者さんがこの情報の閲覧に同意していません。');
      expect(said).toContain('[CONSENT_REQUIRED]');
      expect(said).not.toMatch(/Error|at .*\.js/);
      expect(await clinician.isVisible(`[data-testid=${part}-pdf]`)).toBe(false);
    }
    expect(await clinician.$('table')).toBeNull();
    expect(await clinician.isVisible('[data-testid=period-form]')).toBe(false);
    expect(await seriousViolations(clinician)).toEqual([]);
  });

  it('受付 is refused by the terminal (ROLE_FORBIDDEN), on a direct request and on the page; after the 24 hours the clinician gets CONSENT_EXPIRED', async () => {
    const receptionId = await reception('shiken-taro', 'all');
    const counter = await signedIn('uketsuke');
    const direct = await counter.evaluate(
      `Promise.all(['drug-information', 'drug-information.pdf', 'checkups', 'checkups.pdf'].map((name) => fetch('/api/console/receptions/${receptionId}/' + name).then(async (r) => [r.status, (await r.json()).error.code])))`,
    );
    expect(direct).toEqual(Array(4).fill([403, 'ROLE_FORBIDDEN']));
    await openMedical(counter, receptionId);
    for (const part of ['drugs', 'checkups']) {
      expect(await counter.getAttribute(`[data-testid=${part}]`, 'data-code')).toBe('ROLE_FORBIDDEN');
      expect(await counter.textContent(`[data-testid=${part}-refusal]`)).toContain('医療情報閲覧の職員だけが閲覧できます');
    }
    expect(await counter.$('table')).toBeNull();
    expect(await seriousViolations(counter)).toEqual([]);
    expect(auditRows(receptionId).filter((row) => row.event.startsWith('DRUG_') || row.event.startsWith('CHECKUPS_'))).toEqual([]);

    // The consent was given now, by the terminal's clock; a day later it is over.
    suite.fixture.central.advance(24 * 3600_000);
    const clinician = await signedIn('kusuri');
    await openMedical(clinician, receptionId);
    for (const part of ['drugs', 'checkups']) {
      expect(await clinician.getAttribute(`[data-testid=${part}]`, 'data-code')).toBe('CONSENT_EXPIRED');
      expect(await clinician.textContent(`[data-testid=${part}-refusal]`)).toContain('同意の有効期間（24時間）が過ぎました。');
    }
  });
});
