import { KIOSK_BRIDGE_GLOBAL, KIOSK_CHANNELS, type BridgeEventOutcome, type KioskBridge } from '../../flow/contract/kiosk-bridge';
import type { KioskView } from '../../flow/contract/view-models';

// The kiosk page's side of the IPC bridge. The page gets exactly the four functions of `KioskBridge`,
// one per channel; it never sees ipcRenderer, an IPC event or anything of Node. What the page sends is
// checked by the terminal, so this only routes (and sends frames only as the ArrayBuffer the contract
// names).

/** The part of ipcRenderer the bridge uses. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** The part of contextBridge the preload uses. */
export interface ContextBridgeApi {
  exposeInMainWorld(apiKey: string, api: KioskBridge): void;
}

export function createKioskBridge(ipc: RendererIpc): KioskBridge {
  return {
    currentView: () => ipc.invoke(KIOSK_CHANNELS.currentView) as Promise<KioskView>,
    onView: (listener) => {
      if (typeof listener !== 'function') throw new TypeError('onView takes a function');
      // The IPC event (which carries the sender) stays here; the page gets the view only.
      const forward = (_event: unknown, view: unknown): void => listener(view as KioskView);
      ipc.on(KIOSK_CHANNELS.view, forward);
      return () => {
        ipc.removeListener(KIOSK_CHANNELS.view, forward);
      };
    },
    sendEvent: (event) => ipc.invoke(KIOSK_CHANNELS.event, event) as Promise<BridgeEventOutcome>,
    sendFrame: (message) => {
      if (message instanceof ArrayBuffer) ipc.send(KIOSK_CHANNELS.frame, message);
    },
  };
}

/** Puts the bridge on the page's `window` as `oqsKiosk`; the only thing the preload does. */
export function exposeKioskBridge(contextBridge: ContextBridgeApi, ipc: RendererIpc): void {
  contextBridge.exposeInMainWorld(KIOSK_BRIDGE_GLOBAL, createKioskBridge(ipc));
}
