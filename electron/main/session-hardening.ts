import { serveAppFiles, APP_SCHEME, isAppUrl } from './app-protocol';
import type { SessionApi } from './electron-api';
import { grantsPermissionCheck, grantsPermissionRequest } from './permissions';

/**
 * The kiosk windows' session: in memory only (no `persist:` prefix), so nothing a page stores
 * outlives the process, and shared by every kiosk window of this terminal.
 */
export const KIOSK_PARTITION = 'kiosk';

/**
 * Whether the kiosk page may load a URL at all: its own origin, and data: and blob: URLs it made
 * itself. Every other request — http(s), ws(s), file, another scheme or host — is cancelled: the page
 * talks to the terminal through the IPC bridge and needs no network.
 */
export function allowsRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('data:') || url.startsWith('blob:');
}

/**
 * Puts every guard of the kiosk session in place before a window uses it: the app scheme serving
 * the renderer's folder, the camera-only permission handlers, no device access, no downloads, no
 * network requests and no spell-checker (which would download dictionaries).
 */
export function hardenKioskSession(session: SessionApi, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, serveAppFiles(rendererDir));
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => callback(grantsPermissionRequest(permission, details)));
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) => grantsPermissionCheck(permission, requestingOrigin, details));
  session.setDevicePermissionHandler(() => false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !allowsRequest(details.url) }));
  session.setSpellCheckerEnabled(false);
}
