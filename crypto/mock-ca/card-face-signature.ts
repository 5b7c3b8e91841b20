import { createHash } from 'node:crypto';
import { encodeDigestInfo, SHA256_OID, signDigestInfo, verifyDigestInfoSignature } from './pkcs1-signature';

/**
 * DF28 of the 券面事項確認AP card face (card.md §5): PKCS#1 v1.5 over a DigestInfo with the SHA-256
 * OID whose OCTET STRING holds 96 bytes,
 *   SHA-256(DF22‖DF23‖DF24 TLVs) ‖ SHA-256(DF25‖DF26 TLVs) ‖ SHA-256(DF27 TLV).
 * DF29 (expiry) and DF2A (security code image) are not covered. Each argument is the concatenated
 * TLVs (tag, length and value) exactly as they sit in EF 0002.
 */
function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function cardFaceDigestInfo(df22To24Tlvs: Uint8Array, df25And26Tlvs: Uint8Array, df27Tlv: Uint8Array): Uint8Array {
  const digests = new Uint8Array(96);
  digests.set(sha256(df22To24Tlvs), 0);
  digests.set(sha256(df25And26Tlvs), 32);
  digests.set(sha256(df27Tlv), 64);
  return encodeDigestInfo(SHA256_OID, digests);
}

/** The DF28 value: 256 bytes for the RSA-2048 card-face key (PKCS#8 DER). */
export function signCardFace(
  cardFacePrivateKeyPkcs8: Uint8Array,
  df22To24Tlvs: Uint8Array,
  df25And26Tlvs: Uint8Array,
  df27Tlv: Uint8Array,
): Uint8Array {
  return signDigestInfo(cardFacePrivateKeyPkcs8, cardFaceDigestInfo(df22To24Tlvs, df25And26Tlvs, df27Tlv));
}

/** True when `signature` is DF28 for these TLVs under the card-face public key (SubjectPublicKeyInfo DER). */
export function verifyCardFaceSignature(
  cardFacePublicKeySpki: Uint8Array,
  df22To24Tlvs: Uint8Array,
  df25And26Tlvs: Uint8Array,
  df27Tlv: Uint8Array,
  signature: Uint8Array,
): boolean {
  return verifyDigestInfoSignature(cardFacePublicKeySpki, cardFaceDigestInfo(df22To24Tlvs, df25And26Tlvs, df27Tlv), signature);
}
