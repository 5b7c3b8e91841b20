import type { WebContentsApi } from './electron-api';

/**
 * The kiosk page never leaves itself: every navigation a page starts (links, `location`, form posts,
 * redirects, in any frame) is cancelled, `window.open` and links with a target are denied, and
 * `<webview>` is refused. The shell's own `loadURL` (first load, reload after a crash) does not pass
 * through these events. Installed on every WebContents the app creates, not only the kiosk windows.
 */
export function guardNavigation(contents: WebContentsApi): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
