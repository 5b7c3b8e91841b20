import * as electron from 'electron';
import { fileURLToPath } from 'node:url';
import { startReceptionTerminal } from '../../terminal/reception-terminal';
import { runKioskShell } from './kiosk-shell';
import { loadShellConfig, parseShellArguments } from './shell-config';

// The Electron main process entry, bundled to dist/electron/main.js beside preload.js, with the kiosk
// renderer in dist/renderer/kiosk/. It only wires: the real Electron module, the bundle's paths, and
// terminal/ started from the configuration this machine was given. Nothing is awaited before
// runKioskShell, which must register the app scheme before Electron is ready.

const log = (code: string, detail: string): void => void process.stderr.write(`kiosk [${code}] ${detail}\n`);

void runKioskShell(electron, {
  preloadPath: fileURLToPath(new URL('./preload.js', import.meta.url)),
  rendererDir: fileURLToPath(new URL('../renderer/kiosk/', import.meta.url)),
  startTerminal: async () => startReceptionTerminal(await loadShellConfig(parseShellArguments(process.argv.slice(1), process.env)), { log }),
  log,
});
