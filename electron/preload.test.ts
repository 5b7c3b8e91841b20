import { describe, expect, it } from 'vitest';
import { KIOSK_BRIDGE_GLOBAL, KIOSK_CHANNELS, type KioskBridge } from '../flow/contract/kiosk-bridge';
import type { KioskView } from '../flow/contract/view-models';
import { exposeKioskBridge, type RendererIpc } from './preload/kiosk-bridge';

// The preload's tests sit here rather than in preload/, whose import rule lets it see nothing but the
// contract (the test runner included). The preload runs in a sandboxed renderer; here its bridge runs
// under Node with a fake contextBridge and ipcRenderer.

type Listener = (event: unknown, ...args: unknown[]) => void;

class FakeIpcRenderer implements RendererIpc {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Listener[]>();
  answers = new Map<string, unknown>();

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return this.answers.get(channel);
  }

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }

  removeListener(channel: string, listener: Listener): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((entry) => entry !== listener),
    );
    return this;
  }

  /** What main's `webContents.send` does: every listener gets an IPC event, then the arguments. */
  push(channel: string, ...args: unknown[]): void {
    const event = { sender: this, senderId: 0 };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

function exposed(): { bridge: KioskBridge; ipc: FakeIpcRenderer; exposedAs: string[] } {
  const ipc = new FakeIpcRenderer();
  const exposedAs: string[] = [];
  let bridge: KioskBridge | undefined;
  exposeKioskBridge(
    {
      exposeInMainWorld: (key, api) => {
        exposedAs.push(key);
        bridge = api;
      },
    },
    ipc,
  );
  return { bridge: bridge!, ipc, exposedAs };
}

const view: KioskView = { kioskId: 'kiosk-1', screen: 'reading', message: 'reading', revision: 3 };

describe('preload surface', () => {
  it('exposes one object, as window.oqsKiosk, with exactly the four functions of the contract', () => {
    const { bridge, exposedAs } = exposed();
    expect(exposedAs).toEqual([KIOSK_BRIDGE_GLOBAL]);
    expect(KIOSK_BRIDGE_GLOBAL).toBe('oqsKiosk');
    expect(Object.keys(bridge).sort()).toEqual(['currentView', 'onView', 'sendEvent', 'sendFrame']);
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('gives the page nothing of ipcRenderer', () => {
    const { bridge, ipc } = exposed();
    const values = Object.values(bridge) as unknown[];
    expect(values).not.toContain(ipc);
    for (const name of ['invoke', 'send', 'on', 'removeListener'] as const) expect(values).not.toContain(ipc[name]);
  });
});

describe('preload channels', () => {
  it('currentView invokes kiosk:current-view and returns its answer', async () => {
    const { bridge, ipc } = exposed();
    ipc.answers.set(KIOSK_CHANNELS.currentView, view);
    expect(await bridge.currentView()).toEqual(view);
    expect(ipc.invoked).toEqual([{ channel: 'kiosk:current-view', args: [] }]);
  });

  it('sendEvent invokes kiosk:event with the event and returns the outcome', async () => {
    const { bridge, ipc } = exposed();
    ipc.answers.set(KIOSK_CHANNELS.event, { ok: false, code: 'EVENT_NOT_ACCEPTED', message: 'no' });
    expect(await bridge.sendEvent({ type: 'consent.all' })).toEqual({ ok: false, code: 'EVENT_NOT_ACCEPTED', message: 'no' });
    expect(ipc.invoked).toEqual([{ channel: 'kiosk:event', args: [{ type: 'consent.all' }] }]);
  });

  it('sendFrame sends the ArrayBuffer on kiosk:frame, and nothing that is not one', () => {
    const { bridge, ipc } = exposed();
    const frame = new ArrayBuffer(16);
    bridge.sendFrame(frame);
    for (const wrong of [new Uint8Array(16), 'frame', { byteLength: 16 }, null]) bridge.sendFrame(wrong as unknown as ArrayBuffer);
    expect(ipc.sent).toEqual([{ channel: 'kiosk:frame', args: [frame] }]);
    expect(ipc.sent[0]!.args[0]).toBe(frame);
  });

  it('onView hands the page each pushed view, never the IPC event, until unsubscribed', () => {
    const { bridge, ipc } = exposed();
    const received: unknown[][] = [];
    const unsubscribe = bridge.onView((...args: unknown[]) => void received.push(args));
    ipc.push(KIOSK_CHANNELS.view, view);
    ipc.push('kiosk:other', { kioskId: 'x' });
    unsubscribe();
    ipc.push(KIOSK_CHANNELS.view, { ...view, revision: 4 });
    expect(received).toEqual([[view]]);
    expect(ipc.listeners.get(KIOSK_CHANNELS.view)).toEqual([]);
  });

  it('onView refuses a listener that is not a function', () => {
    const { bridge, ipc } = exposed();
    expect(() => bridge.onView('x' as unknown as (view: KioskView) => void)).toThrow(TypeError);
    expect(ipc.listeners.size).toBe(0);
  });
});
