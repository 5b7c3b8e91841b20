import { fileURLToPath } from 'node:url';
import { loadServerConfig } from './config';
import { resolve } from 'node:path';
import { startDemoStack } from './demo/demo-stack';
import { canOpenKioskWindow, kioskBrowserProfile, openKioskWindow } from './demo/kiosk-browser';

/**
 * `npm start`: the whole product on embedded defaults (demo). Prints where the kiosk is served and how
 * to put a fixture person's card on a reader; stops cleanly on Ctrl-C or SIGTERM.
 */
async function main(): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const stack = await startDemoStack(root, loadServerConfig());
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say('受付端末を起動しました / terminal running');
  say(`  受付画面 / kiosk: ${stack.kioskUrl}`);
  for (const url of stack.kioskUrls.slice(1)) say(`  受付画面 / kiosk: ${url}`);
  say(`  デモ操作パネル / demo panel: ${stack.demoPanelUrl}`);
  say(`  職員画面 / staff console: ${stack.consoleUrl}`);
  if (stack.firstAdministrator.created) {
    // Printed this once: only its hash is kept. It must be changed at the first login.
    say(`  初回の管理者 / first administrator: ${stack.firstAdministrator.login}`);
    say(`    ワンタイムパスワード / one-time password: ${stack.firstAdministrator.oneTimePassword}`);
    say('    （この一度だけ表示します。初回ログインで変更してください / shown this once; change it at the first login）');
  }
  const browser = canOpenKioskWindow()
    ? openKioskWindow({ kioskUrl: stack.kioskUrl, demoPanelUrl: stack.demoPanelUrl, cameraClip: stack.cameraClip, profileDir: kioskBrowserProfile(resolve(root, 'data')) })
    : undefined;
  if (browser === undefined) say('  画面がないため、上の URL をブラウザで開いてください / no display: open the URLs above in a browser');
  if (stack.readersAvailable) {
    say('  カードを置く / insert a card: npx tsx device/virtual-card/cli.ts insert shiken-taro --reader 0');
    say('  カードを取る / remove it:     npx tsx device/virtual-card/cli.ts remove --reader 0');
  } else {
    say('  PC/SC が使えません / no PC/SC on this machine: the kiosks wait without readers (run scripts/setup)');
  }
  say('  終了 / stop: Ctrl-C');

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: 終了します / stopping`);
    browser?.kill('SIGTERM');
    stack.stop().then(
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
