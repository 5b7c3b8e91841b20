import type { BridgeEventOutcome, KioskBridge } from '../../../flow/contract/kiosk-bridge';
import type { KioskView } from '../../../flow/contract/view-models';

/** Frames waiting in the socket beyond this are not worth sending: drop the new one instead. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * The kiosk bridge in browser mode: views arrive over the terminal's WebSocket (and from
 * `GET …/view` after a reload), screen events go up as POSTs so each gets its answer, frames go up as
 * binary WebSocket messages. A lost socket is reopened with a growing pause; the terminal sends the
 * current view first on every new socket, so nothing is missed.
 */
export class WebSocketBridge implements KioskBridge {
  private socket: WebSocket | undefined;
  private readonly viewListeners = new Set<(view: KioskView) => void>();
  private readonly connectionListeners = new Set<(connected: boolean) => void>();
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private closed = false;

  constructor(
    private readonly kioskId: string,
    private readonly origin: string = location.origin,
  ) {}

  async currentView(): Promise<KioskView> {
    const response = await fetch(`${this.origin}/api/kiosks/${encodeURIComponent(this.kioskId)}/view`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`view: HTTP ${response.status}`);
    return (await response.json()) as KioskView;
  }

  onView(listener: (view: KioskView) => void): () => void {
    this.viewListeners.add(listener);
    this.connect();
    return () => this.viewListeners.delete(listener);
  }

  onConnectionChange(listener: (connected: boolean) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  async sendEvent(event: unknown): Promise<BridgeEventOutcome> {
    try {
      const response = await fetch(`${this.origin}/api/kiosks/${encodeURIComponent(this.kioskId)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
        cache: 'no-store',
      });
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      if (response.ok) return { ok: true };
      return { ok: false, code: body.error?.code ?? `HTTP_${response.status}`, message: body.error?.message ?? '' };
    } catch {
      return { ok: false, code: 'TERMINAL_UNREACHABLE', message: 'the terminal did not answer' };
    }
  }

  sendFrame(message: ArrayBuffer): void {
    const socket = this.socket;
    if (socket?.readyState !== WebSocket.OPEN || socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    socket.send(message);
  }

  /** Closes the socket for good (the page is going away). */
  close(): void {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.socket?.close();
  }

  private connect(): void {
    if (this.closed || this.socket !== undefined) return;
    const url = `${this.origin.replace(/^http/, 'ws')}/api/kiosks/${encodeURIComponent(this.kioskId)}/stream`;
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.failures = 0;
      for (const listener of this.connectionListeners) listener(true);
    });
    socket.addEventListener('message', (message: MessageEvent<unknown>) => {
      if (typeof message.data !== 'string') return;
      let payload: { view?: KioskView };
      try {
        payload = JSON.parse(message.data) as { view?: KioskView };
      } catch {
        return;
      }
      if (payload.view !== undefined) for (const listener of this.viewListeners) listener(payload.view);
    });
    socket.addEventListener('close', () => {
      this.socket = undefined;
      for (const listener of this.connectionListeners) listener(false);
      if (this.closed) return;
      const delay = RECONNECT_DELAYS_MS[Math.min(this.failures, RECONNECT_DELAYS_MS.length - 1)]!;
      this.failures += 1;
      this.reconnectTimer = setTimeout(() => this.connect(), delay);
    });
  }
}
