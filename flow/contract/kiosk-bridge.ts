// The kiosk page's one door to the terminal, the same in both shells: in browser mode an HTTP +
// WebSocket transport implements it; in Electron the preload exposes it through contextBridge as
// `window[KIOSK_BRIDGE_GLOBAL]`, one function per IPC channel. Types and names only.

import type { KioskView } from './view-models';

/** What the terminal answers to a screen event: accepted, or refused with a code (never a stack). */
export type BridgeEventOutcome = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly message: string };

export interface KioskBridge {
  /** The view now on this kiosk; a reloaded page asks here and carries on. */
  currentView(): Promise<KioskView>;
  /** Every later view, pushed as it changes; returns the unsubscription. */
  onView(listener: (view: KioskView) => void): () => void;
  /** A screen event (`flow/contract/events.ts` ScreenEvent, as plain JSON), checked by the terminal. */
  sendEvent(event: unknown): Promise<BridgeEventOutcome>;
  /**
   * One camera frame in the binary layout below. Fire and forget: the terminal takes frames only on
   * the face-capture screen and drops the rest.
   */
  sendFrame(message: ArrayBuffer): void;
  /** Whether the terminal can be reached, as it changes (a transport that cannot lose it may omit this). */
  onConnectionChange?(listener: (connected: boolean) => void): () => void;
}

/** The name of the bridge on `window` in the Electron kiosk window. */
export const KIOSK_BRIDGE_GLOBAL = 'oqsKiosk';

/** The IPC channels behind the bridge (Electron main ↔ preload). */
export const KIOSK_CHANNELS = {
  /** invoke → KioskView */
  currentView: 'kiosk:current-view',
  /** main → page: KioskView */
  view: 'kiosk:view',
  /** invoke(event) → BridgeEventOutcome */
  event: 'kiosk:event',
  /** send(ArrayBuffer) */
  frame: 'kiosk:frame',
} as const;

/**
 * A camera frame as one binary message: width (uint16 BE), height (uint16 BE), format (uint8: 0 gray,
 * 1 rgb, 2 rgba), capture time in ms (float64 BE), then the pixels, row by row.
 */
export const FRAME_HEADER_BYTES = 13;
export const FRAME_FORMATS = ['gray', 'rgb', 'rgba'] as const;
