import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, KIOSK_CHANNELS } from '../../flow/contract/kiosk-bridge';
import { KIOSK_PAGE_URL } from './app-protocol';
import { KioskIpcBridge, MAX_FRAME_MESSAGE_BYTES } from './kiosk-ipc';
import { FakeFrame, FakeIpcMain, FakeWebContents, ipcEventFrom } from './testing/fake-electron';
import { FakeKioskScreen } from './testing/fake-kiosk-screen';

function setUp() {
  const ipc = new FakeIpcMain();
  const logged: string[] = [];
  const bridge = new KioskIpcBridge(ipc, (code) => void logged.push(code));
  const contents = new FakeWebContents();
  void contents.loadURL(KIOSK_PAGE_URL);
  const screen = new FakeKioskScreen('kiosk-1');
  const detach = bridge.attach(contents, screen);
  const fromPage = () => ipcEventFrom(contents, contents.mainFrame);
  return { ipc, bridge, contents, screen, detach, logged, fromPage };
}

/** A frame message in the contract's layout: width, height (uint16 BE), format, capture time (float64 BE), pixels. */
function frameMessage(width: number, height: number, format: number, capturedAtMs: number, pixels: Uint8Array): ArrayBuffer {
  const buffer = new ArrayBuffer(FRAME_HEADER_BYTES + pixels.length);
  const view = new DataView(buffer);
  view.setUint16(0, width);
  view.setUint16(2, height);
  view.setUint8(4, format);
  view.setFloat64(5, capturedAtMs);
  new Uint8Array(buffer, FRAME_HEADER_BYTES).set(pixels);
  return buffer;
}

describe('kiosk IPC bridge: channels', () => {
  it('registers exactly the contract channels: two invokes and one send', () => {
    const { ipc } = setUp();
    expect([...ipc.handlers.keys()].sort()).toEqual([KIOSK_CHANNELS.currentView, KIOSK_CHANNELS.event].sort());
    expect([...ipc.listeners.keys()]).toEqual([KIOSK_CHANNELS.frame]);
  });

  it('answers the current view of the window’s own kiosk', async () => {
    const { ipc, screen, fromPage } = setUp();
    expect(await ipc.invoke(KIOSK_CHANNELS.currentView, fromPage())).toEqual(screen.views().kiosk);
    const shown = screen.show('reading', 'reading');
    expect(await ipc.invoke(KIOSK_CHANNELS.currentView, fromPage())).toEqual(shown);
  });

  it('pushes every view change to the page', () => {
    const { contents, screen } = setUp();
    const first = screen.show('reading', 'reading');
    const second = screen.show('method-choice', 'choose-method');
    expect(contents.sent).toEqual([
      { channel: KIOSK_CHANNELS.view, args: [first] },
      { channel: KIOSK_CHANNELS.view, args: [second] },
    ]);
  });

  it('passes screen events to the flow as sent, and maps its answer to the contract', async () => {
    const { ipc, screen, fromPage } = setUp();
    expect(await ipc.invoke(KIOSK_CHANNELS.event, fromPage(), { type: 'method.chosen', method: 'face' })).toEqual({ ok: true });
    screen.answer = () => ({ ok: false, code: 'EVENT_NOT_ACCEPTED', detail: 'pin.entered is not taken now' });
    expect(await ipc.invoke(KIOSK_CHANNELS.event, fromPage(), { type: 'pin.entered', pin: '1234' })).toEqual({
      ok: false,
      code: 'EVENT_NOT_ACCEPTED',
      message: 'pin.entered is not taken now',
    });
    expect(screen.received).toEqual([
      { type: 'method.chosen', method: 'face' },
      { type: 'pin.entered', pin: '1234' },
    ]);
  });

  it('answers a flow that throws with a coded refusal, never the error itself', async () => {
    const { ipc, screen, fromPage, logged } = setUp();
    screen.answer = () => {
      throw new Error('stack and secrets');
    };
    expect(await ipc.invoke(KIOSK_CHANNELS.event, fromPage(), { type: 'staff.requested' })).toEqual({ ok: false, code: 'INTERNAL', message: 'internal error' });
    expect(logged).toEqual(['KIOSK_EVENT_FAILED']);
  });

  it('decodes a camera frame from its binary layout and gives it to the flow as face.frame', () => {
    const { ipc, screen, fromPage } = setUp();
    const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, index) => index);
    ipc.send(KIOSK_CHANNELS.frame, fromPage(), frameMessage(2, 3, 2, 1234.5, pixels));
    expect(screen.received).toHaveLength(1);
    const event = screen.received[0] as { type: string; frame: { width: number; height: number; format: string; capturedAtMs: number; data: Uint8Array } };
    expect(event.type).toBe('face.frame');
    expect({ ...event.frame, data: [...event.frame.data] }).toEqual({ width: 2, height: 3, format: 'rgba', capturedAtMs: 1234.5, data: [...pixels] });
  });

  it('takes a frame sent as a typed array over part of a buffer, reading only its own bytes', () => {
    const { ipc, screen, fromPage } = setUp();
    const message = new Uint8Array(frameMessage(1, 1, 0, 7, Uint8Array.of(200)));
    const padded = new Uint8Array(message.length + 8);
    padded.set(message, 4);
    ipc.send(KIOSK_CHANNELS.frame, fromPage(), padded.subarray(4, 4 + message.length));
    const event = screen.received[0] as { frame: { width: number; format: string; data: Uint8Array } };
    expect([event.frame.width, event.frame.format, [...event.frame.data]]).toEqual([1, 'gray', [200]]);
  });

  it('drops frames that are not frames: wrong type, short header, unknown format, too large', () => {
    const { ipc, screen, fromPage } = setUp();
    for (const message of ['text', { width: 1 }, null, 42, new ArrayBuffer(FRAME_HEADER_BYTES - 1), frameMessage(1, 1, 9, 0, Uint8Array.of(1)), new ArrayBuffer(MAX_FRAME_MESSAGE_BYTES + 1)]) {
      ipc.send(KIOSK_CHANNELS.frame, fromPage(), message);
    }
    expect(screen.received).toEqual([]);
  });
});

describe('kiosk IPC bridge: who may talk to it', () => {
  it('routes each window to its own kiosk', async () => {
    const { ipc, bridge, screen, fromPage } = setUp();
    const other = new FakeWebContents();
    void other.loadURL(KIOSK_PAGE_URL);
    const otherScreen = new FakeKioskScreen('kiosk-2');
    bridge.attach(other, otherScreen);
    await ipc.invoke(KIOSK_CHANNELS.event, ipcEventFrom(other, other.mainFrame), { type: 'staff.requested' });
    await ipc.invoke(KIOSK_CHANNELS.event, fromPage(), { type: 'reception.cancelled' });
    expect(otherScreen.received).toEqual([{ type: 'staff.requested' }]);
    expect(screen.received).toEqual([{ type: 'reception.cancelled' }]);
    expect(await ipc.invoke(KIOSK_CHANNELS.currentView, ipcEventFrom(other, other.mainFrame))).toMatchObject({ kioskId: 'kiosk-2' });
  });

  const strangers: [string, (contents: FakeWebContents) => ReturnType<typeof ipcEventFrom>, string][] = [
    ['a WebContents that is no kiosk window', () => ipcEventFrom(new FakeWebContents(), new FakeFrame(KIOSK_PAGE_URL)), 'SENDER_UNKNOWN'],
    ['a frame that is gone', (contents) => ipcEventFrom(contents, null), 'SENDER_FRAME_GONE'],
    ['a subframe of the kiosk page', (contents) => ipcEventFrom(contents, new FakeFrame(KIOSK_PAGE_URL, new FakeFrame(KIOSK_PAGE_URL))), 'SENDER_NOT_MAIN_FRAME'],
    ['a page of another origin in the kiosk window', (contents) => ipcEventFrom(contents, new FakeFrame('https://evil.example/')), 'SENDER_NOT_APP_ORIGIN'],
    ['a file page in the kiosk window', (contents) => ipcEventFrom(contents, new FakeFrame('file:///tmp/x.html')), 'SENDER_NOT_APP_ORIGIN'],
    ['another host of the app scheme', (contents) => ipcEventFrom(contents, new FakeFrame('app://kiosk.evil/index.html')), 'SENDER_NOT_APP_ORIGIN'],
  ];

  it.each(strangers)('ignores %s on every channel', async (_name, eventOf, code) => {
    const { ipc, contents, screen, logged } = setUp();
    const event = eventOf(contents);
    await expect(ipc.invoke(KIOSK_CHANNELS.currentView, event)).rejects.toThrow('SENDER_REFUSED');
    expect(await ipc.invoke(KIOSK_CHANNELS.event, event, { type: 'staff.requested' })).toEqual({ ok: false, code: 'SENDER_REFUSED', message: 'not a kiosk page' });
    ipc.send(KIOSK_CHANNELS.frame, event, frameMessage(1, 1, 0, 0, Uint8Array.of(1)));
    expect(screen.received).toEqual([]);
    expect(logged).toEqual([code, code, code]);
  });

  it('forgets a window once detached: no more pushes, and its messages are ignored', async () => {
    const { ipc, contents, screen, detach, fromPage } = setUp();
    detach();
    expect(screen.subscribers).toBe(0);
    screen.show('reading', 'reading');
    expect(contents.sent).toEqual([]);
    expect(await ipc.invoke(KIOSK_CHANNELS.event, fromPage(), { type: 'staff.requested' })).toMatchObject({ ok: false, code: 'SENDER_REFUSED' });
    expect(screen.received).toEqual([]);
  });

  it('sends nothing to a destroyed page', () => {
    const { contents, screen } = setUp();
    contents.destroyed = true;
    screen.show('reading', 'reading');
    expect(contents.sent).toEqual([]);
  });
});
