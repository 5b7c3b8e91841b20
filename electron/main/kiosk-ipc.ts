import { MAX_FRAME_PIXELS } from '../../flow/contract/events';
import { FRAME_HEADER_BYTES, KIOSK_CHANNELS, type BridgeEventOutcome } from '../../flow/contract/kiosk-bridge';
import type { KioskView } from '../../flow/contract/view-models';
import { frameOfMessage } from '../../terminal/http/frame-message';
import type { EventOutcome } from '../../terminal/kiosk/kiosk-runtime';
import { isAppUrl } from './app-protocol';
import type { IpcEvent, IpcMainApi, WebContentsApi } from './electron-api';

/** What the bridge needs of a kiosk's flow (`KioskRuntime` of terminal/): its view, its changes, its one door for events. */
export interface KioskScreen {
  views(): { readonly kiosk: KioskView };
  subscribe(listener: (views: { readonly kiosk: KioskView }) => void): () => void;
  screenEvent(value: unknown): EventOutcome;
}

/** The largest frame message: the largest frame the flow takes (1920×1080 RGBA) and its header. */
export const MAX_FRAME_MESSAGE_BYTES = FRAME_HEADER_BYTES + MAX_FRAME_PIXELS * 4;

export type BridgeLog = (code: string, detail: string) => void;

/** Why an IPC message was not acted on; logged by code, never with what the page sent. */
export type SenderRefusal = 'SENDER_UNKNOWN' | 'SENDER_FRAME_GONE' | 'SENDER_NOT_MAIN_FRAME' | 'SENDER_NOT_APP_ORIGIN';

/**
 * The main-process end of the kiosk bridge (`flow/contract/kiosk-bridge.ts`): one handler per
 * channel, each routing to the flow of the window that sent it. A message is acted on only when it
 * comes from the main frame of a kiosk window showing the app's own origin; anything else is
 * ignored (an invoke is answered with a refusal, so the caller learns nothing but "no").
 */
export class KioskIpcBridge {
  private readonly screens = new Map<number, KioskScreen>();

  constructor(
    ipcMain: IpcMainApi,
    private readonly log: BridgeLog,
  ) {
    ipcMain.handle(KIOSK_CHANNELS.currentView, (event) => {
      const screen = this.screenOf(event);
      if (screen === undefined) throw new Error('SENDER_REFUSED');
      return screen.views().kiosk;
    });
    ipcMain.handle(KIOSK_CHANNELS.event, (event, value) => {
      const screen = this.screenOf(event);
      if (screen === undefined) return refusal('SENDER_REFUSED', 'not a kiosk page');
      return this.deliver(screen, value);
    });
    ipcMain.on(KIOSK_CHANNELS.frame, (event, message) => {
      const screen = this.screenOf(event);
      if (screen === undefined) return;
      const buffer = bufferOf(message);
      if (buffer === undefined) return;
      const frame = frameOfMessage(buffer);
      if (typeof frame === 'string') return;
      // Frames are fire and forget: one the flow does not take now (not on the face capture screen) is dropped.
      this.deliver(screen, { type: 'face.frame', frame });
    });
  }

  /**
   * Binds a kiosk window's page to its flow: its events reach this flow, and every view change is
   * pushed to it. Returns the unbinding (when the window is gone).
   */
  attach(contents: WebContentsApi, screen: KioskScreen): () => void {
    this.screens.set(contents.id, screen);
    const unsubscribe = screen.subscribe(({ kiosk }) => {
      if (!contents.isDestroyed()) contents.send(KIOSK_CHANNELS.view, kiosk);
    });
    return () => {
      unsubscribe();
      if (this.screens.get(contents.id) === screen) this.screens.delete(contents.id);
    };
  }

  private screenOf(event: IpcEvent): KioskScreen | undefined {
    const refused = senderRefusal(event, this.screens.has(event.sender.id));
    if (refused !== undefined) {
      this.log(refused, `IPC from web contents ${event.sender.id} ignored`);
      return undefined;
    }
    return this.screens.get(event.sender.id);
  }

  private deliver(screen: KioskScreen, value: unknown): BridgeEventOutcome {
    try {
      const outcome = screen.screenEvent(value);
      return outcome.ok ? { ok: true } : refusal(outcome.code, outcome.detail);
    } catch (error) {
      this.log('KIOSK_EVENT_FAILED', error instanceof Error ? error.message : String(error));
      return refusal('INTERNAL', 'internal error');
    }
  }
}

/** Whether an IPC message may be acted on; the reason when not. */
export function senderRefusal(event: IpcEvent, fromKioskWindow: boolean): SenderRefusal | undefined {
  if (!fromKioskWindow) return 'SENDER_UNKNOWN';
  const frame = event.senderFrame;
  if (frame === null) return 'SENDER_FRAME_GONE';
  if (frame.parent !== null) return 'SENDER_NOT_MAIN_FRAME';
  if (!isAppUrl(frame.url)) return 'SENDER_NOT_APP_ORIGIN';
  return undefined;
}

function refusal(code: string, message: string): BridgeEventOutcome {
  return { ok: false, code, message };
}

/** The frame message as a Buffer over the same bytes: an ArrayBuffer (the contract) or a view of one; nothing larger than a frame. */
function bufferOf(message: unknown): Buffer | undefined {
  let buffer: Buffer | undefined;
  if (message instanceof ArrayBuffer) buffer = Buffer.from(message);
  else if (ArrayBuffer.isView(message)) buffer = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return buffer !== undefined && buffer.length <= MAX_FRAME_MESSAGE_BYTES ? buffer : undefined;
}
