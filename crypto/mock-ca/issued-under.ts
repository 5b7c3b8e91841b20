import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { importSigningKey } from './certificate-builder';
import type { PkiCryptoEngine } from '../engine';
import { certificateTime } from './dates';
import { MockCaError } from './errors';
import { authorityKeyIdentifier, keyIdentifierOf, subjectKeyIdentifier } from './extensions';
import { toPkijsName } from './names';
import type { DistinguishedName } from './names';
import type { KeyAndCertificate } from './types';

/**
 * Issues a certificate under an already generated CA (a `KeyAndCertificate` of a TestPki), for the
 * scenario leaves and delegated OCSP responders. The issuer name is copied byte for byte from the
 * CA certificate, so name comparison in a verifier sees exactly what the CA's own leaves carry.
 */
export interface CertificateUnderCa {
  serialNumber: Uint8Array;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  subjectPublicKeySpki: Uint8Array;
  /** Kind-specific extensions; AKI and SKI are added here. */
  extensions: pkijs.Extension[];
}

export function parseCaCertificate(ca: KeyAndCertificate): pkijs.Certificate {
  try {
    return pkijs.Certificate.fromBER(ca.certificate);
  } catch (cause) {
    throw new MockCaError('MALFORMED_DER', 'the CA certificate does not parse', { cause });
  }
}

export async function signUnderCa(ca: KeyAndCertificate, content: CertificateUnderCa, engine: PkiCryptoEngine): Promise<Uint8Array> {
  const caCertificate = parseCaCertificate(ca);
  const certificate = new pkijs.Certificate({
    version: 2,
    serialNumber: new asn1js.Integer({ valueHex: content.serialNumber }),
    issuer: caCertificate.subject,
    subject: toPkijsName(content.subject),
    notBefore: certificateTime(content.notBefore),
    notAfter: certificateTime(content.notAfter),
    subjectPublicKeyInfo: pkijs.PublicKeyInfo.fromBER(content.subjectPublicKeySpki),
    extensions: [
      ...content.extensions,
      authorityKeyIdentifier(keyIdentifierOf(ca.publicKeySpki)),
      subjectKeyIdentifier(keyIdentifierOf(content.subjectPublicKeySpki)),
    ],
  });
  await certificate.sign(await importSigningKey(ca.privateKeyPkcs8, engine), 'SHA-256', engine);
  return new Uint8Array(certificate.toSchema().toBER(false));
}
