import pcsclite from 'pcsclite';

/**
 * pcsclite for the virtual card's integration tests: one context, one reader, every status event
 * recorded so a test can wait for the next one it needs (never sleep) or look back at the sequence.
 */
type PcscContext = ReturnType<typeof pcsclite>;
export type CardReader = Parameters<Parameters<PcscContext['on']>[1]>[0] & { name: string };

export interface ReaderStatus {
  state: number;
  atr?: Buffer;
}

export interface WatchedReader {
  readonly reader: CardReader;
  /** Every status pcscd reported, oldest first. */
  readonly statuses: ReaderStatus[];
  /** The next status (after now) that satisfies `wanted`. */
  nextStatus(wanted: (status: ReaderStatus) => boolean): Promise<ReaderStatus>;
  connect(): Promise<number>;
  /** SCardTransmit; resolves with the response or rejects with pcsclite's error. */
  transmit(apdu: Uint8Array, protocol: number, maxResponse?: number): Promise<Buffer>;
  disconnect(disposition?: number): Promise<void>;
  isPresent(status: ReaderStatus): boolean;
  isEmpty(status: ReaderStatus): boolean;
  close(): void;
}

/** pcsc-lite keeps a card event counter in the upper 16 bits of the reader state. */
export function eventCount(status: ReaderStatus): number {
  return status.state >>> 16;
}

export function watchReader(readerName: string): Promise<WatchedReader> {
  const pcsc = pcsclite();
  let closing = false;
  const contextErrors: unknown[] = [];
  pcsc.on('error', (error) => {
    if (!closing) contextErrors.push(error);
  });
  return new Promise((resolve) => {
    pcsc.on('reader', (found) => {
      // Every reader object needs an error listener: an unhandled one would crash the process.
      found.on('error', () => {});
      if (found.name !== readerName) return;
      const reader = found as CardReader;
      const statuses: ReaderStatus[] = [];
      const waiters = new Set<{ wanted: (status: ReaderStatus) => boolean; resolve: (status: ReaderStatus) => void }>();
      let firstStatus: (() => void) | undefined;
      const ready = new Promise<void>((done) => (firstStatus = done));
      reader.on('status', (status: ReaderStatus) => {
        statuses.push(status);
        firstStatus?.();
        for (const waiter of [...waiters]) {
          if (!waiter.wanted(status)) continue;
          waiters.delete(waiter);
          waiter.resolve(status);
        }
      });
      const watched: WatchedReader = {
        reader,
        statuses,
        nextStatus: (wanted) => new Promise((done) => waiters.add({ wanted, resolve: done })),
        connect: () =>
          new Promise((done, fail) => {
            reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE }, (error, protocol) => (error ? fail(error) : done(protocol)));
          }),
        transmit: (apdu, protocol, maxResponse = 65538) =>
          new Promise((done, fail) => {
            reader.transmit(Buffer.from(apdu), maxResponse, protocol, (error, response) => (error ? fail(error) : done(response)));
          }),
        disconnect: (disposition = reader.SCARD_UNPOWER_CARD) =>
          new Promise((done, fail) => {
            reader.disconnect(disposition, (error) => (error ? fail(error) : done()));
          }),
        isPresent: (status) => (status.state & reader.SCARD_STATE_PRESENT) !== 0,
        isEmpty: (status) => (status.state & reader.SCARD_STATE_EMPTY) !== 0,
        close: () => {
          closing = true;
          pcsc.close();
        },
      };
      void ready.then(() => resolve(watched));
    });
  });
}
