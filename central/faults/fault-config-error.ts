export type FaultConfigErrorCode = 'FAULT_CONFIG_INVALID' | 'FAULT_CONFIG_UNREADABLE';

/** A fault configuration that cannot be used; `problems` names each bad field. */
export class FaultConfigError extends Error {
  override readonly name = 'FaultConfigError';

  constructor(
    readonly code: FaultConfigErrorCode,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

export function isFaultConfigError(value: unknown): value is FaultConfigError {
  return value instanceof FaultConfigError;
}
