/**
 * Every failure of the central store carries a code. Messages name tables, versions and fixture ids,
 * never a person's name, birth date or insurance numbers, so they can be logged as they are.
 */
export type CentralStoreErrorCode =
  | 'OPEN_FAILED'
  | 'MIGRATION_FAILED'
  | 'UNKNOWN_SCHEMA_VERSION'
  | 'INVALID_MIGRATION_TARGET'
  | 'SEED_INPUT_INVALID'
  | 'PKI_HOLDER_MISSING'
  | 'INVALID_INSURER_NUMBER'
  | 'INVALID_QUERY'
  | 'UNKNOWN_FACILITY'
  | 'UNKNOWN_PERSON'
  | 'INVALID_TIME';

export class CentralStoreError extends Error {
  override readonly name = 'CentralStoreError';

  constructor(
    readonly code: CentralStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

export function isCentralStoreError(error: unknown, code?: CentralStoreErrorCode): error is CentralStoreError {
  return error instanceof CentralStoreError && (code === undefined || error.code === code);
}
