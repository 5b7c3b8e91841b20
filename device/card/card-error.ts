/**
 * Every failure of the card path has a code the flow can act on and a message for logs. Messages
 * never carry PINs, 照合番号 or card data; the kiosk turns a code into words for the patient.
 */
export type CardErrorCode =
  /** pcscd is not running or refused the context. */
  | 'PCSC_UNAVAILABLE'
  /** The named reader does not exist. */
  | 'READER_NOT_FOUND'
  /** The reader went away (unplugged, daemon stopped) during use. */
  | 'READER_GONE'
  /** No card in the reader when one was needed. */
  | 'NO_CARD'
  /** The card was pulled, or reset by someone else, during use. */
  | 'CARD_REMOVED'
  /** Another process holds the card exclusively. */
  | 'CARD_BUSY'
  /** A card is in the reader but does not answer (mute, unsupported ATR, inserted the wrong way). */
  | 'CARD_UNRESPONSIVE'
  /** The card answered but is not a マイナンバーカード (SELECT of the JPKI AID failed). */
  | 'NOT_MY_NUMBER_CARD'
  /** A wrong PIN or 照合番号; `triesLeft` says how many remain. */
  | 'WRONG_PIN'
  /** The PIN or 照合番号 is blocked (6984, or no tries left). */
  | 'PIN_LOCKED'
  /**
   * Only one try is left and the caller did not allow spending it: the driver sent no VERIFY, so
   * staff can take over before the key locks (reader-flow.md §3). `triesLeft` is 1.
   */
  | 'LAST_TRY_RESERVED'
  /** The operation needs a PIN that was not verified (6982). */
  | 'SECURITY_STATUS_NOT_SATISFIED'
  /** A status word the operation does not expect; `statusWord` holds it. */
  | 'UNEXPECTED_STATUS'
  /** The card's data did not parse (TLV, certificate length, file layout). */
  | 'MALFORMED_RESPONSE'
  /** An input the caller gave is not valid (PIN format, 照合番号B digits, digest length). */
  | 'INVALID_INPUT'
  /** The card or reader did not answer in time. */
  | 'TIMEOUT'
  /** Any other transport failure. */
  | 'TRANSPORT_FAILED'
  /** A replayed APDU transcript received a command other than the one recorded next (or none was left). */
  | 'TRANSCRIPT_MISMATCH';

export interface CardErrorDetails {
  statusWord?: number;
  triesLeft?: number;
  cause?: unknown;
}

export class CardError extends Error {
  readonly code: CardErrorCode;
  readonly statusWord: number | undefined;
  readonly triesLeft: number | undefined;

  constructor(code: CardErrorCode, message: string, details: CardErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CardError';
    this.code = code;
    this.statusWord = details.statusWord;
    this.triesLeft = details.triesLeft;
  }
}

export function isCardError(value: unknown, code?: CardErrorCode): value is CardError {
  return value instanceof CardError && (code === undefined || value.code === code);
}

/** Every code once; the type makes the compiler reject a code added to the union but not here. */
const EVERY_CARD_ERROR_CODE: Record<CardErrorCode, true> = {
  PCSC_UNAVAILABLE: true,
  READER_NOT_FOUND: true,
  READER_GONE: true,
  NO_CARD: true,
  CARD_REMOVED: true,
  CARD_BUSY: true,
  CARD_UNRESPONSIVE: true,
  NOT_MY_NUMBER_CARD: true,
  WRONG_PIN: true,
  PIN_LOCKED: true,
  LAST_TRY_RESERVED: true,
  SECURITY_STATUS_NOT_SATISFIED: true,
  UNEXPECTED_STATUS: true,
  MALFORMED_RESPONSE: true,
  INVALID_INPUT: true,
  TIMEOUT: true,
  TRANSPORT_FAILED: true,
  TRANSCRIPT_MISMATCH: true,
};

/** For text that claims to hold a code (a transcript file): true only for a real CardErrorCode. */
export function isCardErrorCode(value: string): value is CardErrorCode {
  return Object.hasOwn(EVERY_CARD_ERROR_CODE, value);
}

export const CARD_ERROR_CODES = Object.keys(EVERY_CARD_ERROR_CODE) as CardErrorCode[];
