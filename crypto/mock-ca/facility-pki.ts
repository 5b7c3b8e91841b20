import { createHash } from 'node:crypto';
import { createRootAuthority } from './ca';
import type { IssuingAuthority } from './ca';
import { buildCrl } from './crl-builder';
import type { PkiCryptoEngine } from '../engine';
import { startOfJstDay } from './dates';
import { MockCaError } from './errors';
import { issueCentralServerCertificate, issueFacilityClientCertificate, issueFacilityReaderCertificate } from './facility-certificates';
import { FACILITY_CA_VALID_YEARS, facilityLeafValidity } from './facility-dates';
import { validateFacilityPkiInput } from './facility-input-validation';
import { FACILITY_CA_NAME, formatName } from './names';
import type { FacilityCertificate, FacilityPki, FacilityPkiInput } from './facility-types';
import { serialNumberFromHex, serialNumberToHex } from './serial-numbers';
import type { KeyAndCertificate } from './types';

/**
 * The facility PKI of the mock central system's mutual TLS: a CA, the server certificate of the
 * central system and one client certificate per 医療機関 with its 医療機関コード in the subject, plus
 * a CRL of the revoked ones. Deterministic like the rest of the mock CA: same input, same bytes.
 */
export { medicalInstitutionCodeOf } from './facility-code';
export { readFacilityPki, writeFacilityPki, FACILITY_PKI_FORMAT } from './facility-folder';

export type { FacilityCertificate, FacilityInput, FacilityPki, FacilityPkiInput } from './facility-types';

export async function generateFacilityPki(input: FacilityPkiInput, engine: PkiCryptoEngine): Promise<FacilityPki> {
  const settings = validateFacilityPkiInput(input);
  const { seed } = input;
  const caAuthority = await createRootAuthority(
    seed,
    { keyLabel: 'facility-ca/key', name: FACILITY_CA_NAME, startDate: input.startDate, validYears: FACILITY_CA_VALID_YEARS, serialNumber: serialNumberFromHex('01') },
    engine,
  );
  const ca = authorityEntry(caAuthority);
  const validity = facilityLeafValidity(input.startDate);
  const server = await issueCentralServerCertificate(
    seed,
    { hostNames: settings.serverHostNames, ipAddresses: settings.serverIpAddresses },
    validity,
    caAuthority,
    engine,
  );

  const serialOwners = new Map<string, string>([[server.serialNumberHex, 'the server']]);
  const facilities: FacilityCertificate[] = [];
  for (const facility of input.facilities) {
    const issued = await issueFacilityClientCertificate(seed, facility, validity, caAuthority, engine);
    // A CRL names certificates by serial: two facilities sharing one would revoke each other.
    const owner = serialOwners.get(issued.serialNumberHex);
    if (owner !== undefined) {
      throw new MockCaError('IDENTIFIER_COLLISION', `serial ${issued.serialNumberHex} drawn for both ${owner} and ${facility.medicalInstitutionCode}`);
    }
    serialOwners.set(issued.serialNumberHex, facility.medicalInstitutionCode);
    const readerKey = await issueFacilityReaderCertificate(seed, facility, validity, caAuthority, engine);
    facilities.push({
      ...issued,
      medicalInstitutionCode: facility.medicalInstitutionCode,
      name: facility.name,
      certificateSha256: createHash('sha256').update(issued.certificate).digest('hex'),
      revoked: facility.revoked ?? false,
      readerKey,
    });
  }

  const revokedAt = startOfJstDay(settings.revocationDate);
  const crl = await buildCrl(
    ca,
    facilities.filter((facility) => facility.revoked).map((facility) => ({ serialNumberHex: facility.serialNumberHex, revokedAt: revokedAt.toISOString() })),
    revokedAt,
    caAuthority.notAfter,
    engine,
  );
  return { ca, server, facilities, crl };
}

function authorityEntry(authority: IssuingAuthority): KeyAndCertificate {
  return {
    certificate: authority.certificate,
    privateKeyPkcs8: authority.keyPair.privateKeyPkcs8,
    publicKeySpki: authority.keyPair.publicKeySpki,
    serialNumberHex: serialNumberToHex(authority.serialNumber),
    subject: formatName(authority.name),
    notBefore: authority.notBefore.toISOString(),
    notAfter: authority.notAfter.toISOString(),
  };
}
