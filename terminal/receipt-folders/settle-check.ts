import type { FileLook } from '../../oqs/receipt-folder';

/**
 * When a file in Req may be read: a レセコン may write a request in place, in pieces, instead of
 * moving a finished file in (§2.1 asks it to, not every one does). A file is taken as written when
 *
 * - its size and modification time have stayed the same for `settleMs` — seen unchanged across two
 *   looks that far apart, or its modification time is already that old at the first look — and
 * - its bytes end with the root's end tag `</XmlMsg>` (checked after reading, see isCompleteDocument).
 *
 * A file that stays unchanged without its end tag for `incompleteMs` is taken as it is: it is answered
 * as malformed rather than waited on for ever. Pure: times are the file system's clock in ms.
 */
export interface SettleState {
  readonly size: number;
  readonly mtimeMs: number;
  /** When this size and time were first seen. */
  readonly seenAt: number;
}

export type SettleVerdict = { readonly kind: 'read' } | { readonly kind: 'wait'; readonly ms: number };

/** The file's state after this look and whether it has settled. */
export function settleLook(previous: SettleState | undefined, look: FileLook, now: number, settleMs: number): { state: SettleState; verdict: SettleVerdict } {
  const unchanged = previous !== undefined && previous.size === look.size && previous.mtimeMs === look.mtimeMs;
  const state: SettleState = unchanged ? previous : { size: look.size, mtimeMs: look.mtimeMs, seenAt: now };
  const still = stillFor(state, now);
  return { state, verdict: still >= settleMs ? { kind: 'read' } : { kind: 'wait', ms: Math.max(1, settleMs - still) } };
}

/**
 * A settled file whose bytes lack the end tag: wait for the rest (looking again at growing intervals,
 * from settleMs up to a second), or, once it has been still for incompleteMs, take it as it is.
 */
export function incompleteVerdict(state: SettleState, now: number, settleMs: number, incompleteMs: number): { readonly kind: 'take-as-is' } | { readonly kind: 'wait'; readonly ms: number } {
  const still = stillFor(state, now);
  if (still >= incompleteMs) return { kind: 'take-as-is' };
  const next = Math.min(Math.max(settleMs, still), 1000);
  return { kind: 'wait', ms: Math.max(1, Math.min(next, incompleteMs - still)) };
}

/** How long the file has been as it is: since first seen so, or since its modification time when that is earlier (and not in the future). */
function stillFor(state: SettleState, now: number): number {
  const since = state.mtimeMs <= now ? Math.min(state.seenAt, state.mtimeMs) : state.seenAt;
  return now - since;
}
