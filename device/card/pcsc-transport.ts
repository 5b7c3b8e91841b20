import { CardError } from './card-error';
import { cardErrorFromPcsc, mayMeanCardRemoved, pcscResultCode } from './pcsc-errors';
import type { PcscReader } from './pcsc-types';
import type { CardTransport } from './transport';

/** Short APDUs: 256 data bytes and the status word. */
export const SHORT_RESPONSE_LENGTH = 258;
/** Extended Le: 65536 data bytes and the status word. */
export const EXTENDED_RESPONSE_LENGTH = 65538;

export interface PcscTransportOptions {
  /**
   * The largest answer asked for: SHORT_RESPONSE_LENGTH (default; the portable path) or up to
   * EXTENDED_RESPONSE_LENGTH when the reader is known to carry extended-length APDUs.
   */
  readonly maxResponseLength?: number;
  /** Longest wait for one APDU's answer, and for connect/disconnect; then TIMEOUT. */
  readonly exchangeTimeoutMs?: number;
  /**
   * After an answer that looks like a card pulled mid-APDU (empty answer, "transaction failed"),
   * how long to wait for pcscd to report the card gone before calling it something else.
   */
  readonly removalGraceMs?: number;
}

export const DEFAULT_EXCHANGE_TIMEOUT_MS = 10_000;
export const DEFAULT_REMOVAL_GRACE_MS = 2_000;

interface ResolvedOptions {
  readonly maxResponseLength: number;
  readonly exchangeTimeoutMs: number;
  readonly removalGraceMs: number;
}

export function resolveTransportOptions(options: PcscTransportOptions = {}): ResolvedOptions {
  const maxResponseLength = options.maxResponseLength ?? SHORT_RESPONSE_LENGTH;
  if (!Number.isInteger(maxResponseLength) || maxResponseLength < 3 || maxResponseLength > EXTENDED_RESPONSE_LENGTH) {
    throw new CardError('INVALID_INPUT', `maxResponseLength must be 3..${EXTENDED_RESPONSE_LENGTH}`);
  }
  return {
    maxResponseLength,
    exchangeTimeoutMs: options.exchangeTimeoutMs ?? DEFAULT_EXCHANGE_TIMEOUT_MS,
    removalGraceMs: options.removalGraceMs ?? DEFAULT_REMOVAL_GRACE_MS,
  };
}

/**
 * A CardTransport over one pcsclite reader connection (SCARD_SHARE_EXCLUSIVE, T=1). One exchange
 * at a time: a second waits for the first. After any failed exchange the connection is unusable
 * (the card's state is unknown) and every later exchange fails with the same coded error.
 * close() disconnects with SCARD_UNPOWER_CARD, which also ends any verified PIN.
 */
export class PcscTransport implements CardTransport {
  readonly maxResponseLength: number;
  private readonly exchangeTimeoutMs: number;
  private readonly removalGraceMs: number;
  /** The exchange chain: each exchange starts when the previous one has settled. */
  private tail: Promise<unknown> = Promise.resolve();
  private failure: CardError | undefined;
  private goneError: CardError | undefined;
  private readonly goneListeners = new Set<(error: CardError) => void>();
  private closing: Promise<void> | undefined;

  constructor(
    readonly readerName: string,
    private readonly reader: PcscReader,
    readonly protocol: number,
    options: ResolvedOptions,
    private readonly onClosed: () => void = () => {},
  ) {
    this.maxResponseLength = options.maxResponseLength;
    this.exchangeTimeoutMs = options.exchangeTimeoutMs;
    this.removalGraceMs = options.removalGraceMs;
  }

  exchange(commandApdu: Uint8Array, step?: string): Promise<Uint8Array> {
    const run = this.tail.then(() => this.exchangeNow(commandApdu, step));
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * The reader monitor saw the card (or the reader) go: the exchange in flight, if any, and every
   * later one fail with `error` at once, without waiting for PC/SC to notice.
   */
  markGone(error: CardError): void {
    if (this.goneError) return;
    this.goneError = error;
    this.failure ??= error;
    for (const listener of [...this.goneListeners]) listener(error);
  }

  close(): Promise<void> {
    this.closing ??= this.disconnect();
    return this.closing;
  }

  private async exchangeNow(commandApdu: Uint8Array, step: string | undefined): Promise<Uint8Array> {
    if (this.closing) throw new CardError('TRANSPORT_FAILED', `${step ?? 'exchange'}: the connection is closed`);
    if (this.failure) throw this.failure;
    try {
      return await this.transmit(commandApdu, step ?? 'exchange');
    } catch (error) {
      const coded = cardErrorFromPcsc(error, 'transmit');
      this.failure ??= coded;
      throw coded;
    }
  }

  private transmit(commandApdu: Uint8Array, step: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let graceTimer: NodeJS.Timeout | undefined;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(exchangeTimer);
        clearTimeout(graceTimer);
        this.goneListeners.delete(onGone);
        outcome();
      };
      const onGone = (error: CardError): void => settle(() => reject(error));
      // A failure that may be a pulled card becomes CARD_REMOVED if pcscd reports it soon.
      const confirmRemoval = (otherwise: CardError): void => {
        if (this.goneError) return onGone(this.goneError);
        graceTimer = setTimeout(() => settle(() => reject(otherwise)), this.removalGraceMs);
      };
      const exchangeTimer = setTimeout(() => {
        settle(() => reject(new CardError('TIMEOUT', `${step}: no answer within ${this.exchangeTimeoutMs} ms`)));
      }, this.exchangeTimeoutMs);

      if (this.goneError) return onGone(this.goneError);
      this.goneListeners.add(onGone);

      const data = Buffer.from(commandApdu);
      try {
        this.reader.transmit(data, this.maxResponseLength, this.protocol, (error, response) => {
          if (settled) return;
          clearTimeout(exchangeTimer);
          if (error) {
            const coded = cardErrorFromPcsc(error, 'transmit');
            if (mayMeanCardRemoved(pcscResultCode(error))) confirmRemoval(coded);
            else settle(() => reject(coded));
          } else if (response.length < 2) {
            // vpcd answers a card pulled mid-APDU with an empty response.
            confirmRemoval(new CardError('MALFORMED_RESPONSE', `${step}: response of ${response.length} byte(s) has no status word`));
          } else {
            settle(() => resolve(Uint8Array.from(response)));
          }
        });
      } catch (error) {
        settle(() => reject(cardErrorFromPcsc(error, 'transmit')));
      } finally {
        // pcsclite copied the bytes for its worker thread; ours may hold a PIN.
        data.fill(0);
      }
    });
  }

  private async disconnect(): Promise<void> {
    try {
      // Let the exchange in flight settle (it is bounded); queued ones see `closing` and fail.
      await this.tail;
      try {
        await this.disconnectWith(this.reader.SCARD_UNPOWER_CARD);
      } catch (error) {
        const coded = cardErrorFromPcsc(error, 'disconnect');
        // Release the handle anyway, or pcsclite keeps this reader "connected" for good.
        await this.disconnectWith(this.reader.SCARD_LEAVE_CARD).catch(() => {
          throw coded;
        });
      }
    } finally {
      this.failure ??= new CardError('TRANSPORT_FAILED', 'the connection is closed');
      this.onClosed();
    }
  }

  private disconnectWith(disposition: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new CardError('TIMEOUT', `disconnect did not finish within ${this.exchangeTimeoutMs} ms`));
      }, this.exchangeTimeoutMs);
      try {
        this.reader.disconnect(disposition, (error) => {
          clearTimeout(timer);
          if (error) reject(cardErrorFromPcsc(error, 'disconnect'));
          else resolve();
        });
      } catch (error) {
        clearTimeout(timer);
        reject(cardErrorFromPcsc(error, 'disconnect'));
      }
    });
  }
}

/**
 * SCardConnect with SCARD_SHARE_EXCLUSIVE and T=1 only (a マイナンバーカード's contact protocol; held
 * exclusively so no other process sees a verified PIN), bounded by the exchange timeout.
 */
export async function connectPcscTransport(
  readerName: string,
  reader: PcscReader,
  options: PcscTransportOptions = {},
  onClosed: () => void = () => {},
): Promise<PcscTransport> {
  const resolved = resolveTransportOptions(options);
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new CardError('TIMEOUT', `connect to ${readerName} did not finish within ${resolved.exchangeTimeoutMs} ms`));
    }, resolved.exchangeTimeoutMs);
    try {
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T1 }, (error, protocol) => {
        clearTimeout(timer);
        if (timedOut) {
          // Too late for the caller: give the card back rather than hold it forever.
          if (!error) reader.disconnect(reader.SCARD_UNPOWER_CARD, () => {});
          return;
        }
        if (error) return reject(cardErrorFromPcsc(error, 'connect'));
        if (typeof protocol !== 'number') {
          // pcsclite answers without a protocol when its reader object is still connected.
          return reject(new CardError('CARD_BUSY', `${readerName} is already connected in this process`));
        }
        resolve(new PcscTransport(readerName, reader, protocol, resolved, onClosed));
      });
    } catch (error) {
      clearTimeout(timer);
      reject(cardErrorFromPcsc(error, 'connect'));
    }
  });
}
