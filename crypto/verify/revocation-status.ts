import type { RevocationSource } from '../../flow/ports/cert-verifier';
import type { VerificationFailure } from './result-codes';

/** Which revocation method found out about one certificate (named with the CertVerifier port). */
export type { RevocationSource };

export type RevocationStatus =
  | { outcome: 'good'; source: RevocationSource }
  | { outcome: 'revoked'; source: RevocationSource; revokedAt: Date; reasonCode: number | undefined }
  /** OCSP certStatus unknown: the responder does not know the certificate. */
  | { outcome: 'unknown'; source: 'ocsp' }
  /** No answer could be had (network, timeout, HTTP error, tryLater): the next method may run. */
  | { outcome: 'unavailable'; detail: string }
  /** An answer arrived and does not check out: reported as is. */
  | { outcome: 'invalid'; failure: VerificationFailure };
