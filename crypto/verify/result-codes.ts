/**
 * Every way a verification can end, as one closed union. `detail` is for logs and operators: it names
 * structures, generations and serial numbers, never a person (no names, birth dates or addresses).
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

export interface VerificationFailure {
  ok: false;
  code: VerificationCode;
  detail: string;
}

export function failure(code: VerificationCode, detail: string): VerificationFailure {
  return { ok: false, code, detail };
}

export type Outcome<T> = ({ ok: true } & T) | VerificationFailure;
