import type * as pkijs from 'pkijs';
import type { IssuingAuthority } from './ca';
import { signCertificate } from './certificate-builder';
import type { PkiCryptoEngine } from '../engine';
import { drbg } from './drbg';
import {
  authorityKeyIdentifier,
  CLIENT_AUTH_EKU_OID,
  extendedKeyUsage,
  keyIdentifierOf,
  keyUsage,
  SERVER_AUTH_EKU_OID,
  subjectAltNameHosts,
  subjectKeyIdentifier,
} from './extensions';
import { CENTRAL_SERVER_NAME, facilityReaderSubjectName, facilitySubjectName, formatName } from './names';
import type { DistinguishedName } from './names';
import { generateRsaKeyPair } from './rsa-keygen';
import { randomSerialNumber, serialNumberToHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * The TLS certificates under the facility CA: the mock central system's server certificate and one
 * client certificate per 医療機関. Each has its own key and serial from streams labelled with what it
 * is (`facility-server/…`, `facility/<code>/…`), so adding a facility changes no other certificate.
 */
interface TlsLeafContent {
  label: string;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** Extensions of the certificate's role; key identifiers are added here. */
  extensions: pkijs.Extension[];
}

/** Named for its first users; the reader key is issued the same way. */
async function issueTlsLeaf(seed: string, content: TlsLeafContent, ca: IssuingAuthority, engine: PkiCryptoEngine): Promise<KeyAndCertificate> {
  const keyPair = generateRsaKeyPair(drbg(seed, `${content.label}/key`));
  const serialNumber = randomSerialNumber(drbg(seed, `${content.label}/serial`));
  const certificate = await signCertificate(
    {
      serialNumber,
      issuer: ca.name,
      subject: content.subject,
      notBefore: content.notBefore,
      notAfter: content.notAfter,
      subjectPublicKeySpki: keyPair.publicKeySpki,
      extensions: [
        ...content.extensions,
        authorityKeyIdentifier(ca.keyIdentifier),
        subjectKeyIdentifier(keyIdentifierOf(keyPair.publicKeySpki)),
      ],
    },
    ca.signingKey,
    engine,
  );
  return {
    certificate,
    privateKeyPkcs8: keyPair.privateKeyPkcs8,
    publicKeySpki: keyPair.publicKeySpki,
    serialNumberHex: serialNumberToHex(serialNumber),
    subject: formatName(content.subject),
    notBefore: content.notBefore.toISOString(),
    notAfter: content.notAfter.toISOString(),
  };
}

/** keyEncipherment as well, for a client that still offers TLS 1.2 RSA key exchange. */
export async function issueCentralServerCertificate(
  seed: string,
  hosts: { hostNames: ReadonlyArray<string>; ipAddresses: ReadonlyArray<string> },
  validity: { notBefore: Date; notAfter: Date },
  ca: IssuingAuthority,
  engine: PkiCryptoEngine,
): Promise<KeyAndCertificate> {
  return issueTlsLeaf(
    seed,
    {
      label: 'facility-server',
      subject: CENTRAL_SERVER_NAME,
      ...validity,
      extensions: [
        keyUsage(['digitalSignature', 'keyEncipherment']),
        extendedKeyUsage([SERVER_AUTH_EKU_OID]),
        subjectAltNameHosts(hosts.hostNames, hosts.ipAddresses),
      ],
    },
    ca,
    engine,
  );
}

export async function issueFacilityClientCertificate(
  seed: string,
  facility: { medicalInstitutionCode: string; name: string },
  validity: { notBefore: Date; notAfter: Date },
  ca: IssuingAuthority,
  engine: PkiCryptoEngine,
): Promise<KeyAndCertificate> {
  return issueTlsLeaf(
    seed,
    {
      label: `facility/${facility.medicalInstitutionCode}`,
      subject: facilitySubjectName(facility.medicalInstitutionCode, facility.name),
      ...validity,
      extensions: [keyUsage(['digitalSignature']), extendedKeyUsage([CLIENT_AUTH_EKU_OID])],
    },
    ca,
    engine,
  );
}

/**
 * The facility's reader key (the §8.5 terminal-key idea, per facility): its readers sign presence
 * attestations with it, and the central system knows it as this facility's. Signing only, no TLS use.
 */
export async function issueFacilityReaderCertificate(
  seed: string,
  facility: { medicalInstitutionCode: string; name: string },
  validity: { notBefore: Date; notAfter: Date },
  ca: IssuingAuthority,
  engine: PkiCryptoEngine,
): Promise<KeyAndCertificate> {
  return issueTlsLeaf(
    seed,
    {
      label: `facility/${facility.medicalInstitutionCode}/reader`,
      subject: facilityReaderSubjectName(facility.medicalInstitutionCode, facility.name),
      ...validity,
      extensions: [keyUsage(['digitalSignature'])],
    },
    ca,
    engine,
  );
}
