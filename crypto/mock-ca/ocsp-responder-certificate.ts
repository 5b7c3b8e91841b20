import type { PkiCryptoEngine } from '../engine';
import { drbg } from './drbg';
import { extendedKeyUsage, keyUsage, OCSP_SIGNING_EKU_OID, ocspNoCheck } from './extensions';
import { parseCaCertificate, signUnderCa } from './issued-under';
import { describeName } from './names';
import type { DistinguishedName } from './names';
import { generateRsaKeyPair } from './rsa-keygen';
import { randomSerialNumber, serialNumberToHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * A delegated OCSP responder certificate (RFC 6960 §4.2.2.2): issued by the CA whose certificates it
 * answers for, id-kp-OCSPSigning, id-pkix-ocsp-nocheck, valid as long as the CA. Its key comes from
 * the stream `ocsp-responder-key/<label>` (one RSA key generation, 0.1–0.4 s).
 */
export async function issueOcspResponderCertificate(
  seed: string,
  ca: KeyAndCertificate,
  label: string,
  engine: PkiCryptoEngine,
): Promise<KeyAndCertificate> {
  const keyPair = generateRsaKeyPair(drbg(seed, `ocsp-responder-key/${label}`));
  const serialNumber = randomSerialNumber(drbg(seed, `ocsp-responder-serial/${label}`));
  const subject: DistinguishedName = [
    ['C', 'JP'],
    ['O', 'JPKI-EMU'],
    ['OU', 'OCSP responder'],
    ['CN', label],
  ];
  const notBefore = new Date(ca.notBefore);
  const notAfter = new Date(ca.notAfter);
  const certificate = await signUnderCa(
    ca,
    {
      serialNumber,
      subject,
      notBefore,
      notAfter,
      subjectPublicKeySpki: keyPair.publicKeySpki,
      extensions: [keyUsage(['digitalSignature']), extendedKeyUsage([OCSP_SIGNING_EKU_OID]), ocspNoCheck()],
    },
    engine,
  );
  return {
    certificate,
    privateKeyPkcs8: keyPair.privateKeyPkcs8,
    publicKeySpki: keyPair.publicKeySpki,
    serialNumberHex: serialNumberToHex(serialNumber),
    subject: describeName(parseCaCertificate({ ...ca, certificate }).subject),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
  };
}
