import { constants, createPrivateKey, createPublicKey, privateEncrypt, publicEncrypt, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { MockCaError } from './errors';

/**
 * RSASSA-PKCS1-v1_5 over a caller-built DigestInfo (RFC 8017 §8.2 with EMSA-PKCS1-v1_5 of §9.2).
 * The card face signature (card.md §5) puts 96 bytes under the SHA-256 OID, which no hash-then-sign
 * API accepts; so the encoding is done here and node:crypto only does the raw RSA operation (RSASP1 /
 * RSAVP1 with RSA_NO_PADDING). PKCS#1 v1.5 is deterministic: same key and message, same signature.
 */

export const SHA256_OID = '2.16.840.1.101.3.4.2.1';

/** DigestInfo ::= SEQUENCE { AlgorithmIdentifier { oid, NULL }, OCTET STRING digest } */
export function encodeDigestInfo(hashOid: string, digest: Uint8Array): Uint8Array {
  const digestInfo = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: hashOid }), new asn1js.Null()] }),
      new asn1js.OctetString({ valueHex: digest }),
    ],
  });
  return new Uint8Array(digestInfo.toBER(false));
}

/** RFC 8017 §9.2 steps 3–5: EM = 00 01 FF…FF 00 ‖ T, with at least 8 FF octets. */
export function emsaPkcs1V15Encode(digestInfo: Uint8Array, modulusBytes: number): Uint8Array {
  const paddingLength = modulusBytes - digestInfo.length - 3;
  if (paddingLength < 8) {
    throw new MockCaError('SIGNATURE_INPUT_INVALID', `a ${digestInfo.length}-byte DigestInfo does not fit a ${modulusBytes}-byte modulus`);
  }
  const encoded = new Uint8Array(modulusBytes);
  encoded[1] = 0x01;
  encoded.fill(0xff, 2, 2 + paddingLength);
  encoded[2 + paddingLength] = 0x00;
  encoded.set(digestInfo, 3 + paddingLength);
  return encoded;
}

function modulusBytesOf(key: KeyObject): number {
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa' || bits === undefined) throw new MockCaError('MALFORMED_DER', 'not an RSA key');
  return Math.ceil(bits / 8);
}

function privateKeyFromPkcs8(privateKeyPkcs8: Uint8Array): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(privateKeyPkcs8), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new MockCaError('MALFORMED_DER', 'not a PKCS#8 private key', { cause });
  }
}

function publicKeyFromSpki(publicKeySpki: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' });
  } catch (cause) {
    throw new MockCaError('MALFORMED_DER', 'not a SubjectPublicKeyInfo', { cause });
  }
}

/** The k-byte signature s = EM^d mod n. */
export function signDigestInfo(privateKeyPkcs8: Uint8Array, digestInfo: Uint8Array): Uint8Array {
  const key = privateKeyFromPkcs8(privateKeyPkcs8);
  const encoded = emsaPkcs1V15Encode(digestInfo, modulusBytesOf(key));
  return new Uint8Array(privateEncrypt({ key, padding: constants.RSA_NO_PADDING }, encoded));
}

/** Encode-and-compare verification (RFC 8017 §8.2.2): never parses the recovered block. */
export function verifyDigestInfoSignature(publicKeySpki: Uint8Array, digestInfo: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKeyFromSpki(publicKeySpki);
  const modulusBytes = modulusBytesOf(key);
  if (signature.length !== modulusBytes) return false;
  let recovered: Buffer;
  try {
    recovered = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    // OpenSSL refuses a "signature" not smaller than n.
    return false;
  }
  const expected = emsaPkcs1V15Encode(digestInfo, modulusBytes);
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}
