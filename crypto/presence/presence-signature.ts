import { createPrivateKey, sign } from 'node:crypto';
import { encodeDigestInfo, rsaPublicKeyFromSpki, SHA256_OID, sha256, verifyPkcs1DigestInfo } from '../verify/pkcs1-verify';

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

export function verifyPresenceSignature(publicKeySpki: Uint8Array, statement: Uint8Array, signature: Uint8Array): boolean {
  const key = rsaPublicKeyFromSpki(publicKeySpki);
  return key !== undefined && verifyPkcs1DigestInfo(key, presenceDigestInfo(statement), signature);
}
