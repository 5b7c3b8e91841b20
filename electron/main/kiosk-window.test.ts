import { describe, expect, it } from 'vitest';
import { KIOSK_PAGE_URL } from './app-protocol';
import { kioskWindowOptions, openKioskWindow } from './kiosk-window';
import { KIOSK_PARTITION } from './session-hardening';
import { FakeElectron, FakeEvent } from './testing/fake-electron';

const preload = '/opt/kiosk/resources/app.asar/dist/electron/preload.js';

function open(quitting = false) {
  const electron = new FakeElectron();
  const logged: string[] = [];
  const window = openKioskWindow(electron, preload, electron.displays[1], { log: (code) => void logged.push(code), quitting: () => quitting });
  const fake = electron.windows[0]!;
  expect(fake).toBe(window);
  return { window: fake, logged };
}

describe('kiosk window options (Electron security checklist)', () => {
  const { webPreferences, ...window } = kioskWindowOptions(preload, undefined);

  it('isolates and sandboxes the renderer, with no Node anywhere in it', () => {
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and turns off what a kiosk page must not have', () => {
    expect(webPreferences).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableDialogs: true,
    });
  });

  it('loads the preload as the only bridge, in the in-memory kiosk session', () => {
    expect(webPreferences.preload).toBe(preload);
    expect(webPreferences.partition).toBe(KIOSK_PARTITION);
    expect(webPreferences.partition.startsWith('persist:')).toBe(false);
  });

  it('sets every preference it declares, so none falls back to a default by omission', () => {
    const expected = [
      'preload',
      'partition',
      'contextIsolation',
      'sandbox',
      'nodeIntegration',
      'nodeIntegrationInWorker',
      'nodeIntegrationInSubFrames',
      'webSecurity',
      'allowRunningInsecureContent',
      'experimentalFeatures',
      'webviewTag',
      'devTools',
      'navigateOnDragDrop',
      'spellcheck',
      'safeDialogs',
      'disableDialogs',
    ];
    expect(Object.keys(webPreferences).sort()).toEqual([...expected].sort());
  });

  it('is a full-screen kiosk without frame or menu, shown only once painted', () => {
    expect(window).toMatchObject({ kiosk: true, fullscreen: true, frame: false, autoHideMenuBar: true, show: false });
  });

  it('goes to the display it is given', () => {
    const display = { id: 2, bounds: { x: 1920, y: 0, width: 1280, height: 1024 } };
    expect(kioskWindowOptions(preload, display)).toMatchObject({ x: 1920, y: 0 });
    expect(kioskWindowOptions(preload, undefined)).not.toHaveProperty('x');
  });
});

describe('kiosk window', () => {
  it('loads the kiosk page from the app origin, removes the menu and shows itself when ready', () => {
    const { window } = open();
    expect(window.webContents.loaded).toEqual([KIOSK_PAGE_URL]);
    expect(window.menuRemoved).toBe(true);
    expect(window.options.x).toBe(1920);
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window.shown).toBe(true);
  });

  it('refuses to close while the app runs, and closes when it quits', () => {
    let quitting = false;
    const electron = new FakeElectron();
    openKioskWindow(electron, preload, undefined, { log: () => undefined, quitting: () => quitting });
    const window = electron.windows[0]!;
    expect(window.tryClose()).toBe(false);
    quitting = true;
    expect(window.tryClose()).toBe(true);
  });

  it('reloads the kiosk page when its renderer is gone, whatever the reason', () => {
    const { window, logged } = open();
    for (const reason of ['crashed', 'oom', 'killed', 'clean-exit']) window.webContents.emit('render-process-gone', new FakeEvent(), { reason, exitCode: 1 });
    expect(window.webContents.loaded).toEqual([KIOSK_PAGE_URL, KIOSK_PAGE_URL, KIOSK_PAGE_URL, KIOSK_PAGE_URL, KIOSK_PAGE_URL]);
    expect(logged).toEqual(['KIOSK_RENDERER_GONE', 'KIOSK_RENDERER_GONE', 'KIOSK_RENDERER_GONE', 'KIOSK_RENDERER_GONE']);
  });

  it('does not reload a page while the app quits', () => {
    const { window } = open(true);
    window.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 1 });
    expect(window.webContents.loaded).toEqual([KIOSK_PAGE_URL]);
  });

  it('ends a hung renderer so that it is reloaded', () => {
    const { window, logged } = open();
    window.webContents.emit('unresponsive');
    expect(window.webContents.crashedByShell).toBe(1);
    expect(logged).toEqual(['KIOSK_RENDERER_UNRESPONSIVE']);
  });
});
