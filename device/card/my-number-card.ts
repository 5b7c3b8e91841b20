import { collationNumberBTriesLeft, readCardFace } from './card-face';
import type { CardFace } from './card-face';
import { inputAssistPinTriesLeft, readBasicFourInfo } from './input-assist';
import type { BasicFourInfo } from './input-assist';
import { readUserAuthCertificate, selectJpkiApplication, signWithUserAuthKey, userAuthPinTriesLeft, verifyUserAuthPin } from './jpki';
import type { CardSession } from '../../flow/ports/card-session';
import type { CardTransport } from './transport';
import type { VerifyOptions } from './verify';

/**
 * The operations reception needs from a マイナンバーカード, over any CardTransport (PC/SC, the
 * virtual card, a replayed transcript). Each method sends exactly the APDUs of card.md and throws
 * CardError with a code on every failure. Methods run one after another on the card: do not start
 * one before the previous has settled.
 */
export class MyNumberCard implements CardSession {
  constructor(readonly transport: CardTransport) {}

  /** SELECT of the JPKI AID; NOT_MY_NUMBER_CARD if the card lacks it. Logs out any PIN. */
  identify(): Promise<void> {
    return selectJpkiApplication(this.transport);
  }

  /** 利用者証明用電子証明書, DER (no PIN needed). */
  readUserAuthCertificate(): Promise<Uint8Array> {
    return readUserAuthCertificate(this.transport);
  }

  /** Tries left on the 4-digit 利用者証明用暗証番号 (uses no try). */
  userAuthPinTriesLeft(): Promise<number> {
    return userAuthPinTriesLeft(this.transport);
  }

  /** VERIFY of the 利用者証明用暗証番号 after reading its counter; see VerifyOptions for the last try. */
  verifyUserAuthPin(pin: string, options?: VerifyOptions): Promise<void> {
    return verifyUserAuthPin(this.transport, pin, options);
  }

  /**
   * 256-byte RSA signature (PKCS#1 v1.5, SHA-256) with the 利用者証明用 key over the message whose
   * SHA-256 digest is given. Call right after verifyUserAuthPin.
   */
  signWithUserAuthKey(sha256Digest: Uint8Array): Promise<Uint8Array> {
    return signWithUserAuthKey(this.transport, sha256Digest);
  }

  /** Tries left on 照合番号B (10 at most; uses no try). */
  collationNumberBTriesLeft(): Promise<number> {
    return collationNumberBTriesLeft(this.transport);
  }

  /** The card face with the photo, opened by 照合番号B (see deriveCollationNumberB). */
  readCardFace(collationNumberB: string, options?: VerifyOptions): Promise<CardFace> {
    return readCardFace(this.transport, collationNumberB, options);
  }

  /** Tries left on the 券面事項入力補助用暗証番号 (uses no try). */
  inputAssistPinTriesLeft(): Promise<number> {
    return inputAssistPinTriesLeft(this.transport);
  }

  /** 基本4情報 as text, opened by the 4-digit 入力補助 PIN. */
  readBasicFourInfo(pin: string, options?: VerifyOptions): Promise<BasicFourInfo> {
    return readBasicFourInfo(this.transport, pin, options);
  }

  /** Ends the connection, unpowering the card (which also ends any verified PIN). */
  close(): Promise<void> {
    return this.transport.close();
  }
}
