import { describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { cardErrorFromPcsc, mayMeanCardRemoved, pcscResultCode, PcscResult } from './pcsc-errors';
import type { PcscOperation } from './pcsc-errors';
import { pcscError } from './testing/fake-pcsc';

describe('pcscResultCode', () => {
  it('reads the code pcsclite puts at the end of its messages', () => {
    expect(pcscResultCode(new Error('SCardTransmit error: Card was removed.(0x80100069)'))).toBe(0x80100069);
    expect(pcscResultCode(new Error('Card Reader not connected'))).toBeUndefined();
    expect(pcscResultCode(undefined)).toBeUndefined();
  });
});

describe('cardErrorFromPcsc gives every pcsclite failure a code', () => {
  it.each<[string, number, PcscOperation, string]>([
    ['no daemon, making a context', PcscResult.noService, 'context', 'PCSC_UNAVAILABLE'],
    ['daemon stopped, watching', PcscResult.noService, 'status', 'READER_GONE'],
    ['daemon stopped, exchanging', PcscResult.serviceStopped, 'transmit', 'READER_GONE'],
    ['daemon gone, connecting', PcscResult.commError, 'connect', 'PCSC_UNAVAILABLE'],
    ['unknown reader, connecting', PcscResult.unknownReader, 'connect', 'READER_NOT_FOUND'],
    ['unknown reader, exchanging', PcscResult.unknownReader, 'transmit', 'READER_GONE'],
    ['reader unavailable', PcscResult.readerUnavailable, 'transmit', 'READER_GONE'],
    ['no card, connecting', PcscResult.noSmartcard, 'connect', 'NO_CARD'],
    ['no card, exchanging', PcscResult.noSmartcard, 'transmit', 'CARD_REMOVED'],
    ['card removed', PcscResult.removedCard, 'transmit', 'CARD_REMOVED'],
    ['card reset by someone else', PcscResult.resetCard, 'transmit', 'CARD_REMOVED'],
    ['card unpowered', PcscResult.unpoweredCard, 'transmit', 'CARD_REMOVED'],
    ['another process holds the card', PcscResult.sharingViolation, 'connect', 'CARD_BUSY'],
    ['mute card', PcscResult.unresponsiveCard, 'connect', 'CARD_UNRESPONSIVE'],
    ['unsupported card', PcscResult.unsupportedCard, 'connect', 'CARD_UNRESPONSIVE'],
    ['a T=0 card', PcscResult.protoMismatch, 'connect', 'NOT_MY_NUMBER_CARD'],
    ['PC/SC timeout', PcscResult.timeout, 'transmit', 'TIMEOUT'],
    ['answer bigger than the buffer', PcscResult.insufficientBuffer, 'transmit', 'MALFORMED_RESPONSE'],
    ['transaction failed', PcscResult.notTransacted, 'transmit', 'TRANSPORT_FAILED'],
    ['cancelled', PcscResult.cancelled, 'status', 'TRANSPORT_FAILED'],
    ['anything else making a context', 0x80100004, 'context', 'PCSC_UNAVAILABLE'],
    ['anything else', 0x80100004, 'transmit', 'TRANSPORT_FAILED'],
  ])('%s', (_name, result, operation, code) => {
    const error = cardErrorFromPcsc(pcscError('SCardX', 'text', result), operation);
    expect(error).toBeInstanceOf(CardError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(result.toString(16));
  });

  it('maps errors without a code and values that are not errors', () => {
    expect(cardErrorFromPcsc(new Error('Card Reader not connected'), 'transmit').code).toBe('TRANSPORT_FAILED');
    expect(cardErrorFromPcsc('weird', 'context').code).toBe('PCSC_UNAVAILABLE');
    expect(cardErrorFromPcsc(undefined, 'disconnect').code).toBe('TRANSPORT_FAILED');
  });

  it('passes a CardError through', () => {
    const original = new CardError('TIMEOUT', 'slow');
    expect(cardErrorFromPcsc(original, 'transmit')).toBe(original);
  });

  it('names the failures that may be a card pulled mid-APDU', () => {
    expect(mayMeanCardRemoved(PcscResult.notTransacted)).toBe(true);
    expect(mayMeanCardRemoved(PcscResult.commDataLost)).toBe(true);
    expect(mayMeanCardRemoved(PcscResult.removedCard)).toBe(false);
    expect(mayMeanCardRemoved(undefined)).toBe(false);
  });
});
