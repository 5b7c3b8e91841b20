import type { VerificationCode } from '../../flow/ports/cert-verifier';

/**
 * Every way a verification can end: one closed union, declared with the CertVerifier port. `detail` is
 * for logs and operators: it names structures, generations and serial numbers, never a person (no
 * names, birth dates or addresses).
 */
export type { VerificationCode };

export interface VerificationFailure {
  ok: false;
  code: VerificationCode;
  detail: string;
}

export function failure(code: VerificationCode, detail: string): VerificationFailure {
  return { ok: false, code, detail };
}

export type Outcome<T> = ({ ok: true } & T) | VerificationFailure;
