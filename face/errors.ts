import type { FaceErrorCode } from '../flow/ports/face-verifier';

/** Every failure of face/ carries a code the caller can act on; the message is for people. */
export class FaceError extends Error {
  override readonly name = 'FaceError';

  constructor(
    readonly code: FaceErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}
