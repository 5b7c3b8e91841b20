import { bytesEqual } from '../../kernel/bytes';
import type { CardError } from './card-error';

/**
 * What the reader monitor reports, and the pure functions that compute card and reader events
 * from pcscd's reader-state bitmasks. No I/O here: the monitor feeds states in, events come out.
 */
export type ReaderEvent =
  | { readonly type: 'reader.added'; readonly reader: string }
  | { readonly type: 'reader.removed'; readonly reader: string }
  | { readonly type: 'card.inserted'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly type: 'card.removed'; readonly reader: string }
  /** A card is in the reader but does not answer (SCARD_STATE_MUTE): reposition it. */
  | { readonly type: 'card.unresponsive'; readonly reader: string }
  /** pcscd could not be reached (at start or after it stopped); the monitor keeps retrying. */
  | { readonly type: 'pcsc.unavailable'; readonly error: CardError }
  /** pcscd is reachable (at start, or again after pcsc.unavailable). */
  | { readonly type: 'pcsc.available' }
  /** A PC/SC failure that is not itself a state change; every one carries a code. */
  | { readonly type: 'pcsc.error'; readonly reader?: string; readonly error: CardError };

/** SCARD_STATE_* bits (pcsclite.h; the same values in WinSCard). */
export const ReaderStateBit = {
  ignore: 0x0001,
  changed: 0x0002,
  unknown: 0x0004,
  unavailable: 0x0008,
  empty: 0x0010,
  present: 0x0020,
  atrMatch: 0x0040,
  exclusive: 0x0080,
  inUse: 0x0100,
  mute: 0x0200,
  unpowered: 0x0400,
} as const;

/** One status report of one reader: pcscd's event state and, with a card, its ATR. */
export interface ReaderStatus {
  readonly state: number;
  readonly atr?: Uint8Array;
}

export type CardPresence = 'absent' | 'present' | 'mute';

/**
 * What is in the reader. An unknown or unavailable reader can hold no usable card; a mute card is
 * there but does not answer.
 */
export function cardPresenceOf(state: number): CardPresence {
  if (state & (ReaderStateBit.unknown | ReaderStateBit.unavailable)) return 'absent';
  if (!(state & ReaderStateBit.present)) return 'absent';
  return state & ReaderStateBit.mute ? 'mute' : 'present';
}

/**
 * pcsc-lite counts insertions and removals in the upper 16 bits of the event state. Two reports
 * with a card and different counts mean the card was swapped between them, even if no report
 * showed the reader empty.
 */
export function cardEventCount(state: number): number {
  return (state >>> 16) & 0xffff;
}

function sameBytes(left: Uint8Array | undefined, right: Uint8Array | undefined): boolean {
  if (!left || !right) return true; // an ATR not reported is no evidence of a swap
  return bytesEqual(left, right);
}

/**
 * Card events between two reports of one reader. `previous` undefined: the first report (a card
 * already in the reader is reported inserted). The CHANGED, EXCLUSIVE, INUSE and UNPOWERED bits
 * never cause events by themselves: they change when anyone connects.
 */
export function cardEventsBetween(reader: string, previous: ReaderStatus | undefined, next: ReaderStatus): ReaderEvent[] {
  const before = previous ? cardPresenceOf(previous.state) : 'absent';
  const after = cardPresenceOf(next.state);
  const hadCard = before !== 'absent';
  const hasCard = after !== 'absent';
  const swapped =
    hadCard &&
    hasCard &&
    previous !== undefined &&
    (cardEventCount(previous.state) !== cardEventCount(next.state) || !sameBytes(previous.atr, next.atr));

  const events: ReaderEvent[] = [];
  // The card that was there is gone: pulled, swapped, or turned mute.
  if (hadCard && (!hasCard || swapped || (before === 'present' && after === 'mute'))) {
    events.push({ type: 'card.removed', reader });
  }
  const arrived = hasCard && (!hadCard || swapped || before !== after);
  if (arrived) {
    events.push(
      after === 'present'
        ? { type: 'card.inserted', reader, atr: Uint8Array.from(next.atr ?? []) }
        : { type: 'card.unresponsive', reader },
    );
  }
  return events;
}

/**
 * Reader events between two reader lists, each reader with its last status (undefined before the
 * first report). A reader that leaves with a card in it reports the card removed first.
 */
export function readerListEvents(
  previous: ReadonlyMap<string, ReaderStatus | undefined>,
  current: readonly string[],
): ReaderEvent[] {
  const events: ReaderEvent[] = [];
  const now = new Set(current);
  for (const [reader, status] of previous) {
    if (now.has(reader)) continue;
    if (status && cardPresenceOf(status.state) !== 'absent') events.push({ type: 'card.removed', reader });
    events.push({ type: 'reader.removed', reader });
  }
  for (const reader of now) {
    if (!previous.has(reader)) events.push({ type: 'reader.added', reader });
  }
  return events;
}
