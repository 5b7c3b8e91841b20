/**
 * The parts of pcsclite's context and reader objects the driver uses, as structural types: the real
 * objects satisfy them, and unit tests drive the monitor and transport with fakes of the same shape.
 */
export interface PcscStatusReport {
  state: number;
  atr?: Uint8Array;
}

export interface PcscReader {
  readonly name: string;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_UNPOWER_CARD: number;
  readonly SCARD_LEAVE_CARD: number;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'status', listener: (status: PcscStatusReport) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  connect(options: { share_mode: number; protocol: number }, callback: (error: unknown, protocol: number) => void): void;
  disconnect(disposition: number, callback: (error: unknown) => void): void;
  transmit(data: Buffer, responseLength: number, protocol: number, callback: (error: unknown, response: Buffer) => void): void;
  /** Stops the reader's status thread. Never call it from inside one of the reader's own callbacks. */
  close(): void;
}

export interface PcscContext {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'reader', listener: (reader: PcscReader) => void): unknown;
  close(): void;
}
