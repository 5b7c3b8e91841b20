import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Debian's Chromium, where the demo opens the kiosk. */
const CHROMIUM = process.env.CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';

export interface KioskBrowserOptions {
  readonly kioskUrl: string;
  readonly demoPanelUrl: string;
  /** The .y4m clip the fake camera plays; without one Chromium shows its own test pattern. */
  readonly cameraClip: string | undefined;
  readonly profileDir: string;
}

/** Whether this machine has a screen to open a window on (and the browser to open it with). */
export function canOpenKioskWindow(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OQS_DEMO_BROWSER === '0') return false;
  return (env.DISPLAY !== undefined && env.DISPLAY !== '') || (env.WAYLAND_DISPLAY !== undefined && env.WAYLAND_DISPLAY !== '') ? existsSync(CHROMIUM) : false;
}

/**
 * The demo's kiosk window: Chromium with the fake camera playing the demo clip (permission granted,
 * as the facility's kiosk grants it to its own page), voice guidance allowed to start without a tap,
 * the kiosk and the demo panel side by side. Its own profile folder, so nothing mixes with a user's.
 */
export function openKioskWindow(options: KioskBrowserOptions): ChildProcess {
  const args = [
    `--user-data-dir=${options.profileDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--autoplay-policy=no-user-gesture-required',
    // Chromium's own sandbox cannot start as root (the first `npm start` may run as root); as any other user it stays on.
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    '--use-fake-ui-for-media-stream',
    ...(options.cameraClip === undefined ? [] : ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${options.cameraClip}`]),
    '--new-window',
    options.kioskUrl,
    options.demoPanelUrl,
  ];
  const browser = spawn(CHROMIUM, args, { stdio: 'ignore', detached: false });
  browser.on('error', () => undefined);
  return browser;
}

export function kioskBrowserProfile(dataDir: string): string {
  return join(dataDir, 'demo', 'chromium-profile');
}
