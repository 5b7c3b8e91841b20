import { constants, createHash, createPublicKey, publicEncrypt, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';

/**
 * RSASSA-PKCS1-v1_5 verification over a caller-built DigestInfo (RFC 8017 §8.2.2, encode and
 * compare). Needed because the card face signature puts 96 bytes under the SHA-256 OID, which no
 * hash-then-verify API accepts. The recovered block is never parsed, only compared.
 */
export const SHA256_OID = '2.16.840.1.101.3.4.2.1';

export function sha256(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

export function encodeDigestInfo(hashOid: string, digest: Uint8Array): Uint8Array {
  return new Uint8Array(
    new asn1js.Sequence({
      value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid }), new asn1js.Null()] }), new asn1js.OctetString({ valueHex: digest.slice() })],
    }).toBER(false),
  );
}

/** The RSA public key of a SubjectPublicKeyInfo, or undefined when it is not one. */
export function rsaPublicKeyFromSpki(spki: Uint8Array): KeyObject | undefined {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'rsa' ? key : undefined;
  } catch {
    return undefined;
  }
}

export function verifyPkcs1DigestInfo(key: KeyObject, digestInfo: Uint8Array, signature: Uint8Array): boolean {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (bits === undefined) return false;
  const modulusBytes = Math.ceil(bits / 8);
  if (signature.length !== modulusBytes) return false;
  const paddingLength = modulusBytes - digestInfo.length - 3;
  if (paddingLength < 8) return false;
  let recovered: Buffer;
  try {
    recovered = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false; // a "signature" not below n
  }
  const expected = Buffer.alloc(modulusBytes);
  expected[1] = 0x01;
  expected.fill(0xff, 2, 2 + paddingLength);
  expected.set(digestInfo, 3 + paddingLength);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}
