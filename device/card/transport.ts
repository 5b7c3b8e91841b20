/**
 * One connection to one card: the primitive the driver is built on. Exactly one exchange is in
 * flight at a time; implementations queue or refuse a second one, never interleave them.
 * Implementations: PC/SC (pcsclite), in-process (the virtual card, for unit tests and the demo
 * without pcscd), replay (a recorded transcript).
 */
export interface CardTransport {
  /**
   * Sends one command APDU; resolves with the whole response APDU (data ‖ SW1 SW2). `step` names
   * what the driver is doing ("read certificate"), for transcripts and logs; a transport may ignore it.
   */
  exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array>;
  /** The largest response one exchange can return: 258 for short APDUs, 65538 when extended length works. */
  readonly maxResponseLength: number;
  /** Ends the connection and unpowers the card (PC/SC: SCardDisconnect with SCARD_UNPOWER_CARD). */
  close(): Promise<void>;
}
