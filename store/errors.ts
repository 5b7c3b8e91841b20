/**
 * Every failure of the terminal store carries a code the flow and the outage worker can act on.
 * Messages name tables, versions, states and reception ids, never a person's data, so they can be
 * logged as they are.
 */
export type StoreErrorCode =
  | 'OPEN_FAILED'
  | 'MIGRATION_FAILED'
  | 'UNKNOWN_SCHEMA_VERSION'
  | 'INVALID_MIGRATION_TARGET'
  | 'INVALID_INPUT'
  | 'RECEPTION_EXISTS'
  | 'RECEPTION_NOT_FOUND'
  | 'RECEPTION_ALREADY_ENDED'
  | 'RECEPTION_NOT_QUEUED'
  | 'KIOSK_MISMATCH'
  | 'QUEUE_ENTRY_NOT_FOUND'
  | 'QUEUE_NOT_PENDING'
  | 'QUEUE_NOT_CLAIMED'
  | 'QUEUE_ALREADY_DONE'
  | 'ALERT_NOT_FOUND'
  | 'ALERT_ALREADY_ACKNOWLEDGED'
  | 'ACCOUNT_EXISTS'
  | 'ACCOUNT_NOT_FOUND'
  | 'LAST_ADMINISTRATOR'
  | 'TOTP_NOT_PENDING'
  | 'TOTP_REPLAYED'
  | 'SETTINGS_CONFLICT'
  | 'WRITE_FAILED';

export class StoreError extends Error {
  override readonly name = 'StoreError';

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}
