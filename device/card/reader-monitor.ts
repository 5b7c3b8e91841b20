import pcsclite from 'pcsclite';
import { CardError } from './card-error';
import { cardErrorFromPcsc } from './pcsc-errors';
import { connectPcscTransport } from './pcsc-transport';
import type { PcscTransport, PcscTransportOptions } from './pcsc-transport';
import type { PcscContext, PcscReader } from './pcsc-types';
import { cardEventsBetween, cardPresenceOf, readerListEvents } from './reader-events';
import type { CardPresence, ReaderEvent, ReaderStatus } from './reader-events';

export interface ReaderMonitorOptions {
  /** Makes a PC/SC context; throws when pcscd cannot be reached. Default: pcsclite(). */
  readonly createContext?: () => PcscContext;
  /** Wait between attempts to reach pcscd again after it went away. */
  readonly reconnectIntervalMs?: number;
  /** Defaults for every connect(). */
  readonly transport?: PcscTransportOptions;
}

export interface ReaderInfo {
  readonly name: string;
  readonly card: CardPresence;
  /** The ATR of the card in the reader, when there is one. */
  readonly atr: Uint8Array | undefined;
}

export type ReaderEventListener = (event: ReaderEvent) => void;

export const DEFAULT_RECONNECT_INTERVAL_MS = 1_000;

interface ReaderEntry {
  readonly name: string;
  readonly reader: PcscReader;
  status: ReaderStatus | undefined;
  transport: PcscTransport | undefined;
  /** A connect() is under way: a second one must not start. */
  connecting: boolean;
  /** The reader's status thread failed: it ends next, though the reader may still be there. */
  failed: boolean;
}

/** One PC/SC context and the readers it found; replaced whole when pcscd goes away. */
interface Session {
  readonly context: PcscContext;
  readonly readers: Map<string, ReaderEntry>;
  ended: boolean;
}

const defaultCreateContext = (): PcscContext => pcsclite();

/**
 * Watches PC/SC readers through pcsclite and reports, as one typed event stream: readers added
 * and removed, cards inserted, removed or unresponsive per reader (computed by the pure functions
 * of reader-events.ts), and pcscd going away and coming back. Every pcsclite object gets an
 * `error` listener and every error becomes a coded CardError in a `pcsc.error` or
 * `pcsc.unavailable` event: nothing is ever emitted under the event name "error", so no PC/SC
 * failure can crash the process. When pcscd stops, the readers are reported gone and the monitor
 * retries every `reconnectIntervalMs` until it is back.
 *
 * pcsclite calls its listeners while holding a reader's native lock, and closing a reader takes
 * the same lock: native close calls are therefore always deferred with setImmediate.
 */
export class ReaderMonitor {
  private readonly createContext: () => PcscContext;
  private readonly reconnectIntervalMs: number;
  private readonly transportOptions: PcscTransportOptions;
  private readonly listeners = new Set<ReaderEventListener>();
  private session: Session | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** Whether pcscd was last reported reachable; undefined before the first report. */
  private available: boolean | undefined;
  private started = false;
  private closed = false;

  constructor(options: ReaderMonitorOptions = {}) {
    this.createContext = options.createContext ?? defaultCreateContext;
    this.reconnectIntervalMs = options.reconnectIntervalMs ?? DEFAULT_RECONNECT_INTERVAL_MS;
    this.transportOptions = options.transport ?? {};
  }

  /** Adds a listener; returns its removal. Listeners must not throw: one that does is ignored. */
  subscribe(listener: ReaderEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts watching. Subscribe first to hear the first events. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    this.openSession();
  }

  /** Whether pcscd is reachable right now. */
  get pcscAvailable(): boolean {
    return this.available === true;
  }

  /** The readers known now, with what is in each. */
  get readers(): ReaderInfo[] {
    const session = this.session;
    if (!session || session.ended) return [];
    return [...session.readers.values()].map((entry) => ({
      name: entry.name,
      card: entry.status ? cardPresenceOf(entry.status.state) : 'absent',
      atr: entry.status?.atr,
    }));
  }

  /**
   * Opens a CardTransport to the card in `readerName`: SCARD_SHARE_EXCLUSIVE, T=1. One connection
   * per reader at a time; close it to connect again. When the monitor sees the card or the reader
   * go, the transport's exchanges fail at once with CARD_REMOVED or READER_GONE.
   */
  async connect(readerName: string, options: PcscTransportOptions = {}): Promise<PcscTransport> {
    const session = this.session;
    if (this.closed) throw new CardError('TRANSPORT_FAILED', 'the reader monitor is closed');
    if (!session || session.ended) throw new CardError('PCSC_UNAVAILABLE', 'pcscd is not reachable');
    const entry = session.readers.get(readerName);
    if (!entry) throw new CardError('READER_NOT_FOUND', `no reader named ${readerName}`);
    if (entry.transport || entry.connecting) {
      throw new CardError('CARD_BUSY', `${readerName} is already connected in this process`);
    }
    entry.connecting = true;
    let transport: PcscTransport;
    try {
      transport = await connectPcscTransport(readerName, entry.reader, { ...this.transportOptions, ...options }, () => {
        if (entry.transport === transport) entry.transport = undefined;
      });
    } finally {
      entry.connecting = false;
    }
    if (session.ended || this.closed || session.readers.get(readerName) !== entry) {
      const gone = new CardError('READER_GONE', `${readerName} went away while connecting`);
      transport.markGone(gone);
      await transport.close().catch(() => undefined);
      throw gone;
    }
    entry.transport = transport;
    return transport;
  }

  /** Stops watching, closes open transports and the PC/SC context. No events after this. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    clearTimeout(this.reconnectTimer);
    const session = this.session;
    this.session = undefined;
    if (!session) return;
    session.ended = true;
    const transports = [...session.readers.values()].flatMap((entry) => (entry.transport ? [entry.transport] : []));
    await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
    await releaseNative(session);
  }

  private emit(event: ReaderEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's own failure must not stop the others nor reach pcsclite's native callback.
      }
    }
  }

  private openSession(): void {
    if (this.closed) return;
    let context: PcscContext;
    try {
      context = this.createContext();
    } catch (error) {
      this.reportUnavailable(cardErrorFromPcsc(error, 'context'));
      this.scheduleReconnect();
      return;
    }
    const session: Session = { context, readers: new Map(), ended: false };
    this.session = session;
    context.on('error', (error) => this.onContextError(session, error));
    context.on('reader', (reader) => this.onReaderFound(session, reader));
    if (this.available !== true) {
      this.available = true;
      this.emit({ type: 'pcsc.available' });
    }
  }

  private reportUnavailable(error: CardError): void {
    if (this.available === false) return;
    this.available = false;
    this.emit({ type: 'pcsc.unavailable', error });
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.openSession();
    }, this.reconnectIntervalMs);
  }

  /**
   * Reports every reader of the session gone, fails their transports, and releases the native
   * objects. pcsclite's context cannot recover once its status thread stopped, so a new session
   * (a new context) is the only way back.
   */
  private endSession(session: Session, transportError: CardError): void {
    if (session.ended) return;
    session.ended = true;
    const last = new Map([...session.readers].map(([name, entry]) => [name, entry.status] as const));
    for (const entry of session.readers.values()) entry.transport?.markGone(transportError);
    for (const event of readerListEvents(last, [])) this.emit(event);
    void releaseNative(session);
  }

  private onContextError(session: Session, error: unknown): void {
    // Closing a context cancels its status wait, which pcsclite reports as an error: expected.
    if (session.ended) return;
    const coded = cardErrorFromPcsc(error, 'context');
    this.endSession(session, new CardError('READER_GONE', 'pcscd went away', { cause: coded }));
    this.reportUnavailable(coded);
    this.scheduleReconnect();
  }

  private onReaderFound(session: Session, reader: PcscReader): void {
    const name = reader.name;
    const entry: ReaderEntry = { name, reader, status: undefined, transport: undefined, connecting: false, failed: false };
    // First, before anything else can happen: an error event without a listener kills the process.
    reader.on('error', (error) => this.onReaderError(session, entry, error));
    reader.on('status', (status) => this.onReaderStatus(session, entry, status));
    reader.on('end', () => this.onReaderEnd(session, entry));
    if (session.ended) {
      setImmediate(() => reader.close());
      return;
    }
    const previous = session.readers.get(name);
    if (previous) this.forgetReader(session, previous);
    const before = new Map([...session.readers].map(([readerName, known]) => [readerName, known.status] as const));
    session.readers.set(name, entry);
    for (const event of readerListEvents(before, [...session.readers.keys()])) this.emit(event);
  }

  private onReaderStatus(session: Session, entry: ReaderEntry, report: { state: number; atr?: Uint8Array }): void {
    if (session.ended || session.readers.get(entry.name) !== entry) return;
    const next: ReaderStatus = { state: report.state, ...(report.atr ? { atr: Uint8Array.from(report.atr) } : {}) };
    const events = cardEventsBetween(entry.name, entry.status, next);
    entry.status = next;
    for (const event of events) {
      if (event.type === 'card.removed') {
        entry.transport?.markGone(new CardError('CARD_REMOVED', `the card left ${entry.name}`));
      }
      this.emit(event);
    }
  }

  private onReaderError(session: Session, entry: ReaderEntry, error: unknown): void {
    if (session.ended) return;
    entry.failed = true;
    this.emit({ type: 'pcsc.error', reader: entry.name, error: cardErrorFromPcsc(error, 'status') });
  }

  private onReaderEnd(session: Session, entry: ReaderEntry): void {
    if (session.ended || session.readers.get(entry.name) !== entry) return;
    this.forgetReader(session, entry);
    if (entry.failed) {
      // The status thread died, but the reader may still be there: pcsclite lists readers again
      // only on a plug event, so start a new context to see what is really there.
      this.endSession(session, new CardError('READER_GONE', `${entry.name} stopped reporting`));
      this.scheduleReconnect();
    }
  }

  /** Drops one reader from the session, reporting its card and itself gone. */
  private forgetReader(session: Session, entry: ReaderEntry): void {
    const before = new Map([...session.readers].map(([name, known]) => [name, known.status] as const));
    session.readers.delete(entry.name);
    entry.transport?.markGone(new CardError('READER_GONE', `${entry.name} went away`));
    for (const event of readerListEvents(before, [...session.readers.keys()])) this.emit(event);
  }
}

/** Closes a session's native objects outside any pcsclite callback (see the class comment). */
function releaseNative(session: Session): Promise<void> {
  return new Promise((resolve) => {
    setImmediate(() => {
      for (const entry of session.readers.values()) {
        try {
          entry.reader.close();
        } catch {
          // Already closed or ended by itself.
        }
      }
      try {
        session.context.close();
      } catch {
        // Already closed.
      }
      resolve();
    });
  });
}
