import { describe, expect, it } from 'vitest';
import { readBinary, verify } from './apdu';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { ScriptedTransport } from './testing/scripted-transport';
import { transceive } from './transceive';
import type { CardTransport } from './transport';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof CardError ? `${error.code}${error.statusWord === undefined ? '' : ` ${error.statusWord.toString(16)}`}` : 'NOT_A_CARD_ERROR';
  }
  return 'RESOLVED';
}

describe('transceive', () => {
  it('passes a plain answer through', async () => {
    const card = new ScriptedTransport([['00B0000004', '308206A09000']]);
    const response = await transceive(card, readBinary(0, 4), 'read');
    expect(toHex(response.data)).toBe('308206A0');
    expect(response.sw).toBe(0x9000);
    expect(card.steps).toEqual(['read']);
  });

  it('61xx: fetches the rest with GET RESPONSE, Le = xx (00 meaning 256), and joins the data', async () => {
    const card = new ScriptedTransport([
      ['00B0000000', `${'11'.repeat(4)}6110`],
      ['00C0000010', `${'22'.repeat(16)}6100`],
      ['00C0000000', `${'33'.repeat(256)}9000`],
    ]);
    const response = await transceive(card, readBinary(0, 256), 'read');
    expect(response.sw).toBe(0x9000);
    expect(toHex(response.data)).toBe('11'.repeat(4) + '22'.repeat(16) + '33'.repeat(256));
    card.assertComplete();
  });

  it('61xx ending in an error status word returns that status word', async () => {
    const card = new ScriptedTransport([
      ['00B0000000', '6102'],
      ['00C0000002', '6F00'],
    ]);
    expect((await transceive(card, readBinary(0, 256), 'read')).sw).toBe(0x6f00);
  });

  it('6Cxx: sends the same command again with Le = xx', async () => {
    const card = new ScriptedTransport([
      ['00B0000000', '6C20'],
      ['00B0000020', `${'AB'.repeat(32)}9000`],
    ]);
    const response = await transceive(card, readBinary(0, 256), 'read');
    expect(response.data.length).toBe(32);
    card.assertComplete();
  });

  it('6Cxx twice is UNEXPECTED_STATUS with the status word', async () => {
    const card = new ScriptedTransport([
      ['00B0000000', '6C20'],
      ['00B0000020', '6C10'],
    ]);
    expect(await codeOf(transceive(card, readBinary(0, 256), 'read'))).toBe('UNEXPECTED_STATUS 6c10');
  });

  it('a card that never stops answering 61xx is MALFORMED_RESPONSE, not a hang', async () => {
    let exchanges = 0;
    const endless: CardTransport = {
      maxResponseLength: 258,
      exchange: async () => {
        exchanges += 1;
        return fromHex('AA6101');
      },
      close: async () => {},
    };
    expect(await codeOf(transceive(endless, readBinary(0, 1), 'read'))).toBe('MALFORMED_RESPONSE 6101');
    expect(exchanges).toBeLessThanOrEqual(260);
  });

  it('a response without a status word is MALFORMED_RESPONSE', async () => {
    const card = new ScriptedTransport([['00B0000001', '90']]);
    expect(await codeOf(transceive(card, readBinary(0, 1), 'read'))).toBe('MALFORMED_RESPONSE');
  });

  it('wipes the encoded VERIFY command, PIN included, once the card has answered', async () => {
    const seen: Uint8Array[] = [];
    const keeper: CardTransport = {
      maxResponseLength: 258,
      exchange: async (apdu) => {
        seen.push(apdu);
        expect(toHex(apdu)).toBe('002000800431323334');
        return fromHex('9000');
      },
      close: async () => {},
    };
    await transceive(keeper, verify(new TextEncoder().encode('1234')), 'verify');
    expect([...(seen[0] ?? [])].every((byte) => byte === 0)).toBe(true);
  });
});
