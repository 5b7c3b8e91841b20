import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPersons } from '../../../central/seed/load-persons';
import type { Person } from '../../../central/seed/person-schema';
import { parseCardProfileJson } from '../../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../../device/virtual-card/counter-store';
import { PrintedCardFront } from '../../../device/virtual-card/printed-card-front';
import { VirtualCard } from '../../../device/virtual-card/virtual-card';
import { VirtualCardSlot } from '../../../device/virtual-card/virtual-card-slot';
import type { KioskView } from '../../../flow/contract/view-models';
import type { FaceVerifier } from '../../../flow/ports/face-verifier';
import { parseFaceFile } from '../../../oqs/messages/face-file';
import { parseReceptionConfig } from '../../../terminal/config';
import type { KioskRuntime } from '../../../terminal/kiosk/kiosk-runtime';
import { startReceptionTerminal, type ReceptionTerminal } from '../../../terminal/reception-terminal';
import { CLINIC, startTestCentral, type TestCentral } from '../../harness/central-fixture';
import { ensurePcscd, type PcscdHandle } from '../../harness/pcscd';
import { makeTempDir, type TempDir } from '../../harness/temp-dir';

// The reception through the real parts: pcscd with the virtual card behind vpcd, the card driver,
// certificate verification against the J-LIS responder, the central mock over mutual TLS, SQLite and
// the face folder. Face frames are not needed on these paths, so the face engine is a stub that
// refuses to be used.
const root = fileURLToPath(new URL('../../..', import.meta.url));
const READER = 'Virtual PCD 00 00';
const persons = new Map(loadPersons(join(root, 'fixtures/persons')).map((person) => [person.id, person]));
const counters = new InMemoryCounterStore();
const slot = new VirtualCardSlot<VirtualCard>(0);

let pcscd: PcscdHandle;
let central: TestCentral;
let temp: TempDir;
let terminal: ReceptionTerminal;
let kiosk: KioskRuntime;

const unusedFace: FaceVerifier = {
  openSession: () => Promise.reject(Object.assign(new Error('not in this test'), { code: 'closed' })),
  checkFrame: () => Promise.reject(new Error('not in this test')),
  verify: () => Promise.reject(new Error('not in this test')),
  closeSession: async () => {},
  close: async () => {},
};

function printedFieldsOf(profileId: string) {
  const person: Person | undefined = persons.get(profileId);
  if (person === undefined) return undefined;
  const { birthDateEra, expiryYear, securityCode } = person.card.collationNumberB;
  const era = Number(birthDateEra.slice(0, 2));
  const birthYear = Number(person.birthDate.slice(0, 4));
  const eraName = birthYear >= 2019 ? '令和' : birthYear >= 1989 ? '平成' : birthYear >= 1926 ? '昭和' : '大正';
  return { birthDate: `${eraName}${era}年${Number(birthDateEra.slice(2, 4))}月${Number(birthDateEra.slice(4, 6))}日`, expiryYear, securityCode };
}

/** Waits until the kiosk shows `screen` (an event, not a timer). */
function screen(target: KioskView['screen'], runtime = kiosk): Promise<KioskView> {
  const now = runtime.views().kiosk;
  if (now.screen === target) return Promise.resolve(now);
  return new Promise((resolve) => {
    const stop = runtime.subscribe(({ kiosk: view }) => {
      if (view.screen !== target) return;
      stop();
      resolve(view);
    });
  });
}

async function insert(profileId: string): Promise<void> {
  const json: unknown = JSON.parse(readFileSync(join(root, 'fixtures/cards', `${profileId}.json`), 'utf8'));
  const started = screen('reading');
  await slot.insert(new VirtualCard({ profile: parseCardProfileJson(json), counters }));
  await started;
}

async function remove(): Promise<void> {
  const idle = screen('place-card');
  await slot.remove();
  await idle;
}

beforeAll(async () => {
  pcscd = await ensurePcscd();
  central = await startTestCentral();
  temp = await makeTempDir('oqs-terminal-');
  const pki = central.stack.facilityPkiDir;
  const config = parseReceptionConfig({
    facility: { medicalInstitutionCode: CLINIC, consentCategories: ['pharmaceutical', 'specificHealthCheckups'], issuesElectronicPrescriptions: false },
    kiosks: [{ id: 'kiosk-1', readerName: READER, cardFront: 'printed-fields' }],
    central: {
      url: central.stack.server.url,
      caCertificate: join(pki, 'ca.pem'),
      clientCertificate: join(pki, 'facilities', CLINIC, 'certificate.pem'),
      clientKey: join(pki, 'facilities', CLINIC, 'private-key.pem'),
      readerCertificate: join(pki, 'facilities', CLINIC, 'reader', 'certificate.pem'),
      readerKey: join(pki, 'facilities', CLINIC, 'reader', 'private-key.pem'),
    },
    certificates: { trustStore: join(root, 'fixtures/pki/ca'), ocspUrl: central.stack.jlis.ocspUrl, cardFacePublicKey: join(root, 'fixtures/pki/card-face/signer/public-key.spki.der') },
    face: { framesPerAttempt: 6 },
    store: { file: join(temp.path, 'terminal.sqlite') },
    faceFolder: { path: join(temp.path, 'face'), encoding: 'Shift_JIS' },
    languages: ['ja', 'en'],
    timeouts: {},
  });
  terminal = await startReceptionTerminal(config, {
    face: unusedFace,
    // One clock for the whole system: the central mock's and the J-LIS responder's.
    clock: { now: () => central.now() },
    cardFronts: new Map([['kiosk-1', new PrintedCardFront(() => slot.card?.profile.id, printedFieldsOf)]]),
  });
  kiosk = terminal.kiosks.get('kiosk-1')!.runtime;
  await screen('place-card');
});

afterAll(async () => {
  if (slot.card) await slot.remove();
  await terminal?.stop();
  await central?.stop();
  await temp?.remove();
  await pcscd?.stop();
});

describe('a reception through the real parts', () => {
  it('暗証番号: PIN → card signs the central challenge → consent → answer cross-checked with the card face → store and face file', async () => {
    await insert('shiken-taro');
    const choice = await screen('method-choice');
    expect(choice.methods).toEqual(['face', 'pin']);
    expect(kiosk.screenEvent({ type: 'method.chosen', method: 'pin' })).toEqual({ ok: true });
    expect((await screen('pin-entry')).triesLeft).toBe(3);
    expect(kiosk.screenEvent({ type: 'pin.entered', pin: persons.get('shiken-taro')!.card.userAuthPin })).toEqual({ ok: true });
    await screen('consent');
    expect(kiosk.screenEvent({ type: 'consent.all' })).toEqual({ ok: true });
    const result = await screen('result');
    expect(result.message).toBe('result-confirmed');
    expect(kiosk.views().staff.result).toEqual({ processingResultStatus: '1', qualificationValidity: '1', crossCheck: 'matched' });

    const files = readdirSync(join(temp.path, 'face'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^OQSsiquc01res_face_kiosk-1-[A-Za-z0-9]+_\d{14}\.xml$/);
    const face = parseFaceFile(readFileSync(join(temp.path, 'face', files[0]!)));
    expect(face.MessageBody.ResultList?.[0]?.Birthdate).toBe('19800217');
    expect(face.MessageHeader.ReferenceClassification).toBe('1');

    const rows = terminal.store.db.prepare('SELECT method, ending, cross_check FROM receptions').all();
    expect(rows).toEqual([{ method: 'pin', ending: 'completed', cross_check: 'matched' }]);
    await remove();
    expect(terminal.store.verifyAuditChain().ok).toBe(true);
  });

  it('an unknown or untimely screen event is refused with a code and changes nothing', async () => {
    expect(kiosk.screenEvent({ type: 'pin.entered', pin: '1234' })).toMatchObject({ ok: false, code: 'EVENT_NOT_ACCEPTED' });
    expect(kiosk.screenEvent({ type: 'card.inserted', receptionId: 'forged' })).toMatchObject({ ok: false, code: 'EVENT_UNKNOWN' });
    expect(kiosk.views().kiosk.screen).toBe('place-card');
  });

  it('a card pulled mid-reception wipes the patient and ends the reception as abandoned', async () => {
    await insert('yakushi-taro');
    await screen('method-choice');
    kiosk.screenEvent({ type: 'method.chosen', method: 'pin' });
    await screen('pin-entry');
    await remove();
    expect(kiosk.receptionId).toBeUndefined();
    const abandoned = terminal.store.db.prepare("SELECT ending_code FROM receptions WHERE ending = 'abandoned'").all();
    expect(abandoned).toEqual([{ ending_code: 'CARD_REMOVED' }]);
  });
});
