import { createHash, verify as verifySignature } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCardFace } from '../../../device/card/card-face';
import { CardError } from '../../../device/card/card-error';
import { toHex } from '../../../kernel/bytes';
import { readUserAuthCertificate, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from '../../../device/card/jpki';
import { EXTENDED_RESPONSE_LENGTH } from '../../../device/card/pcsc-transport';
import type { PcscTransport } from '../../../device/card/pcsc-transport';
import { ReaderMonitor } from '../../../device/card/reader-monitor';
import type { CardTransport } from '../../../device/card/transport';
import { insertIntoVpcd, VPCD_FIRST_PORT } from '../../../device/virtual-card/vpcd-link';
import type { VpcdInsertion } from '../../../device/virtual-card/vpcd-link';
import { MY_NUMBER_CONTACT_ATR } from '../../harness/minimal-card';
import { ensurePcscd } from '../../harness/pcscd';
import type { PcscdHandle } from '../../harness/pcscd';
import { EventLog } from '../../harness/reader-event-log';
import { DEFAULT_COLLATION_NUMBER_B, DEFAULT_PIN, ScriptedCard } from './scripted-card';

// Reader 0 only: another engineer's tests use reader 1 (port 35964) at the same time.
const READER = 'Virtual PCD 00 00';
const PORT = VPCD_FIRST_PORT;

let pcscd: PcscdHandle;
let monitor: ReaderMonitor;
let log: EventLog;
/** What a test left behind, undone after it whatever happened. */
let insertions: VpcdInsertion[] = [];
let transports: PcscTransport[] = [];

beforeAll(async () => {
  pcscd = await ensurePcscd();
  monitor = new ReaderMonitor();
  log = new EventLog(monitor);
  const found = log.next('reader.added', READER);
  monitor.start();
  await found;
});

afterEach(async () => {
  await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
  for (const insertion of insertions) {
    const removed = monitor.readers.find((reader) => reader.name === READER)?.card === 'absent' ? undefined : log.next('card.removed', READER);
    await insertion.remove();
    await removed;
  }
  insertions = [];
  transports = [];
});

afterAll(async () => {
  await monitor?.close();
  await pcscd?.stop();
});

/** Puts `card` into reader 0 and waits until the monitor reports it inserted. */
async function insert(card: ScriptedCard): Promise<VpcdInsertion> {
  const inserted = log.next('card.inserted', READER);
  const insertion = await insertIntoVpcd(card, { port: PORT });
  insertions.push(insertion);
  await inserted;
  return insertion;
}

async function remove(insertion: VpcdInsertion): Promise<void> {
  const removed = log.next('card.removed', READER);
  await insertion.remove();
  insertions = insertions.filter((known) => known !== insertion);
  await removed;
}

async function connect(options?: Parameters<ReaderMonitor['connect']>[1]): Promise<PcscTransport> {
  const transport = await monitor.connect(READER, options);
  transports.push(transport);
  return transport;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof CardError ? error.code : `not a CardError: ${String(error)}`;
  }
  return 'RESOLVED';
}

const reads = (card: ScriptedCard) => card.received.filter((command) => command.startsWith('00B0'));

describe('card insertion and removal', () => {
  it('reports the card inserted, with its ATR, and removed', async () => {
    const card = new ScriptedCard({ seed: 1 });
    const inserted = log.next('card.inserted', READER);
    const insertion = await insertIntoVpcd(card, { port: PORT });
    insertions.push(insertion);
    const event = await inserted;
    expect(event.type === 'card.inserted' && toHex(event.atr)).toBe(toHex(MY_NUMBER_CONTACT_ATR));
    expect(monitor.readers.find((reader) => reader.name === READER)?.card).toBe('present');

    const from = log.events.length;
    await remove(insertion);
    expect(log.typesFor(READER, from)).toEqual(['card.removed']);
    expect(monitor.readers.find((reader) => reader.name === READER)?.card).toBe('absent');
  });

  it('connect without a card is NO_CARD, to an unknown reader READER_NOT_FOUND', async () => {
    expect(await codeOf(monitor.connect(READER))).toBe('NO_CARD');
    expect(await codeOf(monitor.connect('Virtual PCD 00 99'))).toBe('READER_NOT_FOUND');
  });
});

describe('the certificate through pcscd', () => {
  it('short APDUs: a 1 500-byte certificate in 6 READ BINARY of ≤256 bytes (8 APDUs with the SELECTs)', async () => {
    const card = new ScriptedCard({ seed: 2, certificateLength: 1500 });
    await insert(card);
    const transport = await connect();
    expect(transport.maxResponseLength).toBe(258);
    const certificate = await readUserAuthCertificate(transport);
    expect(toHex(certificate)).toBe(toHex(card.certificate));
    expect(reads(card)).toEqual(['00B0000000', '00B0010000', '00B0020000', '00B0030000', '00B0040000', '00B00500DC']);
    expect(card.received).toHaveLength(8);
  });

  it('extended length: the same certificate in ONE READ BINARY with Le 00 00 00 (3 APDUs)', async () => {
    const card = new ScriptedCard({ seed: 3, certificateLength: 1500 });
    await insert(card);
    const transport = await connect({ maxResponseLength: EXTENDED_RESPONSE_LENGTH });
    const certificate = await readUserAuthCertificate(transport);
    expect(toHex(certificate)).toBe(toHex(card.certificate));
    expect(reads(card)).toEqual(['00B00000000000']);
    expect(card.received).toHaveLength(3);
  });

  it('the exclusive connection keeps another PC/SC client out (CARD_BUSY) until it is closed', async () => {
    const card = new ScriptedCard({ seed: 4 });
    await insert(card);
    const transport = await connect();
    expect(await codeOf(monitor.connect(READER))).toBe('CARD_BUSY');

    const other = new ReaderMonitor();
    const otherLog = new EventLog(other);
    const otherReady = otherLog.next('card.inserted', READER);
    other.start();
    await otherReady;
    try {
      expect(await codeOf(other.connect(READER))).toBe('CARD_BUSY');
      await transport.close();
      const second = await other.connect(READER);
      expect(toHex(await readUserAuthCertificate(second))).toBe(toHex(card.certificate));
      await second.close();
    } finally {
      await other.close();
    }
  });
});

describe('PIN, signature and card face through pcscd', () => {
  it('reads the counter, verifies the PIN and signs a challenge that verifies with the card key', async () => {
    const card = new ScriptedCard({ seed: 5 });
    await insert(card);
    const transport = await connect();
    expect(await userAuthPinTriesLeft(transport)).toBe(3);
    await verifyUserAuthPin(transport, DEFAULT_PIN);
    const challenge = Buffer.from('reception challenge 2025-01-01T00:00:00Z');
    const signature = await signWithUserAuthKey(transport, createHash('sha256').update(challenge).digest());
    expect(signature).toHaveLength(256);
    expect(verifySignature('sha256', challenge, card.publicKey, signature)).toBe(true);
  });

  it('a wrong PIN is WRONG_PIN with the tries left; signing then is SECURITY_STATUS_NOT_SATISFIED', async () => {
    const card = new ScriptedCard({ seed: 6 });
    await insert(card);
    const transport = await connect();
    await expect(verifyUserAuthPin(transport, '0000')).rejects.toMatchObject({ code: 'WRONG_PIN', triesLeft: 2 });
    expect(card.pinTriesLeft).toBe(2);
    expect(await codeOf(signWithUserAuthKey(transport, new Uint8Array(32)))).toBe('SECURITY_STATUS_NOT_SATISFIED');
  });

  it('one try left: the driver sends no VERIFY unless allowed', async () => {
    const card = new ScriptedCard({ seed: 7, pinTries: 1 });
    await insert(card);
    const transport = await connect();
    await expect(verifyUserAuthPin(transport, '0000')).rejects.toMatchObject({ code: 'LAST_TRY_RESERVED', triesLeft: 1 });
    expect(card.pinTriesLeft).toBe(1);
    expect(card.received.filter((command) => command.startsWith('0020008004'))).toEqual([]);
  });

  it('reads the card face with 照合番号B', async () => {
    const card = new ScriptedCard({ seed: 8 });
    await insert(card);
    const transport = await connect();
    const face = await readCardFace(transport, DEFAULT_COLLATION_NUMBER_B);
    expect(toHex(face.raw)).toBe(toHex(card.cardFace));
    expect(face.birthDate).toBe('1980-02-17');
    // The card saw the 照合番号B only masked in its log; the VERIFY went through.
    expect(card.received).toContain(`002000800E${'**'.repeat(14)}`);
  });
});

describe('a card pulled mid-operation', () => {
  type Operation = (transport: CardTransport) => Promise<unknown>;
  const readCertificate: Operation = (transport) => readUserAuthCertificate(transport);
  const verifyAndSign: Operation = async (transport) => {
    await verifyUserAuthPin(transport, DEFAULT_PIN);
    return signWithUserAuthKey(transport, new Uint8Array(32));
  };
  const cases: Array<[string, Operation, number]> = [
    ...['SELECT AP', 'SELECT EF', 'READ 1', 'READ 2', 'READ 3', 'READ 4', 'READ 5', 'READ 6'].map(
      (step, index): [string, Operation, number] => [`certificate read, during ${step}`, readCertificate, index],
    ),
    ...['SELECT AP', 'SELECT key', 'tries query', 'VERIFY', 'SELECT private key', 'SIGN'].map(
      (step, index): [string, Operation, number] => [`PIN and signature, during ${step}`, verifyAndSign, index],
    ),
  ];

  it.each(cases)('%s: CARD_REMOVED, no hang, the monitor sees the removal', async (_name, operation, step) => {
    const card = new ScriptedCard({ seed: 20 + step, certificateLength: 1500 });
    const insertion = await insert(card);
    const transport = await connect();
    const removed = log.next('card.removed', READER);
    card.pullAt(step, () => {
      void insertion.remove();
    });
    expect(await codeOf(operation(transport))).toBe('CARD_REMOVED');
    await removed;
    insertions = insertions.filter((known) => known !== insertion);
    // The connection stays failed; closing it is still clean.
    expect(await codeOf(transport.exchange(Uint8Array.of(0x00, 0xa4, 0x04, 0x0c)))).toBe('CARD_REMOVED');
    await transport.close();
  });

  it('an exchange after the card left fails with CARD_REMOVED at once', async () => {
    const card = new ScriptedCard({ seed: 40 });
    const insertion = await insert(card);
    const transport = await connect();
    await readUserAuthCertificate(transport);
    const sent = card.received.length;
    await remove(insertion);
    expect(await codeOf(readUserAuthCertificate(transport))).toBe('CARD_REMOVED');
    expect(card.received).toHaveLength(sent);
  });
});

describe('two cards swapped quickly', () => {
  it('reports the removal then the insertion, in order, and reads the second card, never the first', async () => {
    const first = new ScriptedCard({ seed: 50 });
    const second = new ScriptedCard({ seed: 51 });
    expect(toHex(first.certificate)).not.toBe(toHex(second.certificate));
    const firstInsertion = await insert(first);
    const transport = await connect();
    expect(toHex(await readUserAuthCertificate(transport))).toBe(toHex(first.certificate));
    await transport.close();

    const from = log.events.length;
    const removed = log.next('card.removed', READER);
    const inserted = log.next('card.inserted', READER);
    // No wait between pulling one card and placing the other.
    await firstInsertion.remove();
    insertions = insertions.filter((known) => known !== firstInsertion);
    insertions.push(await insertIntoVpcd(second, { port: PORT }));
    await removed;
    await inserted;
    expect(log.typesFor(READER, from)).toEqual(['card.removed', 'card.inserted']);

    const next = await connect();
    expect(toHex(await readUserAuthCertificate(next))).toBe(toHex(second.certificate));
  });

  it('a connection to the first card fails with CARD_REMOVED after the swap: it never reads the second card', async () => {
    const first = new ScriptedCard({ seed: 52 });
    const second = new ScriptedCard({ seed: 53 });
    const firstInsertion = await insert(first);
    const transport = await connect();
    await readUserAuthCertificate(transport);

    const inserted = log.next('card.inserted', READER);
    await firstInsertion.remove();
    insertions = insertions.filter((known) => known !== firstInsertion);
    insertions.push(await insertIntoVpcd(second, { port: PORT }));
    const receivedBefore = second.received.length;
    expect(await codeOf(readUserAuthCertificate(transport))).toBe('CARD_REMOVED');
    await inserted;
    // Nothing the old connection sent reached the second card.
    expect(second.received).toHaveLength(receivedBefore);
  });
});
