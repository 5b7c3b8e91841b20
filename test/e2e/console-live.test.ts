import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCardFace } from '../../device/card/card-face';
import { deriveCollationNumberB } from '../../device/card/collation-number';
import { decodeProfileBytes } from '../../device/virtual-card/card-profile-json';
import { Jpeg2000Decoder } from '../../face/image/jpeg2000';
import { printedFieldsOfCard } from '../../device/virtual-card/printed-card-front';
import { kioskScreen, SPEECH_RECORDER } from '../harness/kiosk-page';
import { seriousAxeViolations, useStaffConsoleSuite } from '../harness/staff-console-server';

// The staff console's live page in Chromium beside the patient's kiosk page, through the real terminal
// (pcscd + vpcd + the virtual card, the central mock over mutual TLS, SQLite) and the real sign-in: a
// receptionist starts and approves 目視確認 for the patient at the kiosk, sees the alert a patient
// raised stay after the card has gone, and acknowledges it; the audit log names the account.
// In 目視確認 the console shows the photo of the card in the reader, and takes it away after the decision.
const root = fileURLToPath(new URL('../..', import.meta.url));
const artifacts = join(process.env.OQS_TEST_ARTIFACTS ?? join(root, 'test-artifacts'), 'console-live');
const PASSWORD = 'うけつけ の あさ は はやい';

const suite = useStaffConsoleSuite({
  // The kiosk cannot read the card front: staff type 照合番号B on the console.
  terminal: { cardFront: 'staff-entry' },
  accounts: [
    { login: 'uketsuke', displayName: '受付 一郎', role: 'reception' },
    { login: 'kusuri', displayName: '薬剤師 一', role: 'clinician' },
  ],
  password: PASSWORD,
});

beforeAll(async () => {
  await mkdir(artifacts, { recursive: true });
});

async function signedInConsole(login = 'uketsuke'): Promise<Page> {
  const page = await suite.server.signedIn(suite.browser, login);
  await page.waitForSelector('[data-testid=kiosk-kiosk-1]');
  return page;
}

async function kioskPage(): Promise<Page> {
  const page = await suite.server.newPage(suite.browser, { width: 1280, height: 800 }, { bypassCSP: false });
  await page.context().addInitScript(SPEECH_RECORDER);
  await page.goto(`${suite.baseUrl}/kiosk/?kiosk=kiosk-1`);
  await kioskScreen(page, 'place-card');
  return page;
}

/** The patient's card on the reader, 目視確認 started from the console, 照合番号B typed there for the photo. */
async function visualCheckWithCardFront(console: Page, kiosk: Page, profileId: string): Promise<void> {
  const person = suite.fixture.person(profileId);
  await suite.fixture.insert(profileId);
  await kioskScreen(kiosk, 'method-choice');
  await console.click('[data-testid=visual-start-kiosk-1]');
  await kioskScreen(kiosk, 'visual-check');
  await console.waitForSelector('[data-testid=kiosk-kiosk-1][data-screen=visual-check]');
  // This kiosk cannot read the card front: the photo waits for staff to type 照合番号B.
  await console.waitForSelector('[data-testid=card-photo-kiosk-1][data-status=reading]');
  const form = '[data-testid=collation-kiosk-1]';
  await console.waitForSelector(form);
  await console.fill(`${form} input`, deriveCollationNumberB(printedFieldsOfCard(person.birthDate, person.card.expiryDate, person.card.collationNumberB.securityCode)));
  await console.click(`${form} button[type=submit]`);
}

/** The photo on a suite.fixture person's card (DF27 of the card face), as grey pixels. */
async function cardPhotoOf(profileId: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  const profile = JSON.parse(readFileSync(join(root, 'fixtures/cards', `${profileId}.json`), 'utf8')) as {
    applications: { cardFace: { files: Record<string, { content: string }> } };
  };
  const face = parseCardFace(decodeProfileBytes(profile.applications.cardFace.files['0002']!.content, 'card face'));
  return (await Jpeg2000Decoder.create()).decode(face.facePhoto);
}

describe('the staff console beside the kiosk', () => {
  it('目視確認 from the console: started, the card photo shown beside the decision, approved, the photo gone, the patient goes on to consent; audited as the account', async () => {
    const console = await signedInConsole();
    const kiosk = await kioskPage();
    await visualCheckWithCardFront(console, kiosk, 'shiken-taro');
    await console.waitForSelector('[data-testid=card-photo-kiosk-1][data-status=shown]');
    const canvas = '[data-testid=card-photo-canvas-kiosk-1]';
    expect(await console.getAttribute(canvas, 'aria-label')).toBe('カードの顔写真 / Card photo');
    expect(await console.getAttribute(canvas, 'role')).toBe('img');
    // The canvas holds the card's own photo, pixel for pixel.
    const expected = await cardPhotoOf('shiken-taro');
    const drawn = await console.evaluate<{ width: number; height: number; red: number[]; opaque: boolean }, string>((selector) => {
      const node = (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector) as {
        width: number;
        height: number;
        getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
      };
      const data = node.getContext('2d').getImageData(0, 0, node.width, node.height).data;
      const red: number[] = [];
      let opaque = true;
      for (let index = 0; index < data.length; index += 4) {
        red.push(data[index]!);
        opaque &&= data[index + 3] === 255 && data[index] === data[index + 1] && data[index] === data[index + 2];
      }
      return { width: node.width, height: node.height, red, opaque };
    }, canvas);
    expect([drawn.width, drawn.height]).toEqual([expected.width, expected.height]);
    expect(drawn.opaque).toBe(true);
    expect(new Set(drawn.red).size).toBeGreaterThan(16);
    expect(drawn.red).toEqual([...expected.data]);
    // The photo sits beside the approve and reject buttons of the same kiosk.
    expect(await console.$('[data-testid=kiosk-kiosk-1] [data-testid=card-photo-kiosk-1] ~ .actions [data-testid=visual-approve-kiosk-1]').then(Boolean)).toBe(true);
    expect(await seriousAxeViolations(console)).toEqual([]);
    await console.screenshot({ path: join(artifacts, 'visual-check.png') });
    const canvasHandle = await console.$(canvas);

    await console.click('[data-testid=visual-approve-kiosk-1]');
    await kioskScreen(kiosk, 'consent');
    // Gone from the page, the canvas wiped, and gone from the terminal.
    await console.waitForSelector('[data-testid=card-photo-kiosk-1]', { state: 'detached' });
    expect(await console.$$eval('canvas', (nodes) => nodes.length)).toBe(0);
    expect(await canvasHandle!.evaluate((node) => [(node as unknown as { width: number }).width, (node as unknown as { height: number }).height])).toEqual([0, 0]);
    expect(suite.fixture.terminal.cardPhotos.size).toBe(0);
    const receptionId = suite.fixture.kiosk(0).receptionId!;
    const audit = suite.fixture.terminal.store.findReception(receptionId);
    expect(audit?.receptionId).toBe(receptionId);
    const database = (await import('better-sqlite3')).default(suite.fixture.storeFile(), { readonly: true });
    const rows = database.prepare('SELECT actor_id AS actor, event, kiosk_id AS kiosk FROM audit_log WHERE reception_id = ? ORDER BY id').all(receptionId) as { actor: string; event: string; kiosk: string }[];
    database.close();
    expect(rows).toEqual(
      expect.arrayContaining([
        { actor: 'uketsuke', event: 'STAFF_VISUAL_CHECK_STARTED', kiosk: 'kiosk-1' },
        { actor: 'uketsuke', event: 'CARD_PHOTO_VIEWED', kiosk: 'kiosk-1' },
        { actor: 'uketsuke', event: 'VISUAL_CHECK_APPROVED', kiosk: 'kiosk-1' },
      ]),
    );
    // Viewed before the decision, once by this console.
    const events = rows.map((row) => row.event);
    expect(events.filter((event) => event === 'CARD_PHOTO_VIEWED')).toHaveLength(1);
    expect(events.indexOf('CARD_PHOTO_VIEWED')).toBeLessThan(events.indexOf('VISUAL_CHECK_APPROVED'));
  });

  it('目視確認: a card photo the terminal refused for a moment can be asked for again, and then shows', async () => {
    const console = await signedInConsole();
    const kiosk = await kioskPage();
    // The first answer for the photo is a refusal that passes (the audit log briefly unwritable).
    let refusals = 0;
    await console.route('**/api/console/kiosks/kiosk-1/card-photo*', async (route) => {
      if (refusals > 0) return route.continue();
      refusals += 1;
      return route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'AUDIT_UNAVAILABLE', message: 'audit' } }) });
    });
    await visualCheckWithCardFront(console, kiosk, 'shiken-taro');
    await console.waitForSelector('[data-testid=card-photo-kiosk-1][data-status=refused]');
    expect(await console.isVisible('[data-testid=card-photo-canvas-kiosk-1]')).toBe(false);
    await console.click('[data-testid=card-photo-retry-kiosk-1]');
    await console.waitForSelector('[data-testid=card-photo-kiosk-1][data-status=shown]');
    const expected = await cardPhotoOf('shiken-taro');
    const size = await console.$eval('[data-testid=card-photo-canvas-kiosk-1]', (node) => [(node as unknown as { width: number }).width, (node as unknown as { height: number }).height]);
    expect(size).toEqual([expected.width, expected.height]);
    expect(refusals).toBe(1);
    await console.click('[data-testid=visual-approve-kiosk-1]');
    await kioskScreen(kiosk, 'consent');
    await console.waitForSelector('[data-testid=card-photo-kiosk-1]', { state: 'detached' });
  });

  it('an alert stays on the console after the card has gone, until acknowledged by the account', async () => {
    const console = await signedInConsole();
    const kiosk = await kioskPage();
    await suite.fixture.insert('shiken-taro');
    await kioskScreen(kiosk, 'method-choice');
    await kiosk.click('[data-testid=call-staff]');
    await kioskScreen(kiosk, 'staff-called');
    await suite.fixture.remove();
    await console.waitForSelector('[data-alert-code=PATIENT_ASKED_STAFF]');
    expect(await seriousAxeViolations(console)).toEqual([]);
    await console.screenshot({ path: join(artifacts, 'alert.png') });
    const alert = suite.fixture.terminal.alerts.open().find((entry) => entry.code === 'PATIENT_ASKED_STAFF')!;
    await console.click(`[data-testid=acknowledge-${alert.id}]`);
    await console.waitForSelector(`[data-testid=acknowledge-${alert.id}]`, { state: 'detached' });
    expect(suite.fixture.terminal.alerts.since(new Date(0)).find((entry) => entry.id === alert.id)?.acknowledgedBy).toBe('uketsuke');
  });

  it('照合番号B typed on the console for a kiosk that cannot read the card front: checked as 14 digits first, then the kiosk goes on', async () => {
    const console = await signedInConsole();
    const kiosk = await kioskPage();
    const person = suite.fixture.person('yakushi-taro');
    await suite.fixture.insert('yakushi-taro');
    await kioskScreen(kiosk, 'method-choice');
    await kiosk.click('[data-testid=method-face]');
    await kioskScreen(kiosk, 'waiting-card-front');
    const form = '[data-testid=collation-kiosk-1]';
    await console.waitForSelector(form);
    // Too short: refused on the page, and nothing reaches the card.
    await console.fill(`${form} input`, '1234');
    await console.click(`${form} button[type=submit]`);
    await console.waitForSelector('[data-testid=status]:has-text("14")');
    expect(await console.getAttribute(`${form} input`, 'aria-invalid')).toBe('true');
    expect(suite.fixture.kiosk(0).views().kiosk.screen).toBe('waiting-card-front');
    await console.fill(`${form} input`, deriveCollationNumberB(printedFieldsOfCard(person.birthDate, person.card.expiryDate, person.card.collationNumberB.securityCode)));
    await console.click(`${form} button[type=submit]`);
    await kiosk.waitForFunction(() => {
      const root = (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string> } | null } }).document.getElementById('kiosk-root');
      return root !== null && root.dataset.screen !== 'waiting-card-front';
    });
    await console.waitForSelector(form, { state: 'detached' });
  });

  it('offers 医療情報閲覧 the 薬剤情報 PDF of a reception inside its consent, and gives it; 受付 gets no link and is refused', async () => {
    const kiosk = await kioskPage();
    await suite.fixture.insert('shiken-taro');
    await kioskScreen(kiosk, 'method-choice');
    await kiosk.click('[data-testid=method-pin]');
    await kioskScreen(kiosk, 'pin-entry');
    await kiosk.keyboard.type(suite.fixture.person('shiken-taro').card.userAuthPin!);
    await kiosk.keyboard.press('Enter');
    await kioskScreen(kiosk, 'consent');
    await kiosk.click('[data-testid=consent-all]');
    await kioskScreen(kiosk, 'result');
    const receptionId = suite.fixture.kiosk(0).receptionId!;
    const clinician = await signedInConsole('kusuri');
    const link = `[data-testid=drug-pdf-${receptionId}]`;
    await clinician.waitForSelector(link);
    const pdf = await clinician.evaluate(`fetch(document.querySelector('${link}').href).then(async (r) => [r.status, r.headers.get('content-type'), new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5))])`);
    expect(pdf).toEqual([200, 'application/pdf', '%PDF-']);
    const reception = await signedInConsole('uketsuke');
    await reception.waitForSelector(`tr[data-reception="${receptionId}"]`);
    expect(await reception.$(link)).toBeNull();
    // The counter sees the reception's 資格 in words, from the answer the terminal kept in memory.
    await reception.click(`[data-testid=qualification-${receptionId}]`);
    await reception.waitForSelector(`[data-testid=detail][data-reception="${receptionId}"] [data-testid=person-insurer]`);
    expect(await reception.textContent('[data-testid=detail] [data-testid=person-insurer]')).toContain('01130012');
    const refused = await reception.evaluate(`fetch('/api/console/receptions/${receptionId}/drug-information').then((r) => r.json()).then((b) => b.error.code)`);
    expect(refused).toBe('ROLE_FORBIDDEN');
  });

  it('refuses the console routes without a session, and with a session but no CSRF token', async () => {
    const unsigned = await fetch(`${suite.baseUrl}/api/console/live`);
    expect([unsigned.status, ((await unsigned.json()) as { error: { code: string } }).error.code]).toEqual([401, 'LOGIN_REQUIRED']);
    const console = await signedInConsole();
    const status = await console.evaluate(`fetch('/api/console/alerts/1/acknowledge', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.json()).then((b) => b.error.code)`);
    expect(status).toBe('CSRF_INVALID');
  });
});
