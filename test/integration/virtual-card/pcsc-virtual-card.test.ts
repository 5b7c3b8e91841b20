import { createHash, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JpkiFile, SHA256_DIGEST_INFO_PREFIX } from '../../../kernel/card/applications';
import { swHex } from '../../../device/mynumber/status-words';
import { statusWordOf } from '../../../device/virtual-card/apdu';
import { concatBytes, fromHex, toHex } from '../../../kernel/bytes';
import { InMemoryCounterStore } from '../../../device/virtual-card/counter-store';
import { command } from '../../../device/virtual-card/testing/card-commands';
import { buildTestProfile, generateTestKeys, testProfileParts } from '../../../device/virtual-card/testing/test-profile';
import { VirtualCard } from '../../../device/virtual-card/virtual-card';
import { vpcdReaderName, VirtualCardSlot } from '../../../device/virtual-card/virtual-card-slot';
import { ensurePcscd, type PcscdHandle } from '../../harness/pcscd';
import { eventCount, watchReader, type WatchedReader } from './pcsc-reader';

/**
 * The virtual card through the real pcscd and vpcd, on reader 1 only (`Virtual PCD 00 01`, port
 * 35964): reader 0 belongs to the card driver's tests. Every wait is for a pcscd status event or the
 * card's "command received" hook.
 */
const READER = 1;
const SECOND_CONTACT_ATR = fromHex('3BDA13FF8131FB468012392F31C173C601C03B');

const keys = generateTestKeys();
const counters = new InMemoryCounterStore();
const profile = buildTestProfile(keys, { id: 'integration-taro' });
const otherProfile = buildTestProfile(keys, { id: 'integration-hanako', atr: SECOND_CONTACT_ATR });
const authCertificate = testProfileParts(keys).jpki.userAuthCertificate;

let pcscd: PcscdHandle;
let watched: WatchedReader;
const slot = new VirtualCardSlot<VirtualCard>(READER);

const swOf = (response: Buffer): string => swHex(statusWordOf(response));

/** Inserts a card and resolves once pcscd reports it present with that card's ATR. */
async function insertAndSeeIt(card: VirtualCard): Promise<void> {
  const present = watched.nextStatus((status) => watched.isPresent(status) && toHex(status.atr ?? Buffer.alloc(0)) === toHex(card.atr));
  await slot.insert(card);
  await present;
}

async function removeAndSeeIt(): Promise<void> {
  if (!slot.card) return;
  const empty = watched.nextStatus((status) => watched.isEmpty(status));
  await slot.remove();
  await empty;
}

beforeAll(async () => {
  pcscd = await ensurePcscd();
  watched = await watchReader(vpcdReaderName(READER));
  const initial = watched.statuses[0];
  if (initial && !watched.isEmpty(initial)) {
    throw new Error(`${vpcdReaderName(READER)} already holds a card; these tests need it empty`);
  }
});

afterEach(async () => {
  if (watched.reader.connected) await watched.disconnect().catch(() => undefined);
  await removeAndSeeIt();
});

afterAll(async () => {
  watched?.close();
  await pcscd?.stop();
});

describe('the virtual card behind vpcd reader 1, through the real pcscd', () => {
  it('is seen inserted with the profile ATR, and removed', async () => {
    const card = new VirtualCard({ profile, counters });
    await insertAndSeeIt(card);
    expect(toHex(watched.statuses.at(-1)?.atr ?? Buffer.alloc(0))).toBe('3BC5FF8131FB458073C6010000');
    await removeAndSeeIt();
    expect(card.isPowered).toBe(false);
  });

  it('answers SELECT, READ BINARY (short and extended Le), VERIFY and COMPUTE DIGITAL SIGNATURE', async () => {
    const card = new VirtualCard({ profile, counters });
    await insertAndSeeIt(card);
    const protocol = await watched.connect();
    expect(protocol).toBe(watched.reader.SCARD_PROTOCOL_T1);

    expect(swOf(await watched.transmit(command.selectApplication('jpki'), protocol))).toBe('9000');
    expect(swOf(await watched.transmit(command.selectFile(JpkiFile.userAuthCertificate), protocol))).toBe('9000');
    const header = await watched.transmit(command.readBinary(0, 4), protocol);
    expect(toHex(header)).toBe(`${toHex(authCertificate.subarray(0, 4))}9000`);
    const whole = await watched.transmit(fromHex('00B00000000000'), protocol);
    expect(swOf(whole)).toBe('9000');
    expect(whole.subarray(0, authCertificate.length)).toEqual(Buffer.from(authCertificate));

    expect(swOf(await watched.transmit(command.verify('1234', 0x18), protocol))).toBe('9000');
    expect(swOf(await watched.transmit(command.selectFile(JpkiFile.userAuthPrivateKey), protocol))).toBe('9000');
    const challenge = new TextEncoder().encode('integration challenge');
    const digestInfo = concatBytes(SHA256_DIGEST_INFO_PREFIX, createHash('sha256').update(challenge).digest());
    const signed = await watched.transmit(command.sign(digestInfo), protocol);
    expect(swOf(signed)).toBe('9000');
    expect(verify('sha256', challenge, keys.userAuth.publicKey, signed.subarray(0, 256))).toBe(true);
  });

  it('counts a wrong PIN; the retries query through pcscd uses no try', async () => {
    const card = new VirtualCard({ profile: { ...profile, id: 'integration-retries' }, counters });
    await insertAndSeeIt(card);
    const protocol = await watched.connect();
    await watched.transmit(command.selectApplication('jpki'), protocol);
    await watched.transmit(command.selectFile(JpkiFile.userAuthPin), protocol);
    expect(swOf(await watched.transmit(command.verify('0000'), protocol))).toBe('63C2');
    expect(swOf(await watched.transmit(command.retriesQuery(), protocol))).toBe('63C2');
    expect(swOf(await watched.transmit(command.retriesQuery(), protocol))).toBe('63C2');
    expect(card.triesLeft('jpki', JpkiFile.userAuthPin)).toBe(2);
  });

  it('a card pulled mid-APDU: the transmit settles without an R-APDU, pcscd sees it removed, the next transmit fails', async () => {
    const card = new VirtualCard({ profile, counters });
    await insertAndSeeIt(card);
    const protocol = await watched.connect();
    expect(swOf(await watched.transmit(command.selectApplication('jpki'), protocol))).toBe('9000');

    card.faults.pullOnNextCommand();
    const arrived = card.nextCommand();
    const removed = watched.nextStatus((status) => watched.isEmpty(status));
    const outcome = await watched.transmit(command.selectFile(JpkiFile.userAuthCertificate), protocol).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    );
    await arrived;
    // pcscd's vpcd driver turns the dropped connection into an empty "successful" response, not an
    // error; either way there is no status word. The driver must treat < 2 bytes as a removal.
    if ('response' in outcome) expect(outcome.response.length).toBeLessThan(2);
    else expect(String(outcome.error)).toMatch(/SCard/);
    await removed;
    await expect(watched.transmit(command.selectApplication('jpki'), protocol)).rejects.toThrow(/SCardTransmit/);
    expect(card.isPowered).toBe(false);
  });

  it('a swap of two cards is seen as a removal then an insertion, and the new card answers', async () => {
    const first = new VirtualCard({ profile, counters });
    const second = new VirtualCard({ profile: otherProfile, counters });
    await insertAndSeeIt(first);
    const before = watched.statuses.length;
    const countBefore = eventCount(watched.statuses.at(-1) ?? { state: 0 });
    const secondPresent = watched.nextStatus((status) => watched.isPresent(status) && status.atr?.[1] === 0xda);
    await slot.swap(second);
    const arrived = await secondPresent;
    const between = watched.statuses.slice(before);
    expect(between.some((status) => watched.isEmpty(status))).toBe(true);
    expect(eventCount(arrived) - countBefore).toBe(2);

    const protocol = await watched.connect();
    const received = second.commandsReceived;
    expect(swOf(await watched.transmit(command.selectApplication('jpki'), protocol))).toBe('9000');
    expect(second.commandsReceived).toBe(received + 1);
  });
});
