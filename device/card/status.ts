import type { ResponseApdu } from './apdu';
import { CardError } from './card-error';
import { SW, swHex } from '../mynumber/status-words';

/** A status word the operation does not expect: UNEXPECTED_STATUS carrying it. */
export function unexpectedStatus(step: string, sw: number): CardError {
  return new CardError('UNEXPECTED_STATUS', `${step}: unexpected status word ${swHex(sw)}`, { statusWord: sw });
}

/**
 * The data of a `9000` answer. `6982` means a PIN the command needs was not verified; any other
 * status word is unexpected.
 */
export function requireOk(response: ResponseApdu, step: string): Uint8Array {
  if (response.sw === SW.ok) return response.data;
  if (response.sw === SW.securityStatusNotSatisfied) {
    throw new CardError('SECURITY_STATUS_NOT_SATISFIED', `${step}: the card wants a verified PIN first (6982)`, {
      statusWord: response.sw,
    });
  }
  throw unexpectedStatus(step, response.sw);
}

/** Answers to SELECT of an application that mean "no such application here": not our card. */
const NOT_THIS_APPLICATION = new Set<number>([
  SW.fileNotFound,
  SW.incorrectP1P2,
  0x6a81, // function not supported
  SW.insNotSupported,
  SW.claNotSupported,
  SW.logicalChannelNotSupported,
]);

/** SELECT of one of the card's applications: a card without it is not a マイナンバーカード. */
export function requireApplicationSelected(response: ResponseApdu, step: string): void {
  if (response.sw === SW.ok) return;
  if (NOT_THIS_APPLICATION.has(response.sw)) {
    throw new CardError('NOT_MY_NUMBER_CARD', `${step}: the card has no such application (${swHex(response.sw)})`, {
      statusWord: response.sw,
    });
  }
  throw unexpectedStatus(step, response.sw);
}
