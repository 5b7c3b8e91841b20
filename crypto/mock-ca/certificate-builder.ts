import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { PkiCryptoEngine, WebCryptoKey } from '../engine';
import { certificateTime } from './dates';
import { toPkijsName } from './names';
import type { DistinguishedName } from './names';

/**
 * Builds an X.509 v3 certificate with pkijs and signs it sha256WithRSAEncryption with the engine the
 * caller passes in. PKCS#1 v1.5 is deterministic, so equal content gives equal bytes.
 */
export interface CertificateContent {
  /** DER INTEGER content octets (see serial-numbers.ts). */
  serialNumber: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeySpki: Uint8Array;
  extensions: pkijs.Extension[];
}

const SIGNING_ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

/** A CryptoKey for signing certificates, imported once per issuing key. */
export async function importSigningKey(privateKeyPkcs8: Uint8Array, engine: PkiCryptoEngine): Promise<WebCryptoKey> {
  return engine.importKey('pkcs8', privateKeyPkcs8, SIGNING_ALGORITHM, false, ['sign']);
}

export async function signCertificate(content: CertificateContent, issuerKey: WebCryptoKey, engine: PkiCryptoEngine): Promise<Uint8Array> {
  const certificate = new pkijs.Certificate({
    version: 2, // v3
    serialNumber: new asn1js.Integer({ valueHex: content.serialNumber }),
    issuer: toPkijsName(content.issuer),
    subject: toPkijsName(content.subject),
    notBefore: certificateTime(content.notBefore),
    notAfter: certificateTime(content.notAfter),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(content.subjectPublicKeySpki),
    extensions: content.extensions,
  });
  await certificate.sign(issuerKey, 'SHA-256', engine);
  // toSchema() without re-encoding keeps exactly the TBS bytes that were signed.
  return new Uint8Array(certificate.toSchema().toBER(false));
}
