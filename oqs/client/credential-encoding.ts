import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/** TLS wants PEM; configuration may give DER bytes or PEM text. */
export function certificatePem(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : new X509Certificate(Buffer.from(value)).toString();
}

export function privateKeyPem(value: string | Uint8Array): string {
  return privateKeyObject(value).export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A private key from PEM text or PKCS#8 DER. */
export function privateKeyObject(value: string | Uint8Array): KeyObject {
  return typeof value === 'string' ? createPrivateKey(value) : createPrivateKey({ key: Buffer.from(value), format: 'der', type: 'pkcs8' });
}

/** PKCS#8 DER of a private key given as PEM or DER (what the presence signer takes). */
export function privateKeyPkcs8(value: string | Uint8Array): Uint8Array {
  return new Uint8Array(privateKeyObject(value).export({ format: 'der', type: 'pkcs8' }));
}

/** The id a reader key is registered under: SHA-256 of the certificate's SubjectPublicKeyInfo, lower-case hex. */
export function readerKeyIdOf(certificate: string | Uint8Array): string {
  const parsed = new X509Certificate(typeof certificate === 'string' ? certificate : Buffer.from(certificate));
  const spki = parsed.publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(spki).digest('hex');
}
