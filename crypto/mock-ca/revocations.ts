/**
 * Which leaf certificates the mock CA declares revoked, as plain data, and the vocabulary
 * (RFC 5280 §5.3.1 reasons). crl-builder.ts and ocsp-response-builder.ts turn it into CRLs and OCSP.
 */
export const CRL_REASON_CODES = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;

export type CrlReason = keyof typeof CRL_REASON_CODES;

export function isCrlReason(value: string): value is CrlReason {
  return Object.hasOwn(CRL_REASON_CODES, value);
}

/** Which of a card's two JPKI certificates, and so which CA kind issued it. */
export type JpkiCertificateKind = 'user-auth' | 'signing';

export interface RevocationEntry {
  holderId: string;
  certificate: JpkiCertificateKind;
  /** The issuing CA generation (its start date); with `certificate`, names the CRL it belongs on. */
  issuerGeneration: string;
  serialNumberHex: string;
  /** Japanese calendar day of the revocation. */
  revocationDate: string;
  /** 00:00:00 JST of that day, ISO 8601 UTC: the revocationDate a CRL entry carries. */
  revokedAt: string;
  reason: CrlReason;
}
