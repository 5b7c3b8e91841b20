import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; playwright-core never downloads a browser of its own here. */
export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_EXECUTABLE ?? '/usr/bin/chromium';

/** Flags for a closed, display-less machine: no background traffic, no GPU, no first-run UI. */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** Chromium's fake camera: real getUserMedia frames read from a .y4m file, permission pre-granted. */
export function fakeCameraFlags(y4mPath: string): string[] {
  return [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-video-capture=${y4mPath}`,
  ];
}

export interface LaunchOptions {
  /** A .y4m file the fake camera plays in a loop. */
  fakeCamera?: string;
}

export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const runningAsRoot = process.getuid?.() === 0;
  return chromium.launch({
    executablePath: CHROMIUM_EXECUTABLE,
    headless: true,
    // Chromium's own sandbox cannot start as root; as any other user it stays on.
    chromiumSandbox: !runningAsRoot,
    args: [...CHROMIUM_FLAGS, ...(options.fakeCamera ? fakeCameraFlags(options.fakeCamera) : [])],
  });
}
