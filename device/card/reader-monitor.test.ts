import { afterEach, describe, expect, it } from 'vitest';
import { CardError } from './card-error';
import { fromHex, toHex } from '../../kernel/bytes';
import { PcscResult } from './pcsc-errors';
import { ReaderMonitor } from './reader-monitor';
import type { ReaderEvent } from './reader-events';
import { FakePcscContext, pcscError } from './testing/fake-pcsc';
import type { FakePcscReader } from './testing/fake-pcsc';

const READER = 'Virtual PCD 00 00';
const ATR = '3BC5FF8131FB458073C6010000';
const PRESENT = 0x20;
const EMPTY = 0x10;
const CHANGED = 0x02;

/** A monitor over fake contexts; `contexts` lists what each createContext() call gave (or threw). */
function harness(plan: Array<'ok' | 'down'> = ['ok']) {
  const contexts: FakePcscContext[] = [];
  const events: ReaderEvent[] = [];
  const waiters: Array<{ wanted: (event: ReaderEvent) => boolean; resolve: (event: ReaderEvent) => void }> = [];
  const contextWaiters: Array<(context: FakePcscContext) => void> = [];
  let calls = 0;
  const monitor = new ReaderMonitor({
    reconnectIntervalMs: 0,
    createContext: () => {
      const step = plan[Math.min(calls, plan.length - 1)];
      calls += 1;
      if (step === 'down') throw pcscError('SCardEstablishContext', 'Service not available', PcscResult.noService);
      const context = new FakePcscContext();
      contexts.push(context);
      contextWaiters.shift()?.(context);
      return context;
    },
  });
  monitor.subscribe((event) => {
    events.push(event);
    const index = waiters.findIndex((waiter) => waiter.wanted(event));
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(event);
  });
  /** Resolves with the next event of `type` (waits for events, never sleeps). */
  const next = (type: ReaderEvent['type']): Promise<ReaderEvent> =>
    new Promise((resolve) => waiters.push({ wanted: (event) => event.type === type, resolve }));
  /** Resolves with the next context the monitor makes. */
  const nextContext = (): Promise<FakePcscContext> => new Promise((resolve) => contextWaiters.push(resolve));
  return { monitor, contexts, events, next, nextContext, createCalls: () => calls };
}

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

function started(plan?: Array<'ok' | 'down'>) {
  const test = harness(plan);
  cleanup.push(() => test.monitor.close());
  test.monitor.start();
  return test;
}

describe('ReaderMonitor events', () => {
  it('reports pcscd available, readers added and cards inserted and removed, with error listeners everywhere', async () => {
    const { monitor, contexts, events } = started();
    const context = contexts[0] as FakePcscContext;
    expect(context.listenerCount('error')).toBeGreaterThan(0);
    const reader = context.addReader(READER);
    expect(reader.listenerCount('error')).toBeGreaterThan(0);

    reader.report(EMPTY | CHANGED | (1 << 16));
    reader.report(PRESENT | CHANGED | (2 << 16), ATR);
    expect(monitor.readers).toEqual([{ name: READER, card: 'present', atr: fromHex(ATR) }]);
    reader.report(EMPTY | CHANGED | (3 << 16));

    expect(events.map((event) => event.type)).toEqual(['pcsc.available', 'reader.added', 'card.inserted', 'card.removed']);
    const inserted = events[2];
    expect(inserted?.type === 'card.inserted' && toHex(inserted.atr)).toBe(ATR);
  });

  it('a reader already holding a card at start reports the card inserted', () => {
    const { contexts, events } = started();
    const reader = (contexts[0] as FakePcscContext).addReader(READER);
    reader.report(PRESENT | CHANGED, ATR);
    expect(events.map((event) => event.type)).toEqual(['pcsc.available', 'reader.added', 'card.inserted']);
  });

  it('a reader unplugged (its status thread ends without error) reports its card removed, then itself', () => {
    const { contexts, events } = started();
    const reader = (contexts[0] as FakePcscContext).addReader(READER);
    reader.report(PRESENT, ATR);
    reader.emit('end');
    expect(events.slice(-2)).toEqual([
      { type: 'card.removed', reader: READER },
      { type: 'reader.removed', reader: READER },
    ]);
  });

  it('a listener that throws does not stop the others', () => {
    const { monitor, contexts, events } = started();
    monitor.subscribe(() => {
      throw new Error('listener bug');
    });
    (contexts[0] as FakePcscContext).addReader(READER);
    expect(events.map((event) => event.type)).toEqual(['pcsc.available', 'reader.added']);
  });
});

describe('ReaderMonitor when pcscd goes away and comes back', () => {
  it('context error: readers reported gone, pcscd unavailable, then retried until back, readers reported again', async () => {
    const { monitor, contexts, events, next } = started(['ok', 'down', 'down', 'ok']);
    const first = contexts[0] as FakePcscContext;
    const reader = first.addReader(READER);
    reader.report(PRESENT, ATR);
    first.addReader('Virtual PCD 00 01').report(EMPTY);

    const back = next('pcsc.available');
    // What pcsclite emits when pcscd stops: the reader threads and the context thread fail.
    reader.emit('error', pcscError('SCardGetStatusChange', 'Service not available', PcscResult.noService));
    first.emit('error', pcscError('SCardGetStatusChange', 'Service not available', PcscResult.noService));
    expect(monitor.readers).toEqual([]);
    expect(monitor.pcscAvailable).toBe(false);
    await back;
    expect(monitor.pcscAvailable).toBe(true);

    const types = events.map((event) => (event.type === 'pcsc.error' ? `pcsc.error ${event.error.code}` : event.type));
    expect(types).toEqual([
      'pcsc.available',
      'reader.added',
      'card.inserted',
      'reader.added',
      'pcsc.error READER_GONE',
      'card.removed',
      'reader.removed',
      'reader.removed',
      'pcsc.unavailable',
      'pcsc.available',
    ]);
    const unavailable = events.find((event) => event.type === 'pcsc.unavailable');
    expect(unavailable?.type === 'pcsc.unavailable' && unavailable.error.code).toBe('PCSC_UNAVAILABLE');

    // The old native objects are released outside pcsclite's callbacks.
    await new Promise((resolve) => setImmediate(resolve));
    expect(first.closeCount).toBe(1);
    expect(reader.closeCount).toBe(1);

    // The new context finds the readers again.
    const again = (contexts[1] as FakePcscContext).addReader(READER);
    again.report(PRESENT | (5 << 16), ATR);
    expect(events.slice(-2).map((event) => event.type)).toEqual(['reader.added', 'card.inserted']);
  });

  it('pcscd not running at start: unavailable once, then available when it starts', async () => {
    const { events, next, createCalls } = started(['down', 'down', 'down', 'ok']);
    await next('pcsc.available');
    expect(createCalls()).toBe(4);
    expect(events.map((event) => event.type)).toEqual(['pcsc.unavailable', 'pcsc.available']);
  });

  it('a reader whose status thread fails alone makes the monitor start a new context to look again', async () => {
    const { contexts, events, next, nextContext } = started(['ok', 'ok']);
    const reader = (contexts[0] as FakePcscContext).addReader(READER);
    const fresh = nextContext();
    reader.emit('error', pcscError('SCardGetStatusChange', 'Unknown error', PcscResult.unknownError));
    reader.emit('end');
    const again = next('reader.added');
    (await fresh).addReader(READER);
    await again;
    expect(contexts).toHaveLength(2);
    expect(events.filter((event) => event.type === 'pcsc.unavailable')).toEqual([]);
  });

  it('the error pcsclite reports when its own context is closed is ignored', async () => {
    const { monitor, contexts, events } = started();
    const context = contexts[0] as FakePcscContext;
    await monitor.close();
    context.emit('error', pcscError('SCardGetStatusChange', 'Command cancelled', PcscResult.cancelled));
    expect(events.map((event) => event.type)).toEqual(['pcsc.available']);
    expect(context.closeCount).toBe(1);
  });
});

describe('ReaderMonitor.connect', () => {
  async function withCard() {
    const test = started();
    const reader = (test.contexts[0] as FakePcscContext).addReader(READER) as FakePcscReader;
    reader.report(PRESENT, ATR);
    return { ...test, reader };
  }

  it('connects exclusively with T=1 and gives a transport; a second connect is CARD_BUSY until it is closed', async () => {
    const { monitor, reader } = await withCard();
    const transport = await monitor.connect(READER);
    expect(reader.connects).toEqual([{ share_mode: 2, protocol: 2 }]);
    await expect(monitor.connect(READER)).rejects.toMatchObject({ code: 'CARD_BUSY' });
    await transport.close();
    expect(reader.disconnects).toEqual([reader.SCARD_UNPOWER_CARD]);
    await (await monitor.connect(READER)).close();
  });

  it('two connects at once: the second is CARD_BUSY', async () => {
    const { monitor } = await withCard();
    const [first, second] = await Promise.allSettled([monitor.connect(READER), monitor.connect(READER)]);
    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && (second.reason as CardError).code).toBe('CARD_BUSY');
  });

  it('an unknown reader is READER_NOT_FOUND; no pcscd is PCSC_UNAVAILABLE', async () => {
    const { monitor } = await withCard();
    await expect(monitor.connect('nope')).rejects.toMatchObject({ code: 'READER_NOT_FOUND' });
    const down = started(['down']);
    await expect(down.monitor.connect(READER)).rejects.toMatchObject({ code: 'PCSC_UNAVAILABLE' });
  });

  it('the card leaving fails the exchange in flight with CARD_REMOVED at once', async () => {
    const { monitor, reader } = await withCard();
    const transport = await monitor.connect(READER);
    const answer = transport.exchange(fromHex('00A4040C0AD392F000260100000001'));
    await reader.nextTransmit();
    reader.report(EMPTY | (1 << 16));
    await expect(answer).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await transport.close();
  });

  it('pcscd going away fails the open transport with READER_GONE', async () => {
    const { monitor, reader, contexts } = await withCard();
    const transport = await monitor.connect(READER);
    (contexts[0] as FakePcscContext).emit('error', pcscError('SCardGetStatusChange', 'Service not available', PcscResult.noService));
    await expect(transport.exchange(fromHex('00A4040C0AD392F000260100000001'))).rejects.toMatchObject({ code: 'READER_GONE' });
    expect(reader.transmits).toHaveLength(0);
    await transport.close();
  });

  it('close() closes open transports and the native objects, and stops events', async () => {
    const { monitor, reader, contexts, events } = await withCard();
    await monitor.connect(READER);
    const count = events.length;
    await monitor.close();
    expect(reader.disconnects).toEqual([reader.SCARD_UNPOWER_CARD]);
    expect(reader.closeCount).toBe(1);
    expect((contexts[0] as FakePcscContext).closeCount).toBe(1);
    reader.report(EMPTY);
    expect(events).toHaveLength(count);
    await expect(monitor.connect(READER)).rejects.toMatchObject({ code: 'TRANSPORT_FAILED' });
  });

  it('a card-removed transport is still closed cleanly', async () => {
    const { monitor, reader } = await withCard();
    const transport = await monitor.connect(READER);
    reader.report(EMPTY | (1 << 16));
    await transport.close();
    expect(reader.disconnects).toEqual([reader.SCARD_UNPOWER_CARD]);
  });
});
