// The port through which the reception flow uses the patient's マイナンバーカード, whatever carries the
// APDUs (PC/SC, the virtual card, a replayed transcript). Types only; device/card implements it.

/** Every way a card operation can fail, as a code the flow can act on. */
export type CardFailureCode =
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
   * Only one try is left and the caller did not allow spending it: no VERIFY was sent, so staff can
   * take over before the key locks (reader-flow.md §3). `triesLeft` is 1.
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

/**
 * What a failed card operation rejects with. Messages never carry PINs, 照合番号 or card data; the
 * kiosk turns the code into words for the patient.
 */
export interface CardFailure {
  readonly code: CardFailureCode;
  readonly message: string;
  /** Tries left on the key, for WRONG_PIN and LAST_TRY_RESERVED. */
  readonly triesLeft: number | undefined;
  readonly statusWord: number | undefined;
}

/** What a VERIFY may risk. */
export interface PinVerifyOptions {
  /** Spend the last try; off by default, so the flow can hand over to staff before the key locks. */
  readonly allowLastTry?: boolean;
}

/** The 券面事項確認AP card face the flow needs: the photo for the face check and what the card signed. */
export interface CardFaceRecord {
  /** DF22 生年月日 (西暦), ISO YYYY-MM-DD. */
  readonly birthDate: string;
  /** DF23 性別, one ASCII digit: 1 男, 2 女. */
  readonly sexCode: string;
  /** DF29 有効期限, ISO YYYY-MM-DD. */
  readonly expiryDate: string;
  /** DF27: the photo, JPEG 2000 (JP2), greyscale. */
  readonly facePhoto: Uint8Array;
  /** DF28: the 256-byte signature over the three signed parts. */
  readonly signature: Uint8Array;
  /** The TLV encodings DF28 covers, in the order card.md §5 hashes them. */
  readonly signedParts: {
    readonly birthDateSexKey: Uint8Array;
    readonly nameAddressImages: Uint8Array;
    readonly facePhoto: Uint8Array;
  };
}

/**
 * One card in one reader, for one reception. Operations run one after another (never start one before
 * the previous has settled); each rejects with a CardFailure.
 */
export interface CardSession {
  /** Checks the card is a マイナンバーカード (NOT_MY_NUMBER_CARD otherwise); logs out any verified PIN. */
  identify(): Promise<void>;
  /** 利用者証明用電子証明書, DER (no PIN needed). */
  readUserAuthCertificate(): Promise<Uint8Array>;
  /** Tries left on 照合番号B, without using one (10 at most). */
  collationNumberBTriesLeft(): Promise<number>;
  /** The card face with the photo, opened by the 14-digit 照合番号B (see CardFront). */
  readCardFace(collationNumberB: string, options?: PinVerifyOptions): Promise<CardFaceRecord>;
  /** Tries left on the 4-digit 利用者証明用暗証番号, without using one. */
  userAuthPinTriesLeft(): Promise<number>;
  /** VERIFY of the 利用者証明用暗証番号. */
  verifyUserAuthPin(pin: string, options?: PinVerifyOptions): Promise<void>;
  /** 256-byte RSA signature (PKCS#1 v1.5) with the 利用者証明用 key over a SHA-256 digest; right after verifyUserAuthPin. */
  signWithUserAuthKey(sha256Digest: Uint8Array): Promise<Uint8Array>;
  /** Ends the session, unpowering the card (which also ends any verified PIN). */
  close(): Promise<void>;
}
