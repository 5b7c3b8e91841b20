import { loadServerConfig } from './config';
import { startTerminalServer } from './http/terminal-server';

/**
 * `npm start`: the terminal on embedded defaults (demo). Prints where the kiosk is served and
 * stops cleanly on Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const config = loadServerConfig();
  const server = await startTerminalServer(config);
  process.stdout.write(`受付端末を起動しました / terminal running\n`);
  process.stdout.write(`  受付画面 / kiosk: ${server.url}\n`);
  process.stdout.write(`  終了 / stop: Ctrl-C\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: 終了します / stopping\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = error instanceof Error && 'code' in error ? String(error.code) : 'TERMINAL_START_FAILED';
  process.stderr.write(`受付端末を起動できません / the terminal could not start [${code}]: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
