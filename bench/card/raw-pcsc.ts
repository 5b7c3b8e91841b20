import { setTimeout as delay } from 'node:timers/promises';
import pcsclite from 'pcsclite';

type Context = ReturnType<typeof pcsclite>;
type Reader = Parameters<Parameters<Context['on']>[1]>[0];

/** Longest wait for the reader to show up, and for one connect, transmit or disconnect. */
const WAIT_LIMIT_MS = 15_000;
/** A reader whose status has not changed for this long has its watcher blocked in SCardGetStatusChange. */
export const PCSC_SETTLE_MS = 250;

interface WatchedReader {
  readonly reader: Reader;
  /** Settles at the reader's first status report (or its end): its native watcher thread is running. */
  readonly watching: Promise<void>;
  lastReportAt: number;
  ended: boolean;
}

/**
 * The baseline: pcsclite alone sending a fixed APDU sequence (connect, transmit each, disconnect),
 * with none of the driver's parsing, checks or state. What the driver adds is the difference.
 *
 * Every reader object pcsclite hands out runs a native watcher thread that keeps the process alive
 * until the reader is closed, the readers we do not use included; close() closes them all, then the
 * context. pcsclite's native close is racy: called before the watcher's first report, or just as
 * it reports a change, it either leaves the watcher's handle open for ever (the process never ends)
 * or waits for a change that never comes (the process freezes). close() therefore waits until each
 * reader has reported once and then been quiet for PCSC_SETTLE_MS, and calls the native close
 * outside pcsclite's callbacks.
 */
export class RawPcsc {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly context: Context,
    private readonly readers: ReadonlyArray<WatchedReader>,
    private readonly reader: Reader,
  ) {}

  static open(readerName: string): Promise<RawPcsc> {
    const context = pcsclite();
    const readers: WatchedReader[] = [];
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(limit);
        void releaseNative(context, readers).then(() => reject(error));
      };
      const limit = setTimeout(() => fail(new Error(`pcsclite did not report ${readerName} within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
      context.on('error', (error: unknown) => fail(new Error(`pcsclite context failed: ${String(error)}`)));
      context.on('reader', (reader) => {
        const watched = watch(reader);
        readers.push(watched);
        if (!settled && reader.name === readerName) {
          settled = true;
          clearTimeout(limit);
          resolve(new RawPcsc(context, readers, reader));
        }
      });
    });
  }

  /** Milliseconds to send the whole sequence once, timed after connecting (exclusive, T=1) and before disconnecting. */
  async replay(commands: ReadonlyArray<Uint8Array>): Promise<number> {
    const reader = this.reader;
    const protocol = await withinLimit<number>('connect', (done) =>
      reader.connect({ share_mode: reader.SCARD_SHARE_EXCLUSIVE, protocol: reader.SCARD_PROTOCOL_T1 }, done),
    );
    try {
      const started = performance.now();
      for (const command of commands) {
        await withinLimit<Buffer>('transmit', (done) => reader.transmit(Buffer.from(command), 65538, protocol, done));
      }
      return performance.now() - started;
    } finally {
      // Always let go of the card, or the next connect (ours or anyone's) finds it held exclusively.
      await withinLimit<void>('disconnect', (done) => reader.disconnect(reader.SCARD_UNPOWER_CARD, done));
    }
  }

  /** Closes every reader pcsclite reported and the context, once they are safe to close. */
  close(): Promise<void> {
    this.closing ??= releaseNative(this.context, this.readers);
    return this.closing;
  }
}

function watch(reader: Reader): WatchedReader {
  let started: () => void = () => {};
  const watched: WatchedReader = {
    reader,
    watching: new Promise<void>((resolve) => {
      started = resolve;
    }),
    lastReportAt: performance.now(),
    ended: false,
  };
  // An error event without a listener would kill the process; an error also ends the watcher.
  reader.on('error', () => {
    watched.lastReportAt = performance.now();
    started();
  });
  reader.on('status', () => {
    watched.lastReportAt = performance.now();
    started();
  });
  reader.on('end', () => {
    watched.ended = true;
    started();
  });
  return watched;
}

async function releaseNative(context: Context, readers: ReadonlyArray<WatchedReader>): Promise<void> {
  const deadline = performance.now() + WAIT_LIMIT_MS;
  const giveUp = new AbortController();
  await Promise.race([
    Promise.all(readers.map((watched) => watched.watching)),
    delay(WAIT_LIMIT_MS, undefined, { signal: giveUp.signal }).catch(() => undefined),
  ]);
  giveUp.abort();
  for (;;) {
    const quietFor = Math.min(...readers.map((watched) => performance.now() - watched.lastReportAt));
    if (readers.length === 0 || quietFor >= PCSC_SETTLE_MS || performance.now() >= deadline) break;
    await delay(PCSC_SETTLE_MS - quietFor);
  }
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (const watched of readers) {
    if (watched.ended) continue;
    try {
      watched.reader.close();
    } catch {
      // Already closed or ended by itself.
    }
  }
  try {
    context.close();
  } catch {
    // Already closed.
  }
}

/** A pcsclite callback call as a promise that fails after WAIT_LIMIT_MS instead of waiting forever. */
function withinLimit<T>(what: string, call: (done: (error: unknown, value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const limit = setTimeout(() => reject(new Error(`pcsclite ${what} did not answer within ${WAIT_LIMIT_MS} ms`)), WAIT_LIMIT_MS);
    call((error, value) => {
      clearTimeout(limit);
      if (error) reject(new Error(`pcsclite ${what}: ${String(error)}`));
      else resolve(value);
    });
  });
}
