import * as electron from 'electron';
import { fileURLToPath } from 'node:url';
import { loadServerConfig } from '../../terminal/config';
import { startReceptionTerminal } from '../../terminal/reception-terminal';
import { startTerminalServer } from '../../terminal/terminal-server';
import { runKioskShell } from './kiosk-shell';
import { loadShellConfig, parseShellArguments } from './shell-config';

// The Electron main process entry, bundled to dist/electron/main.js beside preload.js, with the
// renderers in dist/renderer/. It only wires: the real Electron module, the bundle's paths, and
// terminal/ started from the configuration this machine was given — the kiosks as windows of this app,
// the staff console served over HTTP for staff browsers (OQS_TERMINAL_HOST / OQS_TERMINAL_PORT;
// loopback and 8300 by default). Nothing is awaited before runKioskShell, which must register the app
// scheme before Electron is ready.

const log = (code: string, detail: string): void => void process.stderr.write(`kiosk [${code}] ${detail}\n`);

void runKioskShell(electron, {
  preloadPath: fileURLToPath(new URL('./preload.js', import.meta.url)),
  rendererDir: fileURLToPath(new URL('../renderer/kiosk/', import.meta.url)),
  startTerminal: async () => {
    const terminal = await startReceptionTerminal(await loadShellConfig(parseShellArguments(process.argv.slice(1), process.env)), { log });
    try {
      const server = { ...loadServerConfig(process.env), rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)) };
      const console = await startTerminalServer(terminal, server, { serveKiosks: false });
      log('CONSOLE_SERVED', `職員用画面 / staff console: ${console.baseUrl}/console/login/`);
      if (console.firstAdministrator.created) {
        // Printed this once: only its hash is kept. It must be changed at the first login.
        log('FIRST_ADMINISTRATOR', `${console.firstAdministrator.login} ワンタイムパスワード / one-time password: ${console.firstAdministrator.oneTimePassword}`);
      }
      return {
        kiosks: terminal.kiosks,
        stop: async () => {
          await console.stop();
          await terminal.stop();
        },
      };
    } catch (error) {
      await terminal.stop();
      throw error;
    }
  },
  log,
});
