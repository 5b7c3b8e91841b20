import { describe, expect, it } from 'vitest';
import { cardEventCount, cardEventsBetween, cardPresenceOf, ReaderStateBit, readerListEvents } from './reader-events';
import type { ReaderEvent, ReaderStatus } from './reader-events';

const { changed, unknown, unavailable, empty, present, exclusive, inUse, mute, unpowered } = ReaderStateBit;
const READER = 'Virtual PCD 00 00';
const ATR_A = Uint8Array.of(0x3b, 0xc5, 0xff, 0x81);
const ATR_B = Uint8Array.of(0x3b, 0x88, 0x80, 0x01);

/** A state as pcsc-lite reports it: the insert/remove count in the upper 16 bits. */
const state = (bits: number, count = 0) => ((count << 16) | bits) >>> 0;
const status = (bits: number, count = 0, atr?: Uint8Array): ReaderStatus => (atr ? { state: state(bits, count), atr } : { state: state(bits, count) });
const types = (events: ReaderEvent[]) => events.map((event) => event.type);

describe('cardPresenceOf', () => {
  it.each([
    ['EMPTY', empty, 'absent'],
    ['EMPTY|CHANGED', empty | changed, 'absent'],
    ['PRESENT', present, 'present'],
    ['PRESENT|CHANGED|EXCLUSIVE|INUSE', present | changed | exclusive | inUse, 'present'],
    ['PRESENT|UNPOWERED', present | unpowered, 'present'],
    ['PRESENT|MUTE', present | mute, 'mute'],
    ['UNAVAILABLE', unavailable, 'absent'],
    ['PRESENT|UNAVAILABLE', present | unavailable, 'absent'],
    ['UNKNOWN', unknown | changed, 'absent'],
    ['nothing (UNAWARE)', 0, 'absent'],
  ] as const)('%s → %s', (_name, bits, presence) => {
    expect(cardPresenceOf(bits)).toBe(presence);
  });

  it('reads the event count from the upper 16 bits, as observed from pcscd (0x50022 = 5 events, PRESENT|CHANGED)', () => {
    expect(cardEventCount(0x50022)).toBe(5);
    expect(cardPresenceOf(0x50022)).toBe('present');
    expect(cardEventCount(state(empty, 0xffff))).toBe(0xffff);
  });
});

describe('cardEventsBetween', () => {
  it('first report with a card in the reader: card.inserted with its ATR', () => {
    const events = cardEventsBetween(READER, undefined, status(present | changed, 3, ATR_A));
    expect(events).toEqual([{ type: 'card.inserted', reader: READER, atr: ATR_A }]);
  });

  it('first report of an empty reader: nothing', () => {
    expect(cardEventsBetween(READER, undefined, status(empty | changed, 2))).toEqual([]);
  });

  it('empty → present: inserted; present → empty: removed', () => {
    expect(types(cardEventsBetween(READER, status(empty, 2), status(present | changed, 3, ATR_A)))).toEqual(['card.inserted']);
    expect(cardEventsBetween(READER, status(present, 3, ATR_A), status(empty | changed, 4))).toEqual([{ type: 'card.removed', reader: READER }]);
  });

  it('bits that change when anyone connects (CHANGED, EXCLUSIVE, INUSE, UNPOWERED) cause no event', () => {
    const before = status(present | changed, 3, ATR_A);
    for (const bits of [present, present | exclusive, present | inUse | changed, present | unpowered]) {
      expect(cardEventsBetween(READER, before, status(bits, 3, ATR_A))).toEqual([]);
    }
    expect(cardEventsBetween(READER, status(empty, 4), status(empty | changed, 4))).toEqual([]);
  });

  it('present → present with a new event count: the card was swapped between reports (removed, then inserted)', () => {
    const events = cardEventsBetween(READER, status(present, 3, ATR_A), status(present | changed, 5, ATR_A));
    expect(types(events)).toEqual(['card.removed', 'card.inserted']);
  });

  it('present → present with another ATR: swapped too', () => {
    const events = cardEventsBetween(READER, status(present, 3, ATR_A), status(present, 3, ATR_B));
    expect(events).toEqual([
      { type: 'card.removed', reader: READER },
      { type: 'card.inserted', reader: READER, atr: ATR_B },
    ]);
  });

  it('empty → empty with a new count (a card came and went unseen): nothing to report', () => {
    expect(cardEventsBetween(READER, status(empty, 3), status(empty, 5))).toEqual([]);
  });

  it('a mute card: unresponsive, not inserted; leaving reports it removed', () => {
    expect(types(cardEventsBetween(READER, status(empty, 2), status(present | mute | changed, 3)))).toEqual(['card.unresponsive']);
    expect(types(cardEventsBetween(READER, status(present | mute, 3), status(empty, 4)))).toEqual(['card.removed']);
  });

  it('present → mute: the usable card is gone (removed, unresponsive); mute → present: inserted', () => {
    expect(types(cardEventsBetween(READER, status(present, 3, ATR_A), status(present | mute, 3)))).toEqual(['card.removed', 'card.unresponsive']);
    expect(types(cardEventsBetween(READER, status(present | mute, 3), status(present, 3, ATR_A)))).toEqual(['card.inserted']);
  });

  it('a card in a reader that becomes unavailable or unknown is removed', () => {
    expect(types(cardEventsBetween(READER, status(present, 3, ATR_A), status(unavailable | changed, 3)))).toEqual(['card.removed']);
    expect(types(cardEventsBetween(READER, status(present, 3, ATR_A), status(unknown | changed, 3)))).toEqual(['card.removed']);
    expect(types(cardEventsBetween(READER, status(unavailable, 3), status(present, 4, ATR_A)))).toEqual(['card.inserted']);
  });
});

describe('readerListEvents', () => {
  it('a reader appearing is added', () => {
    expect(readerListEvents(new Map(), ['A'])).toEqual([{ type: 'reader.added', reader: 'A' }]);
  });

  it('a reader disappearing with a card reports the card removed first', () => {
    const previous = new Map<string, ReaderStatus | undefined>([
      ['A', status(present, 1, ATR_A)],
      ['B', status(empty, 0)],
      ['C', undefined],
    ]);
    expect(readerListEvents(previous, ['B'])).toEqual([
      { type: 'card.removed', reader: 'A' },
      { type: 'reader.removed', reader: 'A' },
      { type: 'reader.removed', reader: 'C' },
    ]);
  });

  it('all readers gone at once (pcscd stopped), then back', () => {
    const previous = new Map<string, ReaderStatus | undefined>([
      ['A', status(present, 1, ATR_A)],
      ['B', status(empty, 0)],
    ]);
    expect(types(readerListEvents(previous, []))).toEqual(['card.removed', 'reader.removed', 'reader.removed']);
    expect(types(readerListEvents(new Map(), ['A', 'B']))).toEqual(['reader.added', 'reader.added']);
  });

  it('no change, no events', () => {
    expect(readerListEvents(new Map([['A', undefined]]), ['A'])).toEqual([]);
  });
});
