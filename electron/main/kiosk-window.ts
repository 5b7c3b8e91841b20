import { KIOSK_PAGE_URL } from './app-protocol';
import type { BrowserWindowApi, DisplayInfo, ElectronApi, KioskWindowOptions } from './electron-api';
import { KIOSK_PARTITION } from './session-hardening';

/**
 * The options of a kiosk window, as the Electron security checklist asks: an isolated, sandboxed
 * renderer without Node, the preload as its only bridge, no devtools, no webview, no insecure
 * content; full screen in kiosk mode without a frame or menu; shown once painted.
 */
export function kioskWindowOptions(preloadPath: string, display: DisplayInfo | undefined): KioskWindowOptions {
  return {
    ...(display === undefined ? {} : { x: display.bounds.x, y: display.bounds.y }),
    show: false,
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    title: '受付 / Reception',
    webPreferences: {
      preload: preloadPath,
      partition: KIOSK_PARTITION,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      disableDialogs: true,
    },
  };
}

export interface KioskWindowHooks {
  readonly log: (code: string, detail: string) => void;
  /** Whether the app is quitting: only then may a kiosk window close. */
  readonly quitting: () => boolean;
}

/**
 * Opens one kiosk window on a display and loads the kiosk page. A patient cannot close it (the close
 * is refused unless the app is quitting). A renderer that dies is replaced by a fresh page load: the
 * flow lives in this process, so the new page asks for the current view and the patient carries on
 * where they were; a renderer that hangs is ended first, then reloaded the same way.
 */
export function openKioskWindow(electron: Pick<ElectronApi, 'BrowserWindow'>, preloadPath: string, display: DisplayInfo | undefined, hooks: KioskWindowHooks): BrowserWindowApi {
  const window = new electron.BrowserWindow(kioskWindowOptions(preloadPath, display));
  window.removeMenu();
  const contents = window.webContents;
  const load = (): void => {
    contents.loadURL(KIOSK_PAGE_URL).catch((error: unknown) => hooks.log('KIOSK_PAGE_LOAD_FAILED', error instanceof Error ? error.message : String(error)));
  };
  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (!hooks.quitting()) event.preventDefault();
  });
  contents.on('render-process-gone', (_event, details) => {
    hooks.log('KIOSK_RENDERER_GONE', `${details.reason} (exit code ${details.exitCode}); reloading the kiosk page`);
    if (!window.isDestroyed() && !hooks.quitting()) load();
  });
  contents.on('unresponsive', () => {
    hooks.log('KIOSK_RENDERER_UNRESPONSIVE', 'ending the renderer; the page is reloaded');
    if (!contents.isDestroyed()) contents.forcefullyCrashRenderer();
  });
  load();
  return window;
}
