import { computeDigitalSignature, selectApplication, selectFile } from './apdu';
import { CardError } from './card-error';
import { readTlvFile } from './file-read';
import { concatBytes } from '../../kernel/bytes';
import { requireApplicationSelected, requireOk } from './status';
import { transceive } from './transceive';
import type { CardTransport } from './transport';
import { assertDigits, queryTriesLeft, verifyKey } from './verify';
import type { KeyToVerify, VerifyOptions } from './verify';
import { AID, JpkiFile, MAX_TRIES, SHA256_DIGEST_INFO_PREFIX } from '../../kernel/card/applications';

/** 公的個人認証AP operations (card.md §3). */

const SHA256_DIGEST_LENGTH = 32;
/** RSA-2048: the signature is as long as the modulus. */
const RSA_2048_SIGNATURE_LENGTH = 256;
/** Every DER certificate is a SEQUENCE. */
const DER_SEQUENCE = 0x30;

const USER_AUTH_PIN: KeyToVerify = {
  keyFile: JpkiFile.userAuthPin,
  maxTries: MAX_TRIES.userAuthPin,
  label: '利用者証明用暗証番号',
};

/**
 * Identifies a マイナンバーカード by SELECT of the JPKI AID (never by ATR: ATRs vary by interface
 * and lot). Any card without the application throws NOT_MY_NUMBER_CARD. Selecting an application
 * clears every verified PIN on the card.
 */
export async function selectJpkiApplication(transport: CardTransport): Promise<void> {
  const step = 'select JPKI AP';
  requireApplicationSelected(await transceive(transport, selectApplication(AID.jpki), step), step);
}

/** 利用者証明用電子証明書 (EF 000A, readable without PIN), DER, without the file's filler. */
export async function readUserAuthCertificate(transport: CardTransport): Promise<Uint8Array> {
  await selectJpkiApplication(transport);
  const selectStep = 'select 利用者証明用電子証明書';
  requireOk(await transceive(transport, selectFile(JpkiFile.userAuthCertificate), selectStep), selectStep);
  const certificate = await readTlvFile(transport, 'read 利用者証明用電子証明書');
  if (certificate[0] !== DER_SEQUENCE) {
    throw new CardError('MALFORMED_RESPONSE', 'EF 000A does not start with a DER SEQUENCE');
  }
  return certificate;
}

/** Tries left on the 利用者証明用暗証番号 (retries query on key 0018; uses no try). */
export async function userAuthPinTriesLeft(transport: CardTransport): Promise<number> {
  await selectJpkiApplication(transport);
  return queryTriesLeft(transport, USER_AUTH_PIN);
}

/**
 * VERIFY of the 利用者証明用暗証番号 (key 0018), after reading its counter. The PIN is checked for
 * 4 digits before anything is sent. Throws WRONG_PIN (with triesLeft), PIN_LOCKED, or
 * LAST_TRY_RESERVED (see VerifyOptions). Selects the JPKI AP first, which also logs out: call
 * this before signWithUserAuthKey, and nothing that selects an application in between.
 */
export async function verifyUserAuthPin(transport: CardTransport, pin: string, options: VerifyOptions = {}): Promise<void> {
  assertDigits(pin, 4, USER_AUTH_PIN.label);
  await selectJpkiApplication(transport);
  await verifyKey(transport, USER_AUTH_PIN, pin, options);
}

/**
 * Signs with the 利用者証明用 private key (EF 0017) after verifyUserAuthPin.
 *
 * The caller gives the 32-byte SHA-256 digest of what is to be signed (for PIN-mode reception,
 * the server's challenge): hashing belongs to whoever defines the signed message, and a digest
 * cannot be mistaken for data. The driver sends `80 2A 00 80` with the SHA-256 DigestInfo; the card
 * pads it (PKCS#1 v1.5 type 1), so the result verifies as RSASSA-PKCS1-v1_5 with SHA-256 over the
 * original message. Returns the 256-byte signature. 6982 (PIN not verified) throws
 * SECURITY_STATUS_NOT_SATISFIED. Does not select the AP, which would clear the verified PIN.
 */
export async function signWithUserAuthKey(transport: CardTransport, sha256Digest: Uint8Array): Promise<Uint8Array> {
  if (sha256Digest.length !== SHA256_DIGEST_LENGTH) {
    throw new CardError('INVALID_INPUT', `a SHA-256 digest has ${SHA256_DIGEST_LENGTH} bytes, got ${sha256Digest.length}`);
  }
  const selectStep = 'select 利用者証明用秘密鍵';
  requireOk(await transceive(transport, selectFile(JpkiFile.userAuthPrivateKey), selectStep), selectStep);
  const step = 'sign with 利用者証明用秘密鍵';
  const digestInfo = concatBytes(SHA256_DIGEST_INFO_PREFIX, sha256Digest);
  const signature = requireOk(await transceive(transport, computeDigitalSignature(digestInfo), step), step);
  if (signature.length !== RSA_2048_SIGNATURE_LENGTH) {
    throw new CardError('MALFORMED_RESPONSE', `${step}: a ${signature.length}-byte signature, expected ${RSA_2048_SIGNATURE_LENGTH}`);
  }
  return signature;
}
