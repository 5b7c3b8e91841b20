/**
 * Every failure of the virtual card and its tools carries a code; `field` names the profile or input
 * field at fault so a bad fixture points at its own line.
 */
export type VirtualCardErrorCode =
  /** A card profile (JSON or builder parts) is wrong; `field` is its path, e.g. `applications.jpki.keys.0018.maxTries`. */
  | 'PROFILE_INVALID'
  /** No `<id>.json` in the profiles folder. */
  | 'PROFILE_NOT_FOUND'
  /** An EF encoder was given a value the card layout cannot hold; `field` names it. */
  | 'ENCODING_INVALID'
  /** The counter state file could not be read, parsed or written. */
  | 'COUNTER_STORE_FAILED'
  /** A command reached a card that is not powered (the reader forgot power-on). */
  | 'CARD_NOT_POWERED'
  /** Fault injection: the card was pulled after the command arrived and before the answer. */
  | 'CARD_PULLED'
  /** Power was lost (power-off, reset, removal) while the command waited; it never completes. */
  | 'COMMAND_ABANDONED'
  /** insert() on a slot that already holds a card. */
  | 'SLOT_OCCUPIED'
  /** The control server is not listening on its socket. */
  | 'CONTROL_SERVER_NOT_RUNNING'
  /** Another control server already answers on the socket. */
  | 'CONTROL_SERVER_RUNNING'
  /** A control request or answer that does not follow the protocol. */
  | 'CONTROL_REQUEST_INVALID'
  /** Command-line arguments that do not make a command. */
  | 'USAGE';

export class VirtualCardError extends Error {
  readonly code: VirtualCardErrorCode;
  readonly field: string | undefined;

  constructor(code: VirtualCardErrorCode, message: string, details: { field?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'VirtualCardError';
    this.code = code;
    this.field = details.field;
  }
}

export function isVirtualCardError(value: unknown, code?: VirtualCardErrorCode): value is VirtualCardError {
  return value instanceof VirtualCardError && (code === undefined || value.code === code);
}
