import { encodeDigestInfo, rsaPublicKeyFromSpki, SHA256_OID, sha256, verifyPkcs1DigestInfo } from './pkcs1-verify';
import { failure } from './result-codes';
import type { VerificationFailure } from './result-codes';

/**
 * Card-face integrity (card.md §5): DF28 is PKCS#1 v1.5 over a DigestInfo with the SHA-256 OID whose
 * digest is 96 bytes, SHA-256(DF22‖DF23‖DF24) ‖ SHA-256(DF25‖DF26) ‖ SHA-256(DF27), each part the
 * whole TLVs as read (device/card's `CardFace.signedParts`). DF29 and DF2A are not covered, so they
 * cannot be vouched for here.
 */
export interface CardFaceSignedParts {
  birthDateSexKey: Uint8Array;
  nameAddressImages: Uint8Array;
  facePhoto: Uint8Array;
}

export function cardFaceDigestInfo(parts: CardFaceSignedParts): Uint8Array {
  const digests = new Uint8Array(96);
  digests.set(sha256(parts.birthDateSexKey), 0);
  digests.set(sha256(parts.nameAddressImages), 32);
  digests.set(sha256(parts.facePhoto), 64);
  return encodeDigestInfo(SHA256_OID, digests);
}

export function verifyCardFace(input: { cardFacePublicKeySpki: Uint8Array; signedParts: CardFaceSignedParts; signature: Uint8Array }): { ok: true } | VerificationFailure {
  const key = rsaPublicKeyFromSpki(input.cardFacePublicKeySpki);
  if (!key) return failure('KEY_MALFORMED', 'card-face key is not an RSA SubjectPublicKeyInfo');
  return verifyPkcs1DigestInfo(key, cardFaceDigestInfo(input.signedParts), input.signature)
    ? { ok: true }
    : failure('CARD_FACE_SIGNATURE_INVALID', 'DF28 does not verify over DF22–DF27');
}
