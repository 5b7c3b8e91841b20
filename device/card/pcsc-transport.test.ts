import { describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { PcscResult } from './pcsc-errors';
import { connectPcscTransport, EXTENDED_RESPONSE_LENGTH, PcscTransport, resolveTransportOptions, SHORT_RESPONSE_LENGTH } from './pcsc-transport';
import type { PcscTransportOptions } from './pcsc-transport';
import { FakePcscReader, pcscError } from './testing/fake-pcsc';
import { failureOf } from './testing/failure-of';

const SELECT = fromHex('00A4040C0AD392F000260100000001');

function open(options: PcscTransportOptions = {}, reader = new FakePcscReader('R')): { reader: FakePcscReader; transport: PcscTransport } {
  return { reader, transport: new PcscTransport('R', reader, 2, resolveTransportOptions(options)) };
}

describe('PcscTransport exchanges', () => {
  it('transmits with the protocol and the short response buffer by default, and returns the answer', async () => {
    const { reader, transport } = open();
    const answer = transport.exchange(SELECT, 'select');
    const call = await reader.nextTransmit();
    expect(call).toMatchObject({ command: toHex(SELECT), responseLength: SHORT_RESPONSE_LENGTH, protocol: 2 });
    call.reply('9000');
    expect(toHex(await answer)).toBe('9000');
    expect(transport.maxResponseLength).toBe(258);
  });

  it('asks for extended-length answers when configured', async () => {
    const { reader, transport } = open({ maxResponseLength: EXTENDED_RESPONSE_LENGTH });
    const answer = transport.exchange(fromHex('00B00000000000'));
    (await reader.nextTransmit()).reply(`${'AA'.repeat(1800)}9000`);
    expect((await answer).length).toBe(1802);
    expect(reader.transmits[0]?.responseLength).toBe(65538);
  });

  it('runs one exchange at a time: the second waits until the first has its answer', async () => {
    const { reader, transport } = open();
    const first = transport.exchange(fromHex('00B0000001'));
    const second = transport.exchange(fromHex('00B0000102'));
    const firstCall = await reader.nextTransmit();
    // Let every pending callback run: the second has still not reached pcsclite.
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.transmits).toHaveLength(1);
    firstCall.reply('AA9000');
    const secondCall = await reader.nextTransmit();
    expect(secondCall.command).toBe('00B0000102');
    secondCall.reply('BBCC9000');
    expect([toHex(await first), toHex(await second)]).toEqual(['AA9000', 'BBCC9000']);
  });

  it('wipes its copy of the command (it may hold a PIN) once pcsclite has taken it', async () => {
    const { reader, transport } = open();
    const answer = transport.exchange(fromHex('002000800431323334'));
    (await reader.nextTransmit()).reply('9000');
    await answer;
    expect([...(reader.transmittedBuffers[0] ?? [])].every((byte) => byte === 0)).toBe(true);
  });

  it('an exchange without an answer in time is TIMEOUT, and so is every later one', async () => {
    const { reader, transport } = open({ exchangeTimeoutMs: 20 });
    const hung = transport.exchange(SELECT, 'select');
    expect((await failureOf(hung)).code).toBe('TIMEOUT');
    expect((await failureOf(transport.exchange(SELECT))).code).toBe('TIMEOUT');
    expect(reader.transmits).toHaveLength(1);
  });

  it('a PC/SC failure is mapped (card removed → CARD_REMOVED) and the connection is unusable afterwards', async () => {
    const { reader, transport } = open();
    const answer = transport.exchange(SELECT);
    (await reader.nextTransmit()).fail(pcscError('SCardTransmit', 'Card was removed', PcscResult.removedCard));
    expect((await failureOf(answer)).code).toBe('CARD_REMOVED');
    expect((await failureOf(transport.exchange(SELECT))).code).toBe('CARD_REMOVED');
    expect(reader.transmits).toHaveLength(1);
  });

  it('an empty answer (vpcd: card pulled mid-APDU) becomes CARD_REMOVED when the monitor then reports the card gone', async () => {
    const { reader, transport } = open();
    const answer = transport.exchange(SELECT);
    (await reader.nextTransmit()).reply('');
    await new Promise((resolve) => setImmediate(resolve));
    transport.markGone(new CardError('CARD_REMOVED', 'the card left R'));
    expect((await failureOf(answer)).code).toBe('CARD_REMOVED');
  });

  it('an empty answer with the card still there is MALFORMED_RESPONSE after the grace period', async () => {
    const { reader, transport } = open({ removalGraceMs: 10 });
    const answer = transport.exchange(SELECT);
    (await reader.nextTransmit()).reply('90');
    expect((await failureOf(answer)).code).toBe('MALFORMED_RESPONSE');
  });

  it('"Transaction failed" becomes CARD_REMOVED if the card is reported gone, else TRANSPORT_FAILED', async () => {
    const gone = open();
    const first = gone.transport.exchange(SELECT);
    (await gone.reader.nextTransmit()).fail(pcscError('SCardTransmit', 'Transaction failed', PcscResult.notTransacted));
    setImmediate(() => gone.transport.markGone(new CardError('CARD_REMOVED', 'gone')));
    expect((await failureOf(first)).code).toBe('CARD_REMOVED');

    const stays = open({ removalGraceMs: 10 });
    const second = stays.transport.exchange(SELECT);
    (await stays.reader.nextTransmit()).fail(pcscError('SCardTransmit', 'Transaction failed', PcscResult.notTransacted));
    expect((await failureOf(second)).code).toBe('TRANSPORT_FAILED');
  });

  it('the card reported gone during an exchange rejects it at once with that error', async () => {
    const { reader, transport } = open();
    const answer = transport.exchange(SELECT);
    await reader.nextTransmit();
    transport.markGone(new CardError('CARD_REMOVED', 'the card left R'));
    expect((await failureOf(answer)).code).toBe('CARD_REMOVED');
    expect((await failureOf(transport.exchange(SELECT))).code).toBe('CARD_REMOVED');
  });

  it('a pcsclite that throws instead of calling back is mapped too', async () => {
    const reader = new FakePcscReader('R');
    reader.transmit = () => {
      throw new Error('Card Reader not connected');
    };
    const { transport } = open({}, reader);
    expect((await failureOf(transport.exchange(SELECT))).code).toBe('TRANSPORT_FAILED');
  });
});

describe('PcscTransport.close', () => {
  it('disconnects with SCARD_UNPOWER_CARD once, and later exchanges fail with TRANSPORT_FAILED', async () => {
    let closedCalls = 0;
    const reader = new FakePcscReader('R');
    const transport = new PcscTransport('R', reader, 2, resolveTransportOptions(), () => {
      closedCalls += 1;
    });
    await Promise.all([transport.close(), transport.close()]);
    expect(reader.disconnects).toEqual([reader.SCARD_UNPOWER_CARD]);
    expect(closedCalls).toBe(1);
    expect((await failureOf(transport.exchange(SELECT))).code).toBe('TRANSPORT_FAILED');
    expect(reader.transmits).toHaveLength(0);
  });

  it('lets the exchange in flight finish first; exchanges queued behind it fail', async () => {
    const { reader, transport } = open();
    const inFlight = transport.exchange(SELECT);
    const queued = transport.exchange(SELECT);
    const call = await reader.nextTransmit();
    const closing = transport.close();
    call.reply('9000');
    expect(toHex(await inFlight)).toBe('9000');
    expect((await failureOf(queued)).code).toBe('TRANSPORT_FAILED');
    await closing;
    expect(reader.transmits).toHaveLength(1);
  });

  it('falls back to SCARD_LEAVE_CARD when unpowering fails, so pcsclite releases the handle', async () => {
    const { reader, transport } = open();
    reader.disconnectErrors = [pcscError('SCardDisconnect', 'Internal error', PcscResult.internalError)];
    await transport.close();
    expect(reader.disconnects).toEqual([reader.SCARD_UNPOWER_CARD, reader.SCARD_LEAVE_CARD]);
  });

  it('reports a coded error when the handle cannot be released at all', async () => {
    const { reader, transport } = open();
    reader.disconnectErrors = [
      pcscError('SCardDisconnect', 'Internal error', PcscResult.internalError),
      pcscError('SCardDisconnect', 'Internal error', PcscResult.internalError),
    ];
    expect((await failureOf(transport.close())).code).toBe('TRANSPORT_FAILED');
  });
});

describe('connectPcscTransport', () => {
  it('connects exclusively with T=1 only', async () => {
    const reader = new FakePcscReader('R');
    const transport = await connectPcscTransport('R', reader);
    expect(reader.connects).toEqual([{ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T1 }]);
    expect(transport.protocol).toBe(2);
    expect(transport.readerName).toBe('R');
  });

  it.each([
    [PcscResult.noSmartcard, 'NO_CARD'],
    [PcscResult.sharingViolation, 'CARD_BUSY'],
    [PcscResult.unresponsiveCard, 'CARD_UNRESPONSIVE'],
    [PcscResult.noService, 'PCSC_UNAVAILABLE'],
    [PcscResult.unknownReader, 'READER_NOT_FOUND'],
  ])('maps connect failure 0x%s to %s', async (result, code) => {
    const reader = new FakePcscReader('R');
    reader.connectBehaviour = { error: pcscError('SCardConnect', 'x', result) };
    expect((await failureOf(connectPcscTransport('R', reader))).code).toBe(code);
  });

  it('a reader object pcsclite still thinks connected (no protocol given) is CARD_BUSY', async () => {
    const reader = new FakePcscReader('R');
    reader.connectBehaviour = { protocol: undefined };
    expect((await failureOf(connectPcscTransport('R', reader))).code).toBe('CARD_BUSY');
  });

  it('a connect that never finishes is TIMEOUT', async () => {
    const reader = new FakePcscReader('R');
    reader.connectBehaviour = 'hang';
    expect((await failureOf(connectPcscTransport('R', reader, { exchangeTimeoutMs: 20 }))).code).toBe('TIMEOUT');
  });

  it('refuses a maxResponseLength outside 3..65538 with INVALID_INPUT', async () => {
    const reader = new FakePcscReader('R');
    expect((await failureOf(connectPcscTransport('R', reader, { maxResponseLength: 2 }))).code).toBe('INVALID_INPUT');
    expect((await failureOf(connectPcscTransport('R', reader, { maxResponseLength: 70_000 }))).code).toBe('INVALID_INPUT');
    expect(reader.connects).toEqual([]);
  });
});
