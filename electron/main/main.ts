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
    // The kiosks run even when the console cannot be served (port taken, a host that is not loopback).
    const staffServer = await startTerminalServer(terminal, { ...loadServerConfig(process.env), rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)) }, { serveKiosks: false }).catch(
      (error: unknown) => {
        const code = error instanceof Error && 'code' in error ? String(error.code) : 'CONSOLE_NOT_SERVED';
        log(code, `職員用画面を開けません / the staff console is not served: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      },
    );
    if (staffServer !== undefined) {
      log('CONSOLE_SERVED', `職員用画面 / staff console: ${staffServer.baseUrl}/console/login/`);
      if (staffServer.firstAdministrator.created) {
        // Printed this once: only its hash is kept. It must be changed at the first login.
        log('FIRST_ADMINISTRATOR', `${staffServer.firstAdministrator.login} ワンタイムパスワード / one-time password: ${staffServer.firstAdministrator.oneTimePassword}`);
      }
    }
    return {
      kiosks: terminal.kiosks,
      stop: async () => {
        await staffServer?.stop();
        await terminal.stop();
      },
    };
  },
  log,
});
