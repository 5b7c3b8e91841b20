import { createPrivateKey, sign, verify, type KeyObject } from 'node:crypto';
import { encodeDigestInfo, rsaPublicKeyFromSpki, SHA256_OID, sha256 } from '../verify/pkcs1-verify';

/**
 * Signatures over a presence statement: RSASSA-PKCS1-v1_5 with SHA-256, by the card's 利用者証明用 key
 * (暗証番号: the terminal sends `presenceDigestInfo` to the card's COMPUTE DIGITAL SIGNATURE) or by the
 * facility's reader key (顔認証, 目視). Both verify the same way.
 */
export function presenceDigestInfo(statement: Uint8Array): Uint8Array {
  return encodeDigestInfo(SHA256_OID, sha256(statement));
}

/** The reader's signature; its key stays in the terminal process. */
export function signPresenceStatement(readerPrivateKeyPkcs8: Uint8Array, statement: Uint8Array): Uint8Array {
  const key = createPrivateKey({ key: Buffer.from(readerPrivateKeyPkcs8), format: 'der', type: 'pkcs8' });
  return new Uint8Array(sign('sha256', statement, key));
}

/** `publicKey`: a SubjectPublicKeyInfo, or the key already made from one (a caller checking many signatures keeps it). */
export function verifyPresenceSignature(publicKey: Uint8Array | KeyObject, statement: Uint8Array, signature: Uint8Array): boolean {
  const key = publicKey instanceof Uint8Array ? presenceKeyFromSpki(publicKey) : publicKey;
  if (key === undefined) return false;
  try {
    // RSASSA-PKCS1-v1_5 with SHA-256: the same DigestInfo the card signs.
    return verify('sha256', statement, key, signature);
  } catch {
    return false;
  }
}

/** The RSA public key of a SubjectPublicKeyInfo, or undefined when it is none. */
export function presenceKeyFromSpki(spki: Uint8Array): KeyObject | undefined {
  return rsaPublicKeyFromSpki(spki);
}
