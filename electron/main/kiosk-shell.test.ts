import { describe, expect, it } from 'vitest';
import { KIOSK_CHANNELS } from '../../flow/contract/kiosk-bridge';
import { APP_SCHEME, KIOSK_PAGE_URL } from './app-protocol';
import { runKioskShell, type KioskShellOptions, type KioskTerminal } from './kiosk-shell';
import { KIOSK_PARTITION } from './session-hardening';
import { FakeElectron, FakeEvent, FakeNavigationEvent, FakeWebContents, ipcEventFrom } from './testing/fake-electron';
import { FakeKioskScreen } from './testing/fake-kiosk-screen';

class FakeTerminal implements KioskTerminal {
  readonly kiosks: ReadonlyMap<string, { runtime: FakeKioskScreen }>;
  stops = 0;
  private finishStop: () => void = () => undefined;

  constructor(ids: readonly string[]) {
    this.kiosks = new Map(ids.map((id) => [id, { runtime: new FakeKioskScreen(id) }]));
  }

  /** Resolves only when the test lets it: the shell must wait for it. */
  stop(): Promise<void> {
    this.stops += 1;
    return new Promise((resolve) => {
      this.finishStop = resolve;
    });
  }

  stopped(): void {
    this.finishStop();
  }

  screen(id: string): FakeKioskScreen {
    return this.kiosks.get(id)!.runtime;
  }
}

function launch(ids: readonly string[] = ['kiosk-1', 'kiosk-2'], startTerminal?: KioskShellOptions['startTerminal']) {
  const electron = new FakeElectron();
  const terminal = new FakeTerminal(ids);
  const logged: string[] = [];
  let started = 0;
  const shell = runKioskShell(electron, {
    preloadPath: '/app/dist/electron/preload.js',
    rendererDir: '/app/dist/renderer/kiosk',
    startTerminal:
      startTerminal ??
      (async () => {
        started += 1;
        return terminal;
      }),
    log: (code) => void logged.push(code),
  });
  return { electron, terminal, logged, shell, started: () => started };
}

describe('kiosk shell before the app is ready', () => {
  it('registers the app scheme, sandboxes every renderer and guards every WebContents, before ready', () => {
    const { electron, started } = launch();
    expect(electron.app.isReady).toBe(false);
    expect(electron.privilegedSchemes).toEqual([[{ scheme: APP_SCHEME, privileges: { standard: true, secure: true } }]]);
    expect(electron.app.sandboxEnabled).toBe(true);
    expect(electron.app.switches).toEqual([['autoplay-policy', 'no-user-gesture-required']]);
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    expect(electron.windows).toEqual([]);
    expect(started()).toBe(0);
  });

  it('guards navigation on any WebContents the app creates, kiosk window or not', () => {
    const { electron } = launch();
    const contents = new FakeWebContents();
    electron.app.emit('web-contents-created', new FakeEvent(), contents);
    const event = new FakeNavigationEvent('https://evil.example/');
    contents.emit('will-navigate', event);
    expect(event.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('a second instance quits at once and starts nothing', async () => {
    const electron = new FakeElectron();
    electron.app.hasLock = false;
    let started = false;
    const shell = runKioskShell(electron, {
      preloadPath: '/p',
      rendererDir: '/r',
      startTerminal: async () => {
        started = true;
        return new FakeTerminal([]);
      },
      log: () => undefined,
    });
    electron.app.becomeReady();
    expect(await shell).toBeUndefined();
    expect(electron.app.quits).toBe(1);
    expect([started, electron.windows.length, electron.sessions.size]).toEqual([false, 0, 0]);
  });
});

describe('kiosk shell once ready', () => {
  it('hardens the kiosk session, then opens one window per kiosk on its own display, and keeps the display awake', async () => {
    const { electron, shell, started } = launch();
    electron.app.becomeReady();
    const result = await shell;
    expect(started()).toBe(1);
    expect(electron.applicationMenu).toBeNull();
    const session = electron.sessions.get(KIOSK_PARTITION);
    expect(session?.protocolHandlers.has(APP_SCHEME)).toBe(true);
    expect(session?.permissionRequestHandler).toBeDefined();
    expect(session?.permissionCheckHandler).toBeDefined();
    expect([...(result?.windows.keys() ?? [])]).toEqual(['kiosk-1', 'kiosk-2']);
    expect(electron.windows.map((window) => [window.options.x, window.options.webPreferences.partition, window.webContents.loaded])).toEqual([
      [0, KIOSK_PARTITION, [KIOSK_PAGE_URL]],
      [1920, KIOSK_PARTITION, [KIOSK_PAGE_URL]],
    ]);
    expect(electron.windows.every((window) => window.options.webPreferences.preload === '/app/dist/electron/preload.js')).toBe(true);
    expect([...electron.blockers.values()]).toEqual(['prevent-display-sleep']);
  });

  it('binds each window to its own kiosk’s flow', async () => {
    const { electron, terminal, shell } = launch();
    electron.app.becomeReady();
    await shell;
    const [first, second] = electron.windows;
    const view = terminal.screen('kiosk-2').show('reading', 'reading');
    expect(second!.webContents.sent).toEqual([{ channel: KIOSK_CHANNELS.view, args: [view] }]);
    expect(first!.webContents.sent).toEqual([]);
    await electron.ipcMain.invoke(KIOSK_CHANNELS.event, ipcEventFrom(first!.webContents, first!.webContents.mainFrame), { type: 'staff.requested' });
    expect(terminal.screen('kiosk-1').received).toEqual([{ type: 'staff.requested' }]);
    expect(terminal.screen('kiosk-2').received).toEqual([]);
  });

  it('places windows beyond the last display where the system puts them', async () => {
    const { electron, shell } = launch(['kiosk-1', 'kiosk-2', 'kiosk-3']);
    electron.displays = [electron.displays[0]!];
    electron.app.becomeReady();
    await shell;
    expect(electron.windows.map((window) => window.options.x)).toEqual([0, undefined, undefined]);
  });

  it('a renderer crash reloads the page, and the flow carries on where it was', async () => {
    const { electron, terminal, shell } = launch(['kiosk-1']);
    electron.app.becomeReady();
    await shell;
    const window = electron.windows[0]!;
    const screen = terminal.screen('kiosk-1');
    const consent = screen.show('consent', 'consent-question');
    window.webContents.emit('render-process-gone', new FakeEvent(), { reason: 'crashed', exitCode: 139 });
    expect(window.webContents.loaded).toEqual([KIOSK_PAGE_URL, KIOSK_PAGE_URL]);
    // The reloaded page asks for the view and gets the screen the patient was on; the flow was not touched.
    const fromReloaded = ipcEventFrom(window.webContents, window.webContents.mainFrame);
    expect(await electron.ipcMain.invoke(KIOSK_CHANNELS.currentView, fromReloaded)).toEqual(consent);
    expect(screen.received).toEqual([]);
    expect(await electron.ipcMain.invoke(KIOSK_CHANNELS.event, fromReloaded, { type: 'consent.all' })).toEqual({ ok: true });
  });

  it('exits with code 1, opening no window, when the terminal cannot start', async () => {
    const { electron, shell, logged } = launch(['kiosk-1'], async () => {
      throw Object.assign(new Error('no such file'), { code: 'TERMINAL_CONFIG_INVALID' });
    });
    electron.app.becomeReady();
    expect(await shell).toBeUndefined();
    expect(electron.app.exitCode).toBe(1);
    expect(logged).toEqual(['TERMINAL_CONFIG_INVALID']);
    expect(electron.windows).toEqual([]);
    expect(electron.blockers.size).toBe(0);
  });
});

describe('kiosk shell quitting', () => {
  it('keeps windows open until quitting; on quit stops the terminal first, then quits for good', async () => {
    const { electron, terminal, shell } = launch(['kiosk-1']);
    electron.app.becomeReady();
    const result = await shell;
    const window = electron.windows[0]!;
    expect(window.tryClose()).toBe(false);

    const firstQuit = new FakeEvent();
    electron.app.emit('before-quit', firstQuit);
    expect(firstQuit.defaultPrevented).toBe(true);
    expect(terminal.stops).toBe(1);
    expect(electron.app.quits).toBe(0);

    const quit = electron.app.nextQuit();
    terminal.stopped();
    await quit;
    expect(electron.app.quits).toBe(1);
    expect(electron.blockers.size).toBe(0);
    expect(terminal.stops).toBe(1);
    expect(window.tryClose()).toBe(true);
    expect(result?.windows.size).toBe(0);
    expect(terminal.screen('kiosk-1').subscribers).toBe(0);
  });
});
