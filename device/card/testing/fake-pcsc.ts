import { EventEmitter } from 'node:events';
import { toHex } from '../../../kernel/bytes';
import type { PcscContext, PcscReader } from '../pcsc-types';

/**
 * Fakes of pcsclite's context and reader objects with test controls, for unit tests of the
 * transport and the monitor without pcscd. Errors are made the way pcsclite makes them: an Error
 * whose message ends in the PC/SC result code.
 */
export function pcscError(operation: string, text: string, result: number): Error {
  return new Error(`${operation} error: ${text}.(0x${result.toString(16).padStart(8, '0')})`);
}

type Callback<T> = (error: unknown, value: T) => void;

export interface PendingTransmit {
  readonly command: string;
  readonly responseLength: number;
  readonly protocol: number;
  reply(response: string): void;
  fail(error: unknown): void;
}

export class FakePcscReader extends EventEmitter implements PcscReader {
  readonly SCARD_SHARE_EXCLUSIVE = 2;
  readonly SCARD_PROTOCOL_T1 = 2;
  readonly SCARD_UNPOWER_CARD = 2;
  readonly SCARD_LEAVE_CARD = 0;

  readonly connects: Array<{ share_mode: number; protocol: number }> = [];
  readonly disconnects: number[] = [];
  readonly transmits: PendingTransmit[] = [];
  /** The buffers the transport handed to transmit(), to check they are wiped. */
  readonly transmittedBuffers: Buffer[] = [];
  closeCount = 0;

  /** How connect() answers; 'hang' never calls back. */
  connectBehaviour: { error: unknown } | { protocol: number | undefined } | 'hang' = { protocol: 2 };
  /** Errors for the next disconnect() calls, in order; none: success. */
  disconnectErrors: unknown[] = [];
  private transmitWaiters: Array<(pending: PendingTransmit) => void> = [];
  private claimedTransmits = 0;

  constructor(readonly name: string) {
    super();
  }

  connect(options: { share_mode: number; protocol: number }, callback: Callback<number>): void {
    this.connects.push(options);
    const behaviour = this.connectBehaviour;
    if (behaviour === 'hang') return;
    setImmediate(() => {
      if ('error' in behaviour) callback(behaviour.error, 0);
      else callback(null, behaviour.protocol as number);
    });
  }

  disconnect(disposition: number, callback: (error: unknown) => void): void {
    this.disconnects.push(disposition);
    const error = this.disconnectErrors.shift();
    setImmediate(() => callback(error ?? null));
  }

  transmit(data: Buffer, responseLength: number, protocol: number, callback: Callback<Buffer>): void {
    this.transmittedBuffers.push(data);
    let answered = false;
    const pending: PendingTransmit = {
      command: toHex(data),
      responseLength,
      protocol,
      reply: (response) => {
        if (answered) return;
        answered = true;
        setImmediate(() => callback(null, Buffer.from(response, 'hex')));
      },
      fail: (error) => {
        if (answered) return;
        answered = true;
        setImmediate(() => callback(error, Buffer.alloc(0)));
      },
    };
    this.transmits.push(pending);
    const waiter = this.transmitWaiters.shift();
    if (waiter) {
      this.claimedTransmits += 1;
      waiter(pending);
    }
  }

  /** Resolves with the oldest transmit() call not yet claimed, waiting for one if need be. */
  nextTransmit(): Promise<PendingTransmit> {
    const unclaimed = this.transmits[this.claimedTransmits];
    if (unclaimed) {
      this.claimedTransmits += 1;
      return Promise.resolve(unclaimed);
    }
    return new Promise((resolve) => this.transmitWaiters.push(resolve));
  }

  close(): void {
    this.closeCount += 1;
  }

  /** pcscd reports a reader state (what pcsclite emits as 'status'). */
  report(state: number, atr?: string): void {
    this.emit('status', atr === undefined ? { state } : { state, atr: Buffer.from(atr, 'hex') });
  }
}

export class FakePcscContext extends EventEmitter implements PcscContext {
  closeCount = 0;

  close(): void {
    this.closeCount += 1;
  }

  /** pcsclite found a reader. */
  addReader(name: string): FakePcscReader {
    const reader = new FakePcscReader(name);
    this.emit('reader', reader);
    return reader;
  }
}
