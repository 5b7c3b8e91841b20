// The port through which the reception flow checks a card's 利用者証明用電子証明書: chain to the trust
// anchors, then revocation. Types only; crypto/verify implements it.

import type { CardFaceRecord } from './card-session';

/**
 * Every way a verification by crypto/ can end, as one closed union: the certificate and its revocation
 * (what CertVerifier returns), and the checks the flow runs next to it (proof of possession, the card
 * face signature).
 */
export type VerificationCode =
  // The certificate itself
  | 'CERT_MALFORMED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'ISSUER_UNKNOWN'
  | 'ISSUER_EXPIRED'
  | 'SIGNATURE_INVALID'
  | 'NOT_A_CA'
  | 'END_ENTITY_CLAIMS_CA'
  | 'KEY_USAGE_INVALID'
  | 'POLICY_MISSING'
  | 'SIGNING_CERTIFICATE_NOT_ALLOWED'
  // Revocation
  | 'REVOKED'
  | 'REVOCATION_UNKNOWN'
  | 'REVOCATION_UNAVAILABLE'
  | 'CRL_MALFORMED'
  | 'CRL_EXPIRED'
  | 'CRL_SIGNATURE_INVALID'
  | 'OCSP_MALFORMED'
  | 'OCSP_SIGNATURE_INVALID'
  | 'OCSP_STALE'
  | 'OCSP_NONCE_MISMATCH'
  // Proof of possession and the card face
  | 'KEY_MALFORMED'
  | 'CHALLENGE_UNKNOWN_OR_USED'
  | 'POSSESSION_SIGNATURE_INVALID'
  | 'CARD_FACE_SIGNATURE_INVALID'
  // Parsers of other structures
  | 'DER_MALFORMED';

/** A failed check. `detail` names structures, generations and serial numbers for logs, never a person. */
export interface CertVerificationFailure {
  readonly ok: false;
  readonly code: VerificationCode;
  readonly detail: string;
}

/** How revocation was decided: a fresh CRL, the cached CRL, or an OCSP answer. */
export type RevocationSource = 'crl' | 'cache' | 'ocsp';

export interface VerifiedCertificate {
  readonly ok: true;
  /** The CA generation (its start day) that issued the certificate. */
  readonly issuerGeneration: string;
  readonly serialNumberHex: string;
  /** The opaque subject id: the patient's identity to the central system. */
  readonly subjectId: string;
  /** How revocation was decided; 'unavailable' only under a fail-open policy, with the reason in `revocationDetail`. */
  readonly revocationSource: RevocationSource | 'unavailable';
  readonly revocationDetail?: string;
}

export type CertVerification = VerifiedCertificate | CertVerificationFailure;

/** Checks a certificate at the given time (the flow's clock); never throws for a bad certificate. */
export interface CertVerifier {
  verify(certificateDer: Uint8Array, checkTime: Date): Promise<CertVerification>;
}

/**
 * Checks the card face's DF28 signature (券面事項確認AP) over its signed parts, so 生年月日 and 性別 can
 * be trusted for the cross-check with the central system's answer. Never throws for a bad signature.
 */
export interface CardFaceVerifier {
  verifyCardFace(record: CardFaceRecord): Promise<boolean>;
}
