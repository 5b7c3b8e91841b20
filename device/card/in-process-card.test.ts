import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCardProfileJson } from '../virtual-card/card-profile-json';
import { InMemoryCounterStore } from '../virtual-card/counter-store';
import { EXTENDED_APDU_MAX_RESPONSE, InProcessTransport, SHORT_APDU_MAX_RESPONSE } from '../virtual-card/in-process-transport';
import { VirtualCard } from '../virtual-card/virtual-card';
import { readCardFace } from './card-face';
import { isCardError } from './card-error';
import { readBasicFourInfo } from './input-assist';
import { readUserAuthCertificate, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from './jpki';
import type { CardTransport } from './transport';

// The driver against the real emulator in process (no pcscd): the committed card of 試験 太郎.
const profileJson: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/cards/shiken-taro.json', import.meta.url)), 'utf8'));
const PIN = '1234';
const COLLATION_NUMBER_B = '55021720352285';

/** Counts the APDUs an operation sends. */
function counting(transport: CardTransport): CardTransport & { count: number } {
  const wrapper = {
    count: 0,
    maxResponseLength: transport.maxResponseLength,
    exchange: (apdu: Uint8Array, step?: string) => {
      wrapper.count += 1;
      return transport.exchange(apdu, step);
    },
    close: () => transport.close(),
  };
  return wrapper;
}

async function connect(maxResponseLength = SHORT_APDU_MAX_RESPONSE, counters = new InMemoryCounterStore()) {
  const card = new VirtualCard({ profile: parseCardProfileJson(profileJson), counters });
  const transport = await InProcessTransport.connect(card, { maxResponseLength });
  return { card, transport, counters };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'no error';
  } catch (error) {
    if (isCardError(error)) return error.code;
    throw error;
  }
}

describe('the card driver on the in-process virtual card', () => {
  it('reads the certificate in ceil(size/256) chunks, or in one extended read', async () => {
    const short = await connect();
    const chunked = counting(short.transport);
    const certificate = await readUserAuthCertificate(chunked);
    expect(chunked.count).toBe(2 + Math.ceil(certificate.length / 256));

    const long = await connect(EXTENDED_APDU_MAX_RESPONSE);
    const extended = counting(long.transport);
    expect(Buffer.from(await readUserAuthCertificate(extended)).equals(Buffer.from(certificate))).toBe(true);
    expect(extended.count).toBe(3);
    expect(new X509Certificate(certificate).subject).toMatch(/CN=/);
  });

  it('signs a digest after the PIN, verifiable with the certificate key', async () => {
    const { transport } = await connect();
    const certificate = new X509Certificate(await readUserAuthCertificate(transport));
    await verifyUserAuthPin(transport, PIN);
    const message = new TextEncoder().encode('challenge from the central system');
    const signature = await signWithUserAuthKey(transport, createHash('sha256').update(message).digest());
    expect(verifySignature('sha256', message, certificate.publicKey, signature)).toBe(true);
  });

  it('counts wrong PINs down, keeps the last try for staff, and stays locked in a new session', async () => {
    const { transport, counters } = await connect();
    expect(await codeOf(verifyUserAuthPin(transport, '9999'))).toBe('WRONG_PIN');
    expect(await codeOf(verifyUserAuthPin(transport, '9998'))).toBe('WRONG_PIN');
    expect(await userAuthPinTriesLeft(transport)).toBe(1);
    expect(await codeOf(verifyUserAuthPin(transport, PIN))).toBe('LAST_TRY_RESERVED');
    expect(await codeOf(verifyUserAuthPin(transport, '9997', { allowLastTry: true }))).toBe('PIN_LOCKED');
    await transport.close();

    const again = await connect(SHORT_APDU_MAX_RESPONSE, counters);
    expect(await userAuthPinTriesLeft(again.transport)).toBe(0);
    expect(await codeOf(verifyUserAuthPin(again.transport, PIN, { allowLastTry: true }))).toBe('PIN_LOCKED');
  });

  it('reads the card face with 照合番号B and 基本4情報 with the 入力補助 PIN', async () => {
    const { transport } = await connect();
    const face = await readCardFace(transport, COLLATION_NUMBER_B);
    expect(face).toMatchObject({ birthDate: '1980-02-17', sexCode: '1', expiryDate: '2035-02-17' });
    expect(face.signature.length).toBe(256);
    const info = await readBasicFourInfo(transport, PIN);
    expect(info).toMatchObject({ name: '試験　太郎', address: '東京都千代田区霞が関１－２－３', birthDate: '1980-02-17', sexCode: '1' });
  });

  it('reports CARD_REMOVED when the card is pulled during a read', async () => {
    const { card, transport } = await connect();
    const pulled = card.nextCommand((command) => command[1] === 0xb0);
    const reading = codeOf(readUserAuthCertificate(transport));
    await pulled;
    transport.pullCard();
    expect(await reading).toBe('CARD_REMOVED');
  });
});
