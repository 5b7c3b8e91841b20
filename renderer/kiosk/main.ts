import { KIOSK_BRIDGE_GLOBAL, type KioskBridge } from '../../flow/contract/kiosk-bridge';
import { WebSocketBridge } from './bridge/websocket-bridge';
import { KioskApp } from './kiosk-app';
import { Voice } from './voice';

/**
 * The kiosk page's entry: the Electron preload's bridge where there is one, the terminal's
 * WebSocket otherwise (browser mode, `?kiosk=<id>`).
 */
function bridgeOfPage(): KioskBridge {
  const electron = (window as unknown as Record<string, KioskBridge | undefined>)[KIOSK_BRIDGE_GLOBAL];
  if (electron !== undefined) return electron;
  const kioskId = new URLSearchParams(location.search).get('kiosk') ?? 'kiosk-1';
  const bridge = new WebSocketBridge(kioskId);
  window.addEventListener('pagehide', () => bridge.close());
  return bridge;
}

const root = document.getElementById('kiosk-root');
if (root) {
  const app = new KioskApp({ root, bridge: bridgeOfPage(), voice: new Voice() });
  // Leaving the page leaves nothing on it: a copy kept for the back button shows an empty page, and
  // one brought back from that cache starts afresh from the terminal's view.
  window.addEventListener('pagehide', () => {
    app.stop();
    root.replaceChildren();
  });
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) location.reload();
  });
  void app.start();
}
