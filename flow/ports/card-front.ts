// The port through which the flow obtains 照合番号B, the key that opens the card face: read from what
// is printed on the card front (OCR of a camera image, or typed by staff). Types only.

export type CardFrontFailureCode =
  /** The printed fields could not be read (OCR found no card, or not every field). */
  | 'CARD_FRONT_UNREADABLE'
  /** What was read is not a valid 照合番号B source (a date that does not exist, a 3-digit code). */
  | 'INVALID_INPUT'
  /** The patient or staff gave up before the fields were read. */
  | 'CANCELLED';

export type CardFrontReading =
  /** 14 digits: 生年月日 (和暦 YYMMDD), 有効期限 year (西暦 YYYY), セキュリティコード (card.md §5). */
  | { readonly ok: true; readonly collationNumberB: string }
  | { readonly ok: false; readonly code: CardFrontFailureCode };

/** A source of 照合番号B. Never logs or keeps the digits it returns. */
export interface CardFront {
  /** `signal` ends a wait the flow gave up on (the reading is then CANCELLED). */
  readCollationNumberB(signal?: AbortSignal): Promise<CardFrontReading>;
}
