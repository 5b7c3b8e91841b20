import type { CardFailure, CardFailureCode } from '../../flow/ports/card-session';

/**
 * Every failure of the card path has a code the flow can act on (the CardSession port lists them) and
 * a message for logs. Messages never carry PINs, 照合番号 or card data.
 */
export type CardErrorCode = CardFailureCode;

export interface CardErrorDetails {
  statusWord?: number;
  triesLeft?: number;
  cause?: unknown;
}

export class CardError extends Error implements CardFailure {
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
