import { createHash, randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPersons } from '../../../central/seed/load-persons';
import type { Person } from '../../../central/seed/person-schema';
import { readTestPki, verifyCardFaceSignature, type TestPki } from '../../../crypto/mock-ca';
import { readCardFace } from '../../../device/card/card-face';
import { isCardError } from '../../../device/card/card-error';
import { deriveCollationNumberB } from '../../../device/card/collation-number';
import { readBasicFourInfo } from '../../../device/card/input-assist';
import { readUserAuthCertificate, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from '../../../device/card/jpki';
import { EXTENDED_RESPONSE_LENGTH, type PcscTransport } from '../../../device/card/pcsc-transport';
import { ReaderMonitor } from '../../../device/card/reader-monitor';
import { toJapaneseEra } from '../../../kernel/card/japanese-era';
import { parseCardProfileJson } from '../../../device/virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../../../device/virtual-card/counter-store';
import { VirtualCard } from '../../../device/virtual-card/virtual-card';
import { VirtualCardSlot } from '../../../device/virtual-card/virtual-card-slot';
import { ensurePcscd, type PcscdHandle } from '../../harness/pcscd';
import { EventLog } from '../../harness/reader-event-log';

// The committed fixture cards (fixtures/cards) in the real emulator, read by the real driver through
// the real pcscd and vpcd, checked against the committed mock-CA JPKI (fixtures/pki).
const root = fileURLToPath(new URL('../../..', import.meta.url));
const READER = 'Virtual PCD 00 00';

const persons = new Map(loadPersons(join(root, 'fixtures/persons')).map((person) => [person.id, person]));
const counters = new InMemoryCounterStore();
const slot = new VirtualCardSlot<VirtualCard>(0);

let pki: TestPki;
let pcscd: PcscdHandle;
let monitor: ReaderMonitor;
let log: EventLog;
let transports: PcscTransport[] = [];

function person(id: string): Person {
  const found = persons.get(id);
  if (!found) throw new Error(`no fixture person ${id}`);
  return found;
}

function cardOf(id: string): VirtualCard {
  const json: unknown = JSON.parse(readFileSync(join(root, 'fixtures/cards', `${id}.json`), 'utf8'));
  return new VirtualCard({ profile: parseCardProfileJson(json), counters });
}

async function insert(id: string): Promise<VirtualCard> {
  const card = cardOf(id);
  const inserted = log.next('card.inserted', READER);
  await slot.insert(card);
  await inserted;
  return card;
}

async function connect(maxResponseLength?: number): Promise<PcscTransport> {
  const transport = await monitor.connect(READER, maxResponseLength ? { maxResponseLength } : {});
  transports.push(transport);
  return transport;
}

/** 照合番号B as the terminal derives it from what is printed on the card front. */
function printedCollationNumberB(holder: Person): string {
  const era = toJapaneseEra(holder.birthDate);
  const [, month, day] = holder.birthDate.split('-').map(Number);
  return deriveCollationNumberB({
    birthDate: `${era.era}${era.year === 1 ? '元' : era.year}年${month}月${day}日`,
    expiryYear: holder.card.expiryDate.slice(0, 4),
    securityCode: holder.card.collationNumberB.securityCode,
  });
}

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isCardError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

beforeAll(async () => {
  pki = await readTestPki(join(root, 'fixtures/pki'));
  pcscd = await ensurePcscd();
  monitor = new ReaderMonitor();
  log = new EventLog(monitor);
  const found = log.next('reader.added', READER);
  monitor.start();
  await found;
});

afterEach(async () => {
  await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
  transports = [];
  if (slot.card) {
    const removed = log.next('card.removed', READER);
    await slot.remove();
    await removed;
  }
});

afterAll(async () => {
  await monitor?.close();
  await pcscd?.stop();
});

describe('fixture cards read by the driver through pcscd', () => {
  it.each([
    ['chunked', undefined],
    ['extended', EXTENDED_RESPONSE_LENGTH],
  ])('reads 試験 太郎 whole: certificate (%s), PIN, signature, card face and 基本4情報', async (_mode, maxResponseLength) => {
    const holder = person('shiken-taro');
    await insert(holder.id);
    const transport = await connect(maxResponseLength);

    const certificate = await readUserAuthCertificate(transport);
    expect(Buffer.from(certificate).equals(Buffer.from(pki.holders[holder.id]!.userAuth.certificate))).toBe(true);
    const x509 = new X509Certificate(certificate);
    expect(x509.subject).not.toContain('試験');

    expect(await userAuthPinTriesLeft(transport)).toBe(3);
    await verifyUserAuthPin(transport, holder.card.userAuthPin!);
    const challenge = randomBytes(32);
    const signature = await signWithUserAuthKey(transport, createHash('sha256').update(challenge).digest());
    expect(verifySignature('sha256', challenge, x509.publicKey, signature)).toBe(true);

    const face = await readCardFace(transport, printedCollationNumberB(holder));
    expect(face.birthDate).toBe(holder.birthDate);
    expect(face.sexCode).toBe(holder.sex);
    expect(face.expiryDate).toBe(holder.card.expiryDate);
    expect([...face.facePhoto.subarray(0, 12)]).toEqual([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]);
    const { birthDateSexKey, nameAddressImages, facePhoto } = face.signedParts;
    const signer = pki.cardFace.signer.publicKeySpki;
    expect(verifyCardFaceSignature(signer, birthDateSexKey, nameAddressImages, facePhoto, face.signature)).toBe(true);

    const info = await readBasicFourInfo(transport, holder.card.inputAssistPin!);
    expect(info).toMatchObject({ name: holder.name.kanji, address: holder.address.text, birthDate: holder.birthDate, sexCode: holder.sex });
  });

  it('detects a tampered photo: the DF28 signature no longer verifies', async () => {
    const holder = person('yakushi-taro');
    await insert(holder.id);
    const face = await readCardFace(await connect(), printedCollationNumberB(holder));
    const { birthDateSexKey, nameAddressImages, facePhoto } = face.signedParts;
    const tampered = Uint8Array.from(facePhoto);
    tampered[tampered.length - 10] = (tampered[tampered.length - 10] ?? 0) ^ 0xff;
    const signer = pki.cardFace.signer.publicKeySpki;
    expect(verifyCardFaceSignature(signer, birthDateSexKey, nameAddressImages, facePhoto, face.signature)).toBe(true);
    expect(verifyCardFaceSignature(signer, birthDateSexKey, nameAddressImages, tampered, face.signature)).toBe(false);
  });

  it('keeps a wrong PIN counted across removal and reinsertion, and a right PIN restores it', async () => {
    const holder = person('kobayashi-shota');
    await insert(holder.id);
    let transport = await connect();
    expect(await errorCodeOf(verifyUserAuthPin(transport, holder.card.userAuthPin === '0000' ? '1111' : '0000'))).toBe('WRONG_PIN');
    expect(await userAuthPinTriesLeft(transport)).toBe(2);
    await transport.close();

    const removed = log.next('card.removed', READER);
    await slot.remove();
    await removed;
    await insert(holder.id);
    transport = await connect();
    expect(await userAuthPinTriesLeft(transport)).toBe(2);
    await verifyUserAuthPin(transport, holder.card.userAuthPin!);
    expect(await userAuthPinTriesLeft(transport)).toBe(3);
  });

  it('refuses the PIN of the PIN-locked card without sending a VERIFY', async () => {
    const holder = person('matsumoto-kazuko');
    const card = await insert(holder.id);
    const transport = await connect();
    expect(await userAuthPinTriesLeft(transport)).toBe(0);
    const verifies: Uint8Array[] = [];
    const stop = card.onCommand((command) => {
      if (command[1] === 0x20 && command.length > 5) verifies.push(command);
    });
    expect(await errorCodeOf(verifyUserAuthPin(transport, holder.card.userAuthPin!))).toBe('PIN_LOCKED');
    stop();
    expect(verifies).toEqual([]);
  });

  it('reads the face photo of a 顔認証 card, whose PIN is blocked', async () => {
    const holder = person('shimizu-takuya');
    await insert(holder.id);
    const transport = await connect();
    expect(await userAuthPinTriesLeft(transport)).toBe(0);
    const face = await readCardFace(transport, printedCollationNumberB(holder));
    expect(face.birthDate).toBe(holder.birthDate);
    expect(face.facePhoto.length).toBeGreaterThan(1000);
  });

  it('reads the second card after a quick swap, never the first one', async () => {
    await insert('shiken-taro');
    const first = await readUserAuthCertificate(await connect());
    await transports.pop()?.close();

    const removed = log.next('card.removed', READER);
    const inserted = log.next('card.inserted', READER);
    await slot.swap(cardOf('yakushi-taro'));
    await removed;
    await inserted;
    const second = await readUserAuthCertificate(await connect());
    expect(Buffer.from(second).equals(Buffer.from(pki.holders['yakushi-taro']!.userAuth.certificate))).toBe(true);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(false);
  });

  it('reports CARD_REMOVED when pulled at each kind of step of a certificate and card-face read, and stays up', async () => {
    const holder = person('shiken-taro');
    // Record the commands of one whole read, then pull the card at one command of each kind.
    let card = await insert(holder.id);
    const commands: Uint8Array[] = [];
    const stopRecording = card.onCommand((command) => commands.push(Uint8Array.from(command)));
    let transport = await connect();
    await readUserAuthCertificate(transport);
    await readCardFace(transport, printedCollationNumberB(holder));
    stopRecording();
    await transport.close();
    transports = [];
    const removedAfterRecording = log.next('card.removed', READER);
    await slot.remove();
    await removedAfterRecording;

    const isSelectAid = (command: Uint8Array) => command[1] === 0xa4 && command[2] === 0x04;
    const isVerify = (command: Uint8Array) => command[1] === 0x20 && command.length > 5;
    const reads = commands.flatMap((command, index) => (command[1] === 0xb0 ? [index] : []));
    const steps = new Set<number>([
      ...commands.flatMap((command, index) => (isSelectAid(command) || isVerify(command) ? [index] : [])),
      reads[0] ?? -1,
      reads[Math.floor(reads.length / 2)] ?? -1,
      reads[reads.length - 1] ?? -1,
    ]);
    expect(steps.size).toBeGreaterThanOrEqual(6);
    expect(steps.has(-1)).toBe(false);

    for (const step of [...steps].sort((a, b) => a - b)) {
      card = await insert(holder.id);
      let seen = 0;
      // The hook runs as a command arrives: arm the pull one command ahead of the chosen one.
      card.onCommand(() => {
        seen += 1;
        if (seen === step) card.faults.pullOnNextCommand();
      });
      if (step === 0) card.faults.pullOnNextCommand();
      transport = await connect();
      const removed = log.next('card.removed', READER);
      const code = await errorCodeOf(
        (async () => {
          await readUserAuthCertificate(transport);
          await readCardFace(transport, printedCollationNumberB(holder));
        })(),
      );
      expect(code, `pulled at command ${step + 1} of ${commands.length}`).toBe('CARD_REMOVED');
      await removed;
      await transport.close().catch(() => undefined);
      transports = [];
      slot.pull();
    }
  }, 120_000);
});
