import { CardError } from '../card/card-error';
import type { CardTransport } from '../card/transport';
import { isExtendedLengthApdu } from './apdu';
import type { VirtualCard } from './virtual-card';
import { isVirtualCardError } from './virtual-card-error';

/** A short-APDU-only reader returns at most 256 data bytes + SW. */
export const SHORT_APDU_MAX_RESPONSE = 258;
/** An extended-length reader returns up to 65536 data bytes + SW. */
export const EXTENDED_APDU_MAX_RESPONSE = 65538;

export interface InProcessTransportOptions {
  /** 258 models a short-only reader (extended APDUs are refused), 65538 an extended one (the default). */
  maxResponseLength?: number;
}

type ConnectionState = 'connected' | 'closed' | 'removed';

/**
 * The driver's CardTransport directly on a VirtualCard, without pcscd: for the driver's unit tests
 * and the demo. Strict like a real reader: one exchange at a time (a second is refused, never
 * queued), a response larger than the reader's buffer fails, a pulled card fails with CARD_REMOVED.
 */
export class InProcessTransport implements CardTransport {
  readonly maxResponseLength: number;
  private state: ConnectionState = 'connected';
  private inFlight: Promise<unknown> | undefined;
  private rejectInFlight: ((error: CardError) => void) | undefined;

  private constructor(
    readonly card: VirtualCard,
    maxResponseLength: number,
  ) {
    this.maxResponseLength = maxResponseLength;
  }

  /** Connects to the card and powers it on, as SCardConnect does. */
  static async connect(card: VirtualCard, options: InProcessTransportOptions = {}): Promise<InProcessTransport> {
    const maxResponseLength = options.maxResponseLength ?? EXTENDED_APDU_MAX_RESPONSE;
    if (!Number.isInteger(maxResponseLength) || maxResponseLength < SHORT_APDU_MAX_RESPONSE || maxResponseLength > EXTENDED_APDU_MAX_RESPONSE) {
      throw new RangeError(`maxResponseLength must be ${SHORT_APDU_MAX_RESPONSE}–${EXTENDED_APDU_MAX_RESPONSE}, got ${maxResponseLength}`);
    }
    card.powerOn();
    return new InProcessTransport(card, maxResponseLength);
  }

  get connectionState(): ConnectionState {
    return this.state;
  }

  async exchange(commandApdu: Uint8Array): Promise<Uint8Array> {
    if (this.state === 'removed') throw new CardError('CARD_REMOVED', 'the card was removed');
    if (this.state === 'closed') throw new CardError('TRANSPORT_FAILED', 'the transport is closed');
    if (this.inFlight) throw new CardError('TRANSPORT_FAILED', 'an exchange is already in flight; the transport allows one at a time');
    if (this.maxResponseLength <= SHORT_APDU_MAX_RESPONSE && isExtendedLengthApdu(commandApdu)) {
      throw new CardError('TRANSPORT_FAILED', 'this reader supports short APDUs only');
    }
    const removal = new Promise<never>((_, reject) => {
      this.rejectInFlight = reject;
    });
    const answer = Promise.race([this.card.transmit(commandApdu), removal]);
    this.inFlight = answer;
    try {
      const response = await answer;
      if (response.length > this.maxResponseLength) {
        throw new CardError('TRANSPORT_FAILED', `a ${response.length}-byte response exceeds the reader's ${this.maxResponseLength}-byte buffer`);
      }
      return response;
    } catch (error) {
      if (error instanceof CardError) throw error;
      if (isVirtualCardError(error, 'CARD_PULLED') || isVirtualCardError(error, 'COMMAND_ABANDONED')) {
        this.state = 'removed';
        throw new CardError('CARD_REMOVED', 'the card was removed during the exchange', { cause: error });
      }
      throw new CardError('TRANSPORT_FAILED', 'the virtual card failed the exchange', { cause: error });
    } finally {
      this.inFlight = undefined;
      this.rejectInFlight = undefined;
    }
  }

  /** Test control: the card leaves the reader now; a pending exchange rejects with CARD_REMOVED. */
  pullCard(): void {
    if (this.state !== 'connected') return;
    this.state = 'removed';
    this.card.powerOff();
    this.rejectInFlight?.(new CardError('CARD_REMOVED', 'the card was removed during the exchange'));
  }

  /** Ends the connection and unpowers the card (SCARD_UNPOWER_CARD); waits for an exchange in flight. */
  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    if (this.state === 'connected') this.card.powerOff();
    if (this.state !== 'removed') this.state = 'closed';
  }
}
