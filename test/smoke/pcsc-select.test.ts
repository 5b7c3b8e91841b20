import pcsclite from 'pcsclite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertIntoVpcd, type VpcdInsertion } from '../../device/virtual-card/vpcd-link';
import { JPKI_AID, MinimalCard, MY_NUMBER_CONTACT_ATR } from '../harness/minimal-card';
import { ensurePcscd, type PcscdHandle } from '../harness/pcscd';

type PcscContext = ReturnType<typeof pcsclite>;
type CardReader = Parameters<Parameters<PcscContext['on']>[1]>[0] & { name: string };

const READER_NAME = 'Virtual PCD 00 00';

let pcscd: PcscdHandle;
let pcsc: PcscContext;
let reader: CardReader;
/** Context errors while the test runs; closing the context cancels its status wait, which is expected. */
const contextErrors: string[] = [];
let closing = false;

/** Resolves with the next status of `reader` that satisfies `wanted`; every status is an event from pcscd. */
function nextStatus(wanted: (state: number) => boolean): Promise<{ state: number; atr?: Buffer }> {
  return new Promise((resolve) => {
    const onStatus = (status: { state: number; atr?: Buffer }): void => {
      if (!wanted(status.state)) return;
      reader.off('status', onStatus);
      resolve(status);
    };
    reader.on('status', onStatus);
  });
}

function transmit(apdu: Uint8Array, protocol: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    reader.transmit(Buffer.from(apdu), 258, protocol, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

beforeAll(async () => {
  pcscd = await ensurePcscd();
  pcsc = pcsclite();
  pcsc.on('error', (error) => {
    if (!closing) contextErrors.push(String(error));
  });
  reader = await new Promise<CardReader>((resolve) => {
    pcsc.on('reader', (found) => {
      // Every reader object needs an error listener: an unhandled one would crash the process.
      found.on('error', () => {});
      if (found.name === READER_NAME) resolve(found as CardReader);
    });
  });
});

afterAll(async () => {
  closing = true;
  pcsc?.close();
  await pcscd?.stop();
});

describe('a minimal card behind vpcd, through the real pcscd', () => {
  let insertion: VpcdInsertion | undefined;
  const card = new MinimalCard();

  afterAll(async () => {
    await insertion?.remove();
  });

  it('is seen inserted, with its ATR, when it connects to vpcd', async () => {
    const present = nextStatus((state) => (state & reader.SCARD_STATE_PRESENT) !== 0);
    insertion = await insertIntoVpcd(card);
    const status = await present;
    expect([...(status.atr ?? [])]).toEqual([...MY_NUMBER_CONTACT_ATR]);
  });

  it('answers SELECT of the JPKI AID with 9000 and an unknown AID with 6A82', async () => {
    const protocol = await new Promise<number>((resolve, reject) => {
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE }, (error, chosen) => (error ? reject(error) : resolve(chosen)));
    });
    expect(protocol).toBe(reader.SCARD_PROTOCOL_T1);

    const selectJpki = Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, JPKI_AID.length, ...JPKI_AID);
    expect([...(await transmit(selectJpki, protocol))]).toEqual([0x90, 0x00]);

    const unknownAid = Uint8Array.of(0x00, 0xa4, 0x04, 0x0c, 0x05, 0xa0, 0x00, 0x00, 0x00, 0x99);
    expect([...(await transmit(unknownAid, protocol))]).toEqual([0x6a, 0x82]);

    // The answers came from our card: it saw both commands, byte for byte.
    expect(card.received.map((apdu) => Buffer.from(apdu).toString('hex'))).toEqual([
      Buffer.from(selectJpki).toString('hex'),
      Buffer.from(unknownAid).toString('hex'),
    ]);
    await new Promise<void>((resolve, reject) => {
      reader.disconnect(reader.SCARD_UNPOWER_CARD, (error) => (error ? reject(error) : resolve()));
    });
  });

  it('is seen removed when the card closes its vpcd connection', async () => {
    const empty = nextStatus((state) => (state & reader.SCARD_STATE_EMPTY) !== 0);
    await insertion?.remove();
    insertion = undefined;
    const status = await empty;
    expect(status.state & reader.SCARD_STATE_PRESENT).toBe(0);
    expect(contextErrors).toEqual([]);
  });
});
