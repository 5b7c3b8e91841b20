/**
 * Every failure of the mock CA carries a code, so a build step or a test can tell a bad
 * input from a broken folder without matching on message text.
 */
export type MockCaErrorCode =
  /** The input fails validation (bad date, duplicate holder id, unknown card kind, …). */
  | 'INVALID_INPUT'
  /** No CA generation of the needed kind is valid on a certificate's issue date. */
  | 'NO_CA_GENERATION'
  /** A leaf certificate would stay valid after its issuing CA generation expires. */
  | 'LEAF_OUTLIVES_CA'
  /** Two certificates of one issuer, or two holders, drew the same serial number or subject id. */
  | 'IDENTIFIER_COLLISION'
  /** RSA key generation gave up (a random stream that never yields an acceptable prime). */
  | 'KEY_GENERATION_FAILED'
  /** A key or certificate in DER does not have the expected structure. */
  | 'MALFORMED_DER'
  /** A message cannot be signed with the given key (too long for the modulus, wrong challenge size). */
  | 'SIGNATURE_INPUT_INVALID'
  /** A saved mock-CA folder is missing a file or its index.json does not describe it. */
  | 'MALFORMED_FOLDER';

export class MockCaError extends Error {
  readonly code: MockCaErrorCode;

  constructor(code: MockCaErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MockCaError';
    this.code = code;
  }
}

export function isMockCaError(value: unknown, code?: MockCaErrorCode): value is MockCaError {
  return value instanceof MockCaError && (code === undefined || value.code === code);
}
