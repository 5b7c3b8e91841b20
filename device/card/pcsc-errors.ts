import { CardError, isCardError } from './card-error';
import type { CardErrorCode } from './card-error';

/**
 * pcsclite reports failures as plain Errors whose message ends in the PC/SC result code, e.g.
 * "SCardTransmit error: Card was removed.(0x80100069)". This maps every one of them to a
 * CardError code; what a code means depends on what was being done.
 */
export type PcscOperation = 'context' | 'status' | 'connect' | 'transmit' | 'disconnect';

/** PC/SC result codes (pcsclite.h) the driver tells apart. */
export const PcscResult = {
  cancelled: 0x80100002,
  invalidHandle: 0x80100003,
  insufficientBuffer: 0x80100008,
  unknownReader: 0x80100009,
  timeout: 0x8010000a,
  sharingViolation: 0x8010000b,
  noSmartcard: 0x8010000c,
  protoMismatch: 0x8010000f,
  notReady: 0x80100010,
  internalError: 0x80100001,
  commError: 0x80100013,
  unknownError: 0x80100014,
  notTransacted: 0x80100016,
  readerUnavailable: 0x80100017,
  noService: 0x8010001d,
  serviceStopped: 0x8010001e,
  noReadersAvailable: 0x8010002e,
  commDataLost: 0x8010002f,
  unsupportedCard: 0x80100065,
  unresponsiveCard: 0x80100066,
  unpoweredCard: 0x80100067,
  resetCard: 0x80100068,
  removedCard: 0x80100069,
} as const;

/** The PC/SC result code in a pcsclite error message, if there is one. */
export function pcscResultCode(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /\(0x([0-9a-fA-F]{8})\)\s*$/.exec(message);
  return match ? Number.parseInt(match[1] ?? '', 16) : undefined;
}

/**
 * Failures that, during an exchange, are what a card pulled mid-APDU looks like before pcscd has
 * noticed (vpcd: an empty answer, then "Transaction failed"). The transport confirms them against
 * the reader state before calling them CARD_REMOVED.
 */
export function mayMeanCardRemoved(result: number | undefined): boolean {
  return (
    result === PcscResult.notTransacted ||
    result === PcscResult.commDataLost ||
    result === PcscResult.commError ||
    result === PcscResult.unknownError ||
    result === PcscResult.internalError ||
    result === PcscResult.invalidHandle ||
    result === PcscResult.notReady
  );
}

function codeFor(result: number | undefined, operation: PcscOperation): CardErrorCode {
  const connecting = operation === 'connect';
  const daemonLevel = operation === 'context' || connecting;
  switch (result) {
    case PcscResult.noService:
    case PcscResult.serviceStopped:
    case PcscResult.commError:
      // No daemon before use is "unavailable"; losing it during use loses the reader.
      return daemonLevel ? 'PCSC_UNAVAILABLE' : 'READER_GONE';
    case PcscResult.unknownReader:
    case PcscResult.noReadersAvailable:
      return connecting ? 'READER_NOT_FOUND' : 'READER_GONE';
    case PcscResult.readerUnavailable:
      return 'READER_GONE';
    case PcscResult.noSmartcard:
      return connecting ? 'NO_CARD' : 'CARD_REMOVED';
    case PcscResult.removedCard:
    case PcscResult.resetCard:
    case PcscResult.unpoweredCard:
      return 'CARD_REMOVED';
    case PcscResult.sharingViolation:
      return 'CARD_BUSY';
    case PcscResult.unresponsiveCard:
    case PcscResult.unsupportedCard:
      return 'CARD_UNRESPONSIVE';
    case PcscResult.protoMismatch:
      // The card does not speak T=1; a マイナンバーカード's contact interface is T=1 only.
      return 'NOT_MY_NUMBER_CARD';
    case PcscResult.timeout:
      return 'TIMEOUT';
    case PcscResult.insufficientBuffer:
      // The card answered more than the transport's maxResponseLength.
      return 'MALFORMED_RESPONSE';
    default:
      // A context that cannot be had for any reason means no usable daemon.
      return operation === 'context' ? 'PCSC_UNAVAILABLE' : 'TRANSPORT_FAILED';
  }
}

/** Any pcsclite failure → a CardError with a code; a CardError passes through unchanged. */
export function cardErrorFromPcsc(error: unknown, operation: PcscOperation): CardError {
  if (isCardError(error)) return error;
  const result = pcscResultCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  return new CardError(codeFor(result, operation), `PC/SC ${operation} failed: ${detail}`, { cause: error });
}
