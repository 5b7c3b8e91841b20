import { APP_SCHEME_PRIVILEGES } from './app-protocol';
import type { BrowserWindowApi, ElectronApi } from './electron-api';
import { KioskIpcBridge, type KioskScreen } from './kiosk-ipc';
import { openKioskWindow } from './kiosk-window';
import { guardNavigation } from './navigation-guards';
import { hardenKioskSession, KIOSK_PARTITION } from './session-hardening';

/** What the shell needs of the started terminal (`ReceptionTerminal` of terminal/): its kiosks, in display order, and its stop. */
export interface KioskTerminal {
  readonly kiosks: ReadonlyMap<string, { readonly runtime: KioskScreen }>;
  stop(): Promise<void>;
}

export interface KioskShellOptions {
  /** The bundled preload script (absolute path). */
  readonly preloadPath: string;
  /** The folder of the bundled kiosk renderer, served as the app origin. */
  readonly rendererDir: string;
  /** Starts the terminal (terminal/) once the app is ready. */
  readonly startTerminal: () => Promise<KioskTerminal>;
  readonly log: (code: string, detail: string) => void;
}

export interface KioskShell {
  /** The kiosk windows by kiosk id. */
  readonly windows: ReadonlyMap<string, BrowserWindowApi>;
}

/**
 * The Electron main process: lock-down first, then the terminal, then one kiosk window per kiosk.
 *
 * Before `ready` (synchronously, so call this before anything is awaited): the app scheme is
 * registered as privileged, every renderer is sandboxed, a second instance hands over to the first
 * and quits, and every WebContents the app will ever create gets the navigation guards.
 * After `ready`: no application menu, the kiosk session hardened, the terminal started, the IPC
 * bridge bound, a window per kiosk (one per display, in order), and the display kept awake.
 * Quitting stops the terminal before the windows close. Resolves to `undefined` when this instance
 * does not run (second instance, or the terminal could not start: the app exits with code 1).
 */
export function runKioskShell(electron: ElectronApi, options: KioskShellOptions): Promise<KioskShell | undefined> {
  const { app } = electron;
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  // Voice guidance speaks from the first screen on, before any tap: a blind patient cannot tap first.
  app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return Promise.resolve(undefined);
  }
  const windows = new Map<string, BrowserWindowApi>();
  app.on('second-instance', () => {
    for (const window of windows.values()) {
      if (!window.isDestroyed()) window.focus();
    }
  });
  app.on('web-contents-created', (_event, contents) => guardNavigation(contents));
  return startAfterReady(electron, options, windows);
}

async function startAfterReady(electron: ElectronApi, options: KioskShellOptions, windows: Map<string, BrowserWindowApi>): Promise<KioskShell | undefined> {
  const { app } = electron;
  const { log } = options;
  await app.whenReady();
  electron.Menu.setApplicationMenu(null);
  hardenKioskSession(electron.session.fromPartition(KIOSK_PARTITION), options.rendererDir);

  let terminal: KioskTerminal;
  try {
    terminal = await options.startTerminal();
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'TERMINAL_START_FAILED';
    log(code, `受付端末を起動できません / the terminal could not start: ${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
    return undefined;
  }

  let quitting = false;
  let stopping = false;
  let blocker: number | undefined;
  app.on('before-quit', (event) => {
    quitting = true;
    if (stopping) return;
    // The terminal stops first (flows, reader monitor, store), then the app quits for good.
    stopping = true;
    event.preventDefault();
    terminal
      .stop()
      .catch((error: unknown) => log('TERMINAL_STOP_FAILED', error instanceof Error ? error.message : String(error)))
      .finally(() => {
        if (blocker !== undefined) electron.powerSaveBlocker.stop(blocker);
        app.quit();
      });
  });

  const bridge = new KioskIpcBridge(electron.ipcMain, log);
  const displays = electron.screen.getAllDisplays();
  let index = 0;
  for (const [kioskId, kiosk] of terminal.kiosks) {
    const window = openKioskWindow(electron, options.preloadPath, displays[index], { log, quitting: () => quitting });
    index += 1;
    const detach = bridge.attach(window.webContents, kiosk.runtime);
    window.on('closed', () => {
      detach();
      windows.delete(kioskId);
    });
    windows.set(kioskId, window);
  }
  blocker = electron.powerSaveBlocker.start('prevent-display-sleep');
  return { windows };
}
