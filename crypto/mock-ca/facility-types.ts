import type { KeyAndCertificate } from './types';

/** The facility PKI's input and output shapes (kept apart so the helpers and the generator share them without a cycle). */
export interface FacilityInput {
  /** 医療機関コード, 10 digits; unique; written as the subject's serialNumber. */
  medicalInstitutionCode: string;
  /** The subject CN (UTF8String when it is Japanese). */
  name: string;
  revoked?: boolean;
}

export interface FacilityPkiInput {
  seed: string;
  /** YYYY-MM-DD: the CA is valid 10 years from it, the server and client certificates 3 years 3 months. */
  startDate: string;
  facilities: ReadonlyArray<FacilityInput>;
  /** dNSName entries of the server certificate; default ['localhost']. */
  serverHostNames?: ReadonlyArray<string>;
  /** iPAddress entries of the server certificate; default ['127.0.0.1']. */
  serverIpAddresses?: ReadonlyArray<string>;
  /** YYYY-MM-DD, default the day after startDate: the revoked facilities' revocation date and the CRL's thisUpdate. */
  revocationDate?: string;
}

export interface FacilityCertificate extends KeyAndCertificate {
  medicalInstitutionCode: string;
  name: string;
  /** Lower-case hex SHA-256 of the certificate DER, for pinning a facility to its certificate. */
  certificateSha256: string;
  revoked: boolean;
  /** The key the facility's readers sign presence attestations with, certified by the facility CA. */
  readerKey: KeyAndCertificate;
}

export interface FacilityPki {
  ca: KeyAndCertificate;
  server: KeyAndCertificate;
  /** In input order. */
  facilities: FacilityCertificate[];
  /** DER v2 CRL of the facility CA listing the revoked facilities; nextUpdate is the CA's notAfter. */
  crl: Uint8Array;
}
