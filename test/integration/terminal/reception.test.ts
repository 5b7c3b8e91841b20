import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFaceFile } from '../../../oqs/messages/face-file';
import { TerminalFixture } from '../../harness/reception-terminal';

// Receptions through the real parts (pcscd + vpcd + virtual card, J-LIS, the central mock over mutual
// TLS, SQLite, the face folder), on paths that need no camera. Each scenario names the facts it checks.
let fixture: TerminalFixture;

beforeAll(async () => {
  fixture = await TerminalFixture.start();
  if (process.env.DEBUG_VIEWS) fixture.kiosk(0).subscribe(({ kiosk: k, staff: s }) => console.log('VIEW', k.screen, k.message, s.alerts.join(','), s.receptionId));
});

afterAll(async () => {
  await fixture?.stop();
});

const kiosk = () => fixture.kiosk(0);
const send = (event: unknown) => kiosk().screenEvent(event);
const faceFiles = () => (existsSync(fixture.faceFolder()) ? readdirSync(fixture.faceFolder(), { withFileTypes: true }) : []).filter((entry) => entry.isFile()).map((entry) => entry.name);
const rowOf = (receptionId: string) => fixture.terminal.store.findReception(receptionId);

/** Card on, PIN path up to the consent screen. */
async function pinUpToConsent(profileId: string): Promise<string> {
  await fixture.insert(profileId);
  await fixture.screen('method-choice');
  expect(send({ type: 'method.chosen', method: 'pin' })).toEqual({ ok: true });
  await fixture.screen('pin-entry');
  expect(send({ type: 'pin.entered', pin: fixture.person(profileId).card.userAuthPin })).toEqual({ ok: true });
  await fixture.screen('consent');
  return kiosk().receptionId!;
}

describe('receptions through the real parts', () => {
  it('暗証番号: PIN → card signs the central challenge → consent → answer cross-checked with the card face → store and face file', async () => {
    const receptionId = await pinUpToConsent('shiken-taro');
    expect(send({ type: 'consent.all' })).toEqual({ ok: true });
    expect((await fixture.screen('result')).message).toBe('result-confirmed');
    expect(kiosk().views().staff.result).toEqual({ processingResultStatus: '1', qualificationValidity: '1', crossCheck: 'matched' });

    const files = faceFiles().filter((name) => name.includes(receptionId.replace(/-/g, '')));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^OQSsiquc01res_face_kiosk-1-[0-9a-f]{32}_\d{14}\.xml$/);
    const face = parseFaceFile(readFileSync(join(fixture.faceFolder(), files[0]!)));
    expect(face.MessageBody.ResultList?.[0]?.Birthdate).toBe('19800217');
    expect(rowOf(receptionId)).toMatchObject({ method: 'pin', state: 'completed', crossCheck: 'matched', kioskId: 'kiosk-1' });
    await fixture.remove();
    expect(fixture.terminal.store.verifyAuditChain().ok).toBe(true);
  });

  it('an unknown or untimely screen event is refused with a code and changes nothing', async () => {
    expect(send({ type: 'pin.entered', pin: '1234' })).toMatchObject({ ok: false, code: 'EVENT_NOT_ACCEPTED' });
    expect(send({ type: 'card.inserted', receptionId: 'forged' })).toMatchObject({ ok: false, code: 'EVENT_UNKNOWN' });
    expect(send({ type: 'pin.entered', pin: 12 })).toMatchObject({ ok: false, code: 'EVENT_MALFORMED' });
    expect(kiosk().views().kiosk.screen).toBe('place-card');
  });

  it('wrong PIN: tries left shown, a warning before the last try, then staff with one try still on the card', async () => {
    await fixture.insert('yakushi-taro');
    await fixture.screen('method-choice');
    send({ type: 'method.chosen', method: 'pin' });
    expect((await fixture.screen('pin-entry')).triesLeft).toBe(3);
    const warned = new Promise((resolve) => kiosk().subscribe(({ kiosk: view }) => view.screen === 'pin-entry' && view.triesLeft === 2 && resolve(view)));
    send({ type: 'pin.entered', pin: '0000' });
    expect(await warned).toMatchObject({ triesLeft: 2, lastTryWarning: true, message: 'pin-wrong' });
    send({ type: 'pin.entered', pin: '0000' });
    await fixture.screen('staff-called');
    expect(kiosk().views().staff.alerts).toContain('PIN_LAST_TRY');
    expect(fixture.counters.readTriesLeft({ profileId: 'yakushi-taro', application: 'jpki', keyFid: 0x0018 })).toBe(1);
    await fixture.remove();
  });

  it('照合番号B with one try left is never submitted: staff are called, the counter is untouched', async () => {
    const ref = { profileId: 'sankino-taro', application: 'cardFace', keyFid: 0x0012 } as const;
    fixture.counters.writeTriesLeft(ref, 1);
    await fixture.insert('sankino-taro');
    await fixture.screen('method-choice');
    send({ type: 'method.chosen', method: 'face' });
    await fixture.screen('staff-called');
    expect(kiosk().views().staff.alerts).toEqual(['COLLATION_LAST_TRY']);
    expect(fixture.counters.readTriesLeft(ref)).toBe(1);
    await fixture.remove();
  });

  it.each([
    ['yamamoto-megumi', 'an expired certificate'],
    ['kato-daisuke', 'a revoked certificate'],
  ])('%s (%s) gets the renewal guidance; nothing is recorded as completed', async (profileId) => {
    await fixture.insert(profileId);
    expect((await fixture.screen('remove-card')).message).toBe('guidance-certificate-invalid');
    const receptionId = kiosk().receptionId!;
    await fixture.remove();
    expect(rowOf(receptionId)).toMatchObject({ state: 'abandoned', endingCode: 'CERTIFICATE_INVALID' });
  });

  it('複数該当 is never resolved: nothing is shown, staff are called, no face file', async () => {
    const before = faceFiles().length;
    await pinUpToConsent('ito-yumi');
    send({ type: 'consent.all' });
    expect((await fixture.screen('remove-card')).message).toBe('guidance-see-staff');
    expect(kiosk().views().staff.alerts).toContain('MULTIPLE_PERSONS');
    expect(faceFiles()).toHaveLength(before);
    await fixture.remove();
  });

  it('紐付け誤り: an answer whose 生年月日 differs from the signed card face shows the patient nothing, calls staff and writes no face file', async () => {
    const before = faceFiles().length;
    const receptionId = await pinUpToConsent('ogawa-shiori');
    send({ type: 'consent.all' });
    const view = await fixture.screen('remove-card');
    expect(view.message).toBe('guidance-see-staff');
    expect(JSON.stringify(view)).not.toMatch(/1992|ｵｶﾞﾜ|小川/);
    expect(kiosk().views().staff.alerts).toContain('IDENTITY_MISMATCH');
    expect(kiosk().views().staff.result).toBeUndefined();
    expect(faceFiles()).toHaveLength(before);
    await fixture.remove();
    expect(rowOf(receptionId)).toMatchObject({ state: 'handed-to-staff', endingCode: 'IDENTITY_MISMATCH' });
  });

  it('閲覧停止: the qualification is answered, 薬剤情報 is refused with VIEWING_BLOCKED', async () => {
    const receptionId = await pinUpToConsent('watanabe-makoto');
    send({ type: 'consent.all' });
    expect((await fixture.screen('result')).message).toBe('result-confirmed');
    expect(rowOf(receptionId)?.state).toBe('completed');
    const person = fixture.person('watanabe-makoto');
    const record = person.insurance[0]!;
    const drugs = await fixture.terminal.central.drugInformation(
      { InsurerNumber: record.InsurerNumber, InsuranceCardSymbol: record.InsuredCardSymbol ?? '', InsuredPersonIdentificationNumber: record.InsuredIdentificationNumber, BranchNumber: record.InsuredBranchNumber ?? '00' },
      { StartDate: '202001', EndDate: '202612', FileCategory: '2' },
    );
    expect(drugs).toMatchObject({ ok: false, centralCode: 'VIEWING_BLOCKED' });
    await fixture.remove();
  });

  it('目視確認: staff start and approve it for the patient at the kiosk; the reception completes by 目視 and the audit names the staff account', async () => {
    await fixture.insert('iryohi-taro');
    await fixture.screen('method-choice');
    expect(kiosk().views().staff.visualCheckAvailable).toBe(true);
    expect(kiosk().staffEvent({ type: 'staff.visualCheck.started' }, 'uketsuke01')).toEqual({ ok: true });
    await fixture.screen('visual-check');
    expect(kiosk().staffEvent({ type: 'staff.visualCheck.approved' }, 'uketsuke01')).toEqual({ ok: true });
    await fixture.screen('consent');
    send({ type: 'consent.all' });
    await fixture.screen('result');
    const receptionId = kiosk().receptionId!;
    expect(rowOf(receptionId)).toMatchObject({ state: 'completed', method: 'visual' });
    const database = new Database(fixture.storeFile(), { readonly: true });
    const approvals = database.prepare("SELECT actor_kind AS kind, actor_id AS id FROM audit_log WHERE reception_id = ? AND event = 'VISUAL_CHECK_APPROVED'").all(receptionId);
    database.close();
    expect(approvals).toEqual([{ kind: 'staff', id: 'uketsuke01' }]);
    await fixture.remove();
  });

  it('a card pulled mid-reception wipes the patient and ends the reception as abandoned', async () => {
    await fixture.insert('morita-kenji');
    await fixture.screen('method-choice');
    send({ type: 'method.chosen', method: 'pin' });
    await fixture.screen('pin-entry');
    const receptionId = kiosk().receptionId!;
    await fixture.remove();
    expect(kiosk().receptionId).toBeUndefined();
    expect(rowOf(receptionId)).toMatchObject({ state: 'abandoned', endingCode: 'CARD_REMOVED' });
  });

  // Each screen a patient can be on, reached on the real parts; pulling the card there ends the
  // reception as abandoned (or as it had ended) and leaves the kiosk with nothing of the patient.
  const pulledAt: ReadonlyArray<readonly [string, () => Promise<void>]> = [
    ['reading', async () => undefined],
    ['method-choice', async () => void (await fixture.screen('method-choice'))],
    ['pin-entry', async () => {
      await fixture.screen('method-choice');
      send({ type: 'method.chosen', method: 'pin' });
      await fixture.screen('pin-entry');
    }],
    ['staff-called', async () => {
      await fixture.screen('method-choice');
      send({ type: 'staff.requested' });
      await fixture.screen('staff-called');
    }],
    ['visual-check', async () => {
      await fixture.screen('method-choice');
      kiosk().staffEvent({ type: 'staff.visualCheck.started' }, 'uketsuke01');
      await fixture.screen('visual-check');
    }],
    ['consent', async () => {
      await fixture.screen('method-choice');
      kiosk().staffEvent({ type: 'staff.visualCheck.started' }, 'uketsuke01');
      kiosk().staffEvent({ type: 'staff.visualCheck.approved' }, 'uketsuke01');
      await fixture.screen('consent');
    }],
    ['result', async () => {
      await fixture.screen('method-choice');
      kiosk().staffEvent({ type: 'staff.visualCheck.started' }, 'uketsuke01');
      kiosk().staffEvent({ type: 'staff.visualCheck.approved' }, 'uketsuke01');
      await fixture.screen('consent');
      send({ type: 'consent.all' });
      await fixture.screen('result');
    }],
  ];

  it.each(pulledAt)('a card pulled on the %s screen wipes the patient from the kiosk', async (screen, reach) => {
    await fixture.insert('sankino-hanako');
    const receptionId = kiosk().receptionId!;
    await reach();
    await fixture.remove();
    const views = kiosk().views();
    expect(views.kiosk).toEqual({ kioskId: 'kiosk-1', screen: 'place-card', message: 'place-card', languages: ['ja', 'en'], revision: views.kiosk.revision });
    expect(views.staff).toEqual({ kioskId: 'kiosk-1', screen: 'place-card', revision: views.staff.revision, alerts: [], visualCheckAvailable: false, awaitsCollationNumber: false });
    expect(rowOf(receptionId)?.state).toBe(screen === 'result' ? 'completed' : 'abandoned');
  });

  it('card A swapped for card B within a second: B is a new reception and nothing of A reaches B', async () => {
    const first = await pinUpToConsent('sankino-hanako');
    send({ type: 'consent.answered', category: 'pharmaceutical', agreed: true });
    const started = fixture.screen('method-choice');
    await fixture.slot(0).swap(fixture.cardOf('yoshida-takashi'));
    await started;
    const second = kiosk().receptionId!;
    expect(second).not.toBe(first);
    expect(kiosk().views().staff.method).toBeUndefined();
    send({ type: 'method.chosen', method: 'pin' });
    await fixture.screen('pin-entry');
    send({ type: 'pin.entered', pin: fixture.person('yoshida-takashi').card.userAuthPin });
    expect((await fixture.screen('consent')).consent?.position).toBe(1);
    send({ type: 'consent.all' });
    await fixture.screen('result');
    expect(rowOf(first)?.state).toBe('abandoned');
    const file = faceFiles().find((name) => name.includes(second.replace(/-/g, '')))!;
    const face = parseFaceFile(readFileSync(join(fixture.faceFolder(), file)));
    expect(face.MessageBody.ResultList?.[0]?.Birthdate).toBe(fixture.person('yoshida-takashi').birthDate.replace(/-/g, ''));
    expect(faceFiles().some((name) => name.includes(first.replace(/-/g, '')))).toBe(false);
    await fixture.remove();
  });
});
